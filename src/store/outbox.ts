import { LEAD_ID_PLACEHOLDER, requestUrl, type Dispatched, type OutboundRequest } from '../core/dispatcher.js';
import { RechatError } from '../core/errors.js';
import { leadFromReply } from '../core/leads.js';
import { identifyPendingCapture, resolvePendingCapture } from '../core/tracking-id.js';
import { httpError, isRetryable, isSuccess, sendRequest, type ApiReply } from '../core/transport.js';
import type { Lead } from '../core/types.js';
import { parseRetryAfter, retryDelay } from './backoff.js';
import { openIdbStore } from './idb-store.js';
import { withLock } from './lock.js';
import { MemoryStore } from './memory-store.js';
import type { OutboxRecord, RecordStore } from './record.js';

/** How much the outbox keeps. */
export const outboxLimits = {
  /** Activity records kept at most; beyond it the oldest activities are dropped. Leads never are. */
  activityCap: 5_000,
  /** Records are kept at least this long (30 days); older ones are dropped, with an event. */
  maxAgeMs: 30 * 24 * 3600_000,
};
// fetch keepalive bodies share a 64 KiB budget per page; keep clear of it.
const KEEPALIVE_BUDGET = 60_000;
const LOCK = 'rechat-sdk-outbox';

/** What the outbox reports, as `CustomEvent`s on every Sdk of the page (and of the origin's other tabs). */
export interface OutboxEventMap {
  /** A request could not be sent now; it is saved and will be sent automatically. */
  queued: CustomEvent<{ record: OutboxRecord }>;
  /** A queued request reached the API; for captures, `lead` is the lead it created. */
  delivered: CustomEvent<{ record: OutboxRecord; reply: ApiReply; lead?: Lead }>;
  /** The API refused a request for good (a 4xx other than 408/429); it is kept in the failed store. */
  failed: CustomEvent<{ record: OutboxRecord; error: RechatError }>;
  /** A request was dropped unsent: too old, or beyond the activity cap. */
  dropped: CustomEvent<{ record: OutboxRecord; reason: 'expired' | 'cap' | 'orphaned' }>;
}

type Outcome = { resolve(value: Dispatched): void; reject(error: unknown): void };
/** New records on their way into the store; `saving` once a transaction writing them has begun. */
type Batch = { records: OutboxRecord[]; saving: boolean };

// How long a flush that carries new records may wait for the lock before they are saved without it.
const LOCK_WAIT_MS = 100;
type Message = { type: keyof OutboxEventMap; detail: any };

/**
 * A random UUID. `crypto.randomUUID` exists only in secure contexts, and plenty of
 * real-estate sites still serve plain http; `getRandomValues` works everywhere.
 */
export function newId(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return Array.from(bytes, (b) => (b | 256).toString(16).slice(1))
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

let seqFloor = 0;
/** A send-order stamp, increasing within the page and comparable across tabs. */
function nextSeq(): number {
  seqFloor = Math.max(seqFloor + 0.001, performance.timeOrigin + performance.now());
  return seqFloor;
}

/**
 * The page's outbox: every capture, activity and assignment is saved here before it is
 * sent and removed only after a 2xx answer. One per page, shared by every Sdk; one tab of
 * the origin sends at a time, and the others hear the outcomes.
 */
export class Outbox extends EventTarget {
  #store: Promise<RecordStore>;
  readonly #outcomes = new Map<string, Outcome>();
  /** What this page knows is pending: the pagehide flush can only work from memory. */
  readonly #known = new Map<string, OutboxRecord>();
  #batch: OutboxRecord[] = [];
  #batchSaved?: Promise<unknown>;
  #flushing?: Promise<void>;
  #again = false;
  #timer?: ReturnType<typeof setTimeout>;
  readonly #channel?: BroadcastChannel;

  constructor(store: Promise<RecordStore> = openStore()) {
    super();
    this.#store = store;
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(LOCK);
      this.#channel.onmessage = ({ data }: MessageEvent<Message>) => this.#hear(data);
    }
    const page = globalThis as typeof globalThis & Partial<Window>;
    page.addEventListener?.('online', () => this.flush());
    page.addEventListener?.('pagehide', () => this.#lastChance());
    page.document?.addEventListener('visibilitychange', () => {
      if (page.document!.visibilityState === 'hidden') this.flush(true);
    });
    // What earlier pages left unsent goes now.
    setTimeout(() => this.flush());
  }

  /** Whether records survive the page (IndexedDB), or live in memory only. */
  async persistent(): Promise<boolean> {
    return (await this.#store).persistent;
  }

  /** Every pending record, oldest first. */
  async pending(): Promise<OutboxRecord[]> {
    return (await this.#store).all();
  }

  /**
   * Saves the request, then tries to send it. Resolves `sent` with the 2xx answer, or
   * `queued` once it is safely kept for later; rejects when the API refuses it for good.
   */
  async dispatch(request: OutboundRequest, timeoutMs: number): Promise<Dispatched> {
    const record: OutboxRecord = {
      ...request,
      id: newId(),
      seq: nextSeq(),
      createdAt: Date.now(),
      attempts: 0,
      notBefore: 0,
      timeoutMs,
    };
    const outcome = new Promise<Dispatched>((resolve, reject) => this.#outcomes.set(record.id, { resolve, reject }));
    // Calls made together are saved together: one transaction for the lot.
    this.#batch.push(record);
    this.#batchSaved ??= Promise.resolve().then(() => this.#saveBatch());
    try {
      await this.#batchSaved;
    } catch (cause) {
      this.#outcomes.delete(record.id);
      throw new RechatError('storage', 'The request could not be saved', { cause });
    }
    if (globalThis.navigator?.onLine === false) this.#defer(record);
    // Never leave the caller waiting on a lock another tab holds for long.
    setTimeout(() => this.#defer(record), timeoutMs + 1000);
    return outcome;
  }

  async #saveBatch() {
    const batch: Batch = { records: this.#batch, saving: false };
    this.#batch = [];
    this.#batchSaved = undefined;
    for (const r of batch.records) this.#known.set(r.id, r);
    if (globalThis.navigator?.onLine !== false && !this.#flushing) {
      // The flush that sends them saves them, in the transaction that reads the outbox under
      // the lock: a round trip less per capture. Should the lock be slow to come (another
      // tab is sending), they are saved at once instead. Nothing is sent before it is saved.
      const slow = setTimeout(() => this.#save(batch), LOCK_WAIT_MS);
      this.#startFlush(false, batch).finally(() => {
        clearTimeout(slow);
        this.#save(batch);
      });
      return;
    }
    await this.#save(batch);
    if (globalThis.navigator?.onLine !== false) this.flush();
  }

  /** Saves a batch unless that has begun; resolves with every pending record after it. */
  async #save(batch: Batch): Promise<OutboxRecord[] | undefined> {
    if (batch.saving) return undefined;
    batch.saving = true;
    let all: OutboxRecord[];
    try {
      all = await (await this.#store).add(batch.records);
    } catch (error) {
      // Quota or a store that broke after opening: keep going in memory, and say so once.
      warnMemoryOnly(error);
      const memory = new MemoryStore();
      this.#store = Promise.resolve(memory);
      all = await memory.add(batch.records);
    }
    if (all.length <= outboxLimits.activityCap) return all;
    await this.#enforceCap();
    return (await this.#store).all();
  }

  async #enforceCap() {
    const store = await this.#store;
    const activities = (await store.all()).filter((r) => r.kind === 'activity');
    const excess = activities.slice(0, Math.max(0, activities.length - outboxLimits.activityCap));
    if (!excess.length) return;
    await store.remove(excess.map((r) => r.id));
    for (const record of excess) this.#finish(record, 'dropped', { record, reason: 'cap' });
  }

  /**
   * Sends what is due, in order, one tab at a time. `lastChance` (the page is being
   * hidden) sends with keepalive and does not wait out the SDK's own backoff.
   */
  flush(lastChance = false): Promise<void> {
    return this.#startFlush(lastChance);
  }

  #startFlush(lastChance: boolean, batch?: Batch): Promise<void> {
    if (this.#flushing) {
      // Resolve after the pass that this call asked for, not the one already running.
      this.#again = true;
      return this.#flushing.then(() => this.#flushing);
    }
    clearTimeout(this.#timer);
    let wake = Infinity;
    this.#flushing = withLock(LOCK, async () => {
      do {
        this.#again = false;
        wake = await this.#deliver(lastChance, batch);
        batch = undefined;
      } while (this.#again);
    })
      .catch((error) => console.error('[rechat-sdk] outbox:', error))
      .finally(() => {
        this.#flushing = undefined;
        // A flush asked for after the last pass read the store, but before this point,
        // found #flushing still set: it gets its pass now.
        if (this.#again) this.flush(lastChance);
        // The backoff timer: wake when the earliest waiting record is due.
        else if (wake < Infinity) this.#timer = setTimeout(() => this.flush(), Math.max(0, wake - Date.now()));
      });
    return this.#flushing;
  }

  /** One pass over the outbox. Returns when the earliest record left waiting is due. */
  async #deliver(lastChance: boolean, batch?: Batch): Promise<number> {
    const records = (batch && (await this.#save(batch))) || (await (await this.#store).all());
    const store = await this.#store;
    const now = Date.now();
    const blockedLanes = new Set<string>();
    const leadsNow = new Map<string, string>();
    const pendingIds = new Set(records.map((r) => r.id));
    let done: string[] = [];
    let doneLeads: Array<[string, string]> = [];
    const removals: Array<Promise<void>> = [];
    // Delivered records are removed in small batches that overlap the next sends: a page
    // that dies mid-flush sends again only the last few.
    const removeDone = () => {
      removals.push(store.remove(done, doneLeads));
      done = [];
      doneLeads = [];
    };
    let keepaliveBytes = 0;
    // Only records that wait out a backoff set the wake time: those held behind another
    // record wake with it, and an API found down is tried again with its first record.
    let wake = Infinity;
    // An API that did not answer at all is down for the rest of this pass; others are not.
    const down = new Set<string>();

    for (const record of records) {
      this.#known.set(record.id, record);
      const lane = laneOf(record);
      if (now - record.createdAt > outboxLimits.maxAgeMs) {
        done.push(record.id);
        this.#finish(record, 'dropped', { record, reason: 'expired' });
        continue;
      }
      const waiting = record.notBefore > now && (!lastChance || record.serverDelay);
      if (waiting) wake = Math.min(wake, record.notBefore);
      if (down.has(record.apiUrl) || blockedLanes.has(lane) || waiting || (record.awaitsCapture && pendingIds.has(record.awaitsCapture))) {
        blockedLanes.add(lane);
        this.#defer(record);
        continue;
      }
      if (record.awaitsCapture) {
        const leadId = leadsNow.get(record.awaitsCapture) ?? (await store.leadOf(record.awaitsCapture));
        if (!leadId) {
          // Its capture failed for good: there is no timeline to put it on.
          done.push(record.id);
          this.#finish(record, 'dropped', { record, reason: 'orphaned' });
          continue;
        }
        record.path = record.path.replace(LEAD_ID_PLACEHOLDER, encodeURIComponent(leadId));
        delete record.awaitsCapture;
      }

      const body = JSON.stringify(record.body);
      keepaliveBytes += body.length;
      let reply: ApiReply;
      try {
        reply = await sendRequest(
          { method: record.method, url: requestUrl(record), body: record.body },
          { timeoutMs: record.timeoutMs, keepalive: lastChance && keepaliveBytes < KEEPALIVE_BUDGET },
        );
      } catch {
        down.add(record.apiUrl);
        wake = Math.min(wake, await this.#retry(store, record));
        continue;
      }
      pendingIds.delete(record.id);
      if (isSuccess(reply.status)) {
        done.push(record.id);
        const lead = record.kind === 'lead' ? leadFromReply(reply, record) : undefined;
        if (lead?.id) {
          leadsNow.set(record.id, lead.id);
          doneLeads.push([record.id, lead.id]);
          if (record.identify) resolvePendingCapture(record.identify, record.id, lead.id);
        }
        this.#finish(record, 'delivered', { record, reply, lead });
        if (done.length >= 20) removeDone();
      } else if (isRetryable(reply.status)) {
        blockedLanes.add(lane);
        wake = Math.min(wake, await this.#retry(store, record, reply));
      } else {
        const error = httpError(reply);
        await store.fail({ ...record, failedAt: Date.now(), error: { message: error.message, status: reply.status } });
        this.#finish(record, 'failed', { record, error });
      }
    }
    // Before the lock is released, so that the next sender never sees a delivered record.
    if (done.length) removeDone();
    await Promise.all(removals);
    return wake;
  }

  /** Puts a record back to wait out its backoff; returns when it is due. */
  async #retry(store: RecordStore, record: OutboxRecord, reply?: ApiReply): Promise<number> {
    const retryAfterMs = parseRetryAfter(reply?.retryAfter);
    record.notBefore = Date.now() + retryDelay(record.attempts, retryAfterMs);
    record.serverDelay = retryAfterMs !== undefined;
    record.attempts++;
    await store.put(record);
    this.#defer(record);
    return record.notBefore;
  }

  /** Tells a waiting caller its request is kept for later. */
  #defer(record: OutboxRecord) {
    const outcome = this.#outcomes.get(record.id);
    if (!outcome) return;
    this.#outcomes.delete(record.id);
    if (record.kind === 'lead' && record.identify) identifyPendingCapture(record.identify, record.id);
    outcome.resolve({ state: 'queued', recordId: record.id });
    this.#emit('queued', { record });
  }

  /** A record is settled for good: tell this page's callers and listeners, and the other tabs. */
  #finish(record: OutboxRecord, type: 'delivered' | 'failed' | 'dropped', detail: any) {
    // Sent at once to a caller still waiting: no queued record was delivered, nothing to report.
    const sentAtOnce = type === 'delivered' && this.#outcomes.has(record.id);
    this.#settle({ type, detail });
    if (sentAtOnce) return;
    const { error } = detail as { error?: RechatError };
    try {
      this.#channel?.postMessage({
        type,
        detail: error ? { ...detail, error: { message: error.message, status: error.status, body: error.body } } : detail,
      });
    } catch {
      // Opaque origins refuse to broadcast: there are no other tabs sharing this outbox to tell.
    }
  }

  #hear(message: Message) {
    if (message.detail.error) {
      const { message: text, status, body } = message.detail.error;
      message.detail.error = new RechatError('http', text, { status, body });
    }
    this.#settle(message);
  }

  #settle({ type, detail }: Message) {
    const { record } = detail as { record: OutboxRecord };
    this.#known.delete(record.id);
    const outcome = this.#outcomes.get(record.id);
    this.#outcomes.delete(record.id);
    // `delivered` reports queued records only; a caller still waiting just gets its answer.
    if (type === 'delivered' && outcome) return outcome.resolve({ state: 'sent', reply: detail.reply });
    if (type === 'failed') outcome?.reject(detail.error);
    else outcome?.resolve({ state: 'queued', recordId: record.id });
    this.#emit(type, detail);
  }

  #emit(type: keyof OutboxEventMap, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * The page is going away: nothing asynchronous will finish, so send what this page knows
   * is pending at once, with keepalive. The answers are never read, so these records are
   * sent again by the next page: at least once, never lost.
   */
  #lastChance() {
    let bytes = 0;
    for (const record of this.#known.values()) {
      if (record.awaitsCapture || (record.serverDelay && record.notBefore > Date.now())) continue;
      bytes += JSON.stringify(record.body).length;
      if (bytes > KEEPALIVE_BUDGET) break;
      sendRequest({ method: record.method, url: requestUrl(record), body: record.body }, { keepalive: true }).catch(() => undefined);
    }
  }
}

/** The lane of a record: records of one lead are sent in order; other leads do not wait for them. */
function laneOf(record: OutboxRecord): string {
  return record.awaitsCapture ?? /^\/leads\/([^/]+)\/(timeline|assignees)$/.exec(record.path)?.[1] ?? record.id;
}

let warned = false;
function warnMemoryOnly(error: unknown) {
  if (warned) return;
  warned = true;
  console.warn('[rechat-sdk] No IndexedDB: unsent requests are kept in memory only, lost if the page closes.', error);
}

async function openStore(): Promise<RecordStore> {
  try {
    return await openIdbStore();
  } catch (error) {
    warnMemoryOnly(error);
    return new MemoryStore();
  }
}

const PAGE_OUTBOX = Symbol.for('rechat-sdk.outbox');

/**
 * The page's one outbox, made on first use. Kept on a global symbol, so that two copies of
 * the SDK on one page (a script tag and a bundle) still share it.
 */
export function pageOutbox(): Outbox {
  const page = globalThis as typeof globalThis & { [PAGE_OUTBOX]?: Outbox };
  return (page[PAGE_OUTBOX] ??= new Outbox());
}
