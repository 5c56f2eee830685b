import { requestUrl, LEAD_ID_PLACEHOLDER, type Dispatched, type OutboundRequest } from '../core/dispatcher.js';
import { RechatError } from '../core/errors.js';
import { randomId } from '../core/random-id.js';
import { isPlainObject } from '../core/input.js';
import { replyLeadId } from '../core/leads.js';
import { httpError, isRetryable, isSuccess, sendRequest, type ApiReply, type ApiRequest } from '../core/transport.js';
import { mayHaveRecords, openIdbStore } from './idb-store.js';
import { withLock } from './lock.js';
import { MemoryStore } from './memory-store.js';
import { pickForPageExit } from './page-exit.js';
import { planPass, overActivityCap, type Step } from './planner.js';
import { DEFAULT_LIMITS, DEFAULT_RETRY, parseRetryAfter, retryDelay, type OutboxLimits, type RetryPolicy } from './policy.js';
import type { DeliveredRecord, FailedRecord, OutboxRecord, RecordPlace, RecordStore } from './record.js';
import { Relay, type RelayMessage } from './relay.js';

/** What the outbox reports, as `CustomEvent`s on itself and on every Sdk of the page (and of the origin's other tabs). */
export interface OutboxEventMap {
  /** A request could not be sent now; it is saved and will be sent automatically. */
  queued: CustomEvent<{ record: OutboxRecord }>;
  /** A queued request reached the API (requests sent at once resolve their call instead). */
  delivered: CustomEvent<{ record: OutboxRecord; reply: ApiReply }>;
  /** The API refused a request for good (a 4xx other than 408/429); it is kept in the failed store. */
  failed: CustomEvent<{ record: OutboxRecord; error: RechatError }>;
  /**
   * A request was dropped unsent: too old (`expired`, also failed records after 30 days),
   * beyond the activity cap (`cap`), an activity whose capture failed (`orphaned`), or
   * removed by {@link Outbox.discard} (`discarded`).
   */
  dropped: CustomEvent<{ record: OutboxRecord; reason: 'expired' | 'cap' | 'orphaned' | 'discarded' }>;
}

/** The settings of an {@link Outbox}; every one is optional. */
export interface OutboxOptions {
  limits?: Partial<OutboxLimits>;
  retry?: Partial<RetryPolicy>;
  /** Keep records in IndexedDB (default `true`), or in memory only; see {@link Outbox.setPersistence}. */
  persistent?: boolean;
  /** The Web Lock and BroadcastChannel name: outboxes of one name share their work across tabs. */
  name?: string;
  /** Opens the persistent store (default: IndexedDB). */
  openStore?: () => Promise<RecordStore>;
}

/** The settings of one {@link Outbox.dispatch}. */
export interface DispatchOptions {
  /** Give up on one attempt after this long. */
  timeoutMs: number;
  /**
   * The request's idempotency key, when the caller has one (default: a new UUID). A
   * dispatch whose id is already pending resolves `queued`, and one already delivered
   * resolves `sent` with `repeat: true`; neither sends anything again.
   */
  id?: string;
}

type EventType = keyof OutboxEventMap;
type Outcome = { resolve(value: Dispatched): void; reject(error: unknown): void };
/** New records on their way into the store; `saving` once a transaction writing them has begun. */
type Batch = { records: OutboxRecord[]; saving: boolean };
/** How a pass sends: `leaving` (page hidden) with keepalive; both ignore the SDK's own backoff. Flags are true or absent. */
type PassMode = { leaving?: true; ignoreBackoff?: true };
type Subscription = { holder: WeakRef<object>; deliver(holder: object, type: EventType, detail: any): void };

// How long a flush that carries new records may wait for the lock before they are saved without it.
const LOCK_WAIT_MS = 100;
/** The outcome of dispatching an id that was delivered before: nothing is sent again. */
const repeat = (): Dispatched => ({ state: 'sent', reply: { status: 200, body: null }, repeat: true });
// Delivered records are removed in small batches that overlap the next sends.
const REMOVE_EVERY = 20;
const HEADER_APIS = 'idempotency-header-apis';

/** A random UUID: a record's id and idempotency key (one function with the visitor phase's ids). */
export { randomId as newId } from '../core/random-id.js';

let seqFloor = 0;
/** A send-order stamp, increasing within the page and comparable across tabs. */
function nextSeq(): number {
  seqFloor = Math.max(seqFloor + 0.001, performance.timeOrigin + performance.now());
  return seqFloor;
}

/**
 * The request as it goes on the wire: the record's id is its idempotency key, in a
 * capture's body (`idempotency_key`, which Rechat's webhook keeps with the raw payload)
 * and, for an API known to take it, in the `Idempotency-Key` header.
 */
export function wireRequest(record: OutboxRecord, withHeader: boolean): ApiRequest {
  const body = record.kind === 'lead' && isPlainObject(record.body) ? { ...record.body, idempotency_key: record.id } : record.body;
  const request: ApiRequest = { method: record.method, url: requestUrl(record), body };
  if (withHeader || record.idempotencyHeader) request.idempotencyKey = record.id;
  return request;
}

type Drop = { record: OutboxRecord; announce(): void };

/**
 * Removes records dropped unsent and announces those this call removed; resolves with
 * them. A record another pass or tab removed first is announced by that one, not twice.
 */
async function removeThenAnnounce(store: RecordStore, drops: Drop[]): Promise<OutboxRecord[]> {
  const removed = new Set(await store.remove(drops.map((d) => d.record.id)));
  const gone = drops.filter((d) => removed.has(d.record.id));
  for (const drop of gone) drop.announce();
  return gone.map((d) => d.record);
}

/**
 * What one pass has found out so far: which records settled, which lanes and APIs are
 * held back, the lead ids of captures delivered in it, and what to remove from the store.
 */
class PassLedger {
  readonly leadIds = new Map<string, string>();
  /** Lanes whose record failed in this pass: what follows in them waits. */
  readonly failedLanes = new Set<string>();
  /** APIs that did not answer at all in this pass. */
  readonly downApis = new Set<string>();
  /** Records dropped in this pass, announced once this pass has removed them. */
  readonly #dropped: Drop[] = [];
  wake = Infinity;
  readonly #unsettled: Set<string>;
  /**
   * Per API not known to take the header, its pending captures: their bodies carry their
   * keys, and their replies teach whether the header may be sent. Until one has settled,
   * activities and assignments to that API (keyed by the header only) wait.
   */
  readonly #teachers = new Map<string, Set<string>>();
  readonly #heldForLearning = new Set<string>();
  readonly #knowsHeader: (record: OutboxRecord) => boolean;
  #done: DeliveredRecord[] = [];
  #announce: Array<() => void> = [];
  readonly #removals: Array<Promise<unknown>> = [];
  #keepaliveBytes = 0;

  constructor(records: readonly OutboxRecord[], knowsHeader: (record: OutboxRecord) => boolean) {
    this.#knowsHeader = knowsHeader;
    this.#unsettled = new Set(records.map((r) => r.id));
    for (const r of records) {
      if (r.kind === 'lead' && !knowsHeader(r)) this.#teachers.set(r.apiUrl, (this.#teachers.get(r.apiUrl) ?? new Set()).add(r.id));
    }
  }

  /** Whether a due record must still wait in this pass (and hold back the rest of its lane). */
  holdsBack(record: OutboxRecord, lane: string): boolean {
    if (record.kind !== 'lead' && this.#teachers.get(record.apiUrl)?.size && !this.#knowsHeader(record)) {
      this.#heldForLearning.add(record.apiUrl);
      return true;
    }
    const held =
      this.failedLanes.has(lane) ||
      this.downApis.has(record.apiUrl) ||
      (record.awaitsCapture !== undefined && this.#unsettled.has(record.awaitsCapture));
    if (held) this.failedLanes.add(lane);
    return held;
  }

  settle(record: OutboxRecord): void {
    this.#unsettled.delete(record.id);
    this.#teachers.get(record.apiUrl)?.delete(record.id);
  }

  /**
   * A record reached the API: remembered as delivered, and removed from the store in
   * small batches that overlap the next sends (a page that dies mid-pass resends few).
   * `announce` runs once its removal is committed, so that whoever hears of the delivery
   * no longer finds the record pending.
   */
  delivered(record: OutboxRecord, leadId: string | null, store: RecordStore, announce?: () => void): void {
    this.settle(record);
    if (leadId) this.leadIds.set(record.id, leadId);
    this.#done.push(leadId ? { id: record.id, at: Date.now(), leadId } : { id: record.id, at: Date.now() });
    if (announce) this.#announce.push(announce);
    if (this.#done.length >= REMOVE_EVERY) this.#removeDone(store);
  }

  /** A record is dropped unsent: `announce` runs if this pass is the one that removes it. */
  dropped(record: OutboxRecord, announce: () => void): void {
    this.settle(record);
    this.#dropped.push({ record, announce });
  }

  wakeAt(time: number): void {
    this.wake = Math.min(this.wake, time);
  }

  /** Counts a keepalive body against the page's budget; false once it no longer fits. */
  fitsKeepalive(bytes: number, budget: number): boolean {
    this.#keepaliveBytes += bytes;
    return this.#keepaliveBytes < budget;
  }

  /** Whether records held back for header knowledge may go now (their API's captures settled). */
  learnedSince(): boolean {
    return [...this.#heldForLearning].some((api) => !this.#teachers.get(api)?.size);
  }

  /** Removes what was delivered and dropped; resolves once the store has. */
  async removeAll(store: RecordStore): Promise<void> {
    if (this.#done.length) this.#removeDone(store);
    if (this.#dropped.length) this.#removals.push(removeThenAnnounce(store, this.#dropped));
    await Promise.all(this.#removals);
  }

  #removeDone(store: RecordStore) {
    const announce = this.#announce;
    const announceAll = () => announce.forEach((run) => run());
    // Announced even if the removal failed: the record did reach the API (a later pass
    // sends it again with its key, and the API answers without creating it twice).
    this.#removals.push(store.delivered(this.#done).then(announceAll, announceAll));
    this.#done = [];
    this.#announce = [];
  }
}

/**
 * The page's outbox: every capture, activity and assignment is saved here before it is
 * sent and removed only after a 2xx answer. One tab of the origin sends at a time (Web
 * Locks) and tells the others the outcomes ({@link Relay}); what to send, wait for or drop
 * is decided by {@link planPass}; the page-exit send by {@link pickForPageExit}.
 */
export class Outbox extends EventTarget {
  readonly #limits: OutboxLimits;
  readonly #retryPolicy: RetryPolicy;
  readonly #name: string;
  readonly #openPersistent: () => Promise<RecordStore>;
  #persistent: boolean;
  #store?: Promise<RecordStore>;
  /** The IndexedDB store left when persistence was turned off: captures there may be awaited by records kept in memory. */
  #left?: RecordStore;
  readonly #relay: Relay;
  readonly #outcomes = new Map<string, Outcome>();
  /** This page's own undelivered records: what the page-exit send may send. */
  readonly #mine = new Map<string, OutboxRecord>();
  readonly #inFlight = new Set<string>();
  readonly #subscriptions = new Set<Subscription>();
  /** API base URLs known to take the `Idempotency-Key` header. */
  readonly #headerApis = new Set<string>();
  #batch: OutboxRecord[] = [];
  #batchSaved?: Promise<unknown>;
  #lookups?: { ids: string[]; found: Promise<Map<string, RecordPlace>> };
  #flushing?: Promise<void>;
  #again = false;
  #againMode: PassMode = {};
  #pruned = false;
  #timer?: ReturnType<typeof setTimeout>;
  #closed = false;
  readonly #unlisten: Array<() => void> = [];

  constructor(options: OutboxOptions = {}) {
    super();
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#retryPolicy = { ...DEFAULT_RETRY, ...options.retry };
    this.#name = options.name ?? 'rechat-sdk-outbox';
    this.#persistent = options.persistent ?? true;
    this.#openPersistent = options.openStore ?? openIdbStore;
    this.#relay = new Relay(this.#name, (message) => this.#settle(message));
    const page = globalThis as typeof globalThis & Partial<Window>;
    const listen = (target: EventTarget | undefined, type: string, listener: () => void) => {
      target?.addEventListener(type, listener);
      this.#unlisten.push(() => target?.removeEventListener(type, listener));
    };
    const win = typeof page.addEventListener === 'function' ? page : undefined;
    // Back online: what failed while the network was gone does not wait out that backoff.
    listen(win, 'online', () => this.flush({ now: true }));
    listen(win, 'pagehide', () => this.#pageExit());
    listen(page.document, 'visibilitychange', () => {
      if (page.document!.visibilityState === 'hidden') void this.#startFlush({ leaving: true });
    });
    // What earlier pages left unsent goes once the page is idle; nothing opens at load.
    const idle = page.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1));
    idle(() => this.flush());
  }

  /** Whether records survive the page (IndexedDB), or live in memory only. */
  async persistent(): Promise<boolean> {
    return (await this.#openStore()).persistent;
  }

  /**
   * Switches where records are kept, at run time (consent). `true`: the pending records
   * kept in memory are copied into IndexedDB, which keeps every later record. `false`: nothing
   * more is written to IndexedDB (records already there stay for a persistent page to
   * send); new records live in memory. An activity kept in memory whose capture is still in
   * IndexedDB waits for it (it is not dropped as orphaned). Without IndexedDB, `true` stays in memory.
   */
  async setPersistence(persistent: boolean): Promise<void> {
    if (persistent === this.#persistent) return;
    this.#persistent = persistent;
    await this.#batchSaved?.catch(() => undefined);
    await this.#flushing;
    const previous = this.#store;
    if (!persistent) {
      const from = await previous?.catch(() => undefined);
      // Kept open, not written to: an activity queued from now on may await a capture saved
      // there. A memory store (the only one there is, or made for a request sent while this
      // waited) stays, with what it holds.
      if (from?.persistent) {
        this.#left = from;
        if (this.#store === previous) this.#store = undefined;
      }
      return;
    }
    this.#store = undefined;
    const from = await previous?.catch(() => undefined);
    this.#left?.close();
    this.#left = undefined;
    const to = await this.#openStore();
    if (from && !from.persistent && to.persistent) await to.add(await from.all());
  }

  /** Every pending record, oldest first. */
  async pending(): Promise<OutboxRecord[]> {
    return (await this.#openStore()).all();
  }

  /** Records the API refused for good (kept 30 days), oldest first. */
  async failed(): Promise<FailedRecord[]> {
    return (await this.#openStore()).failed();
  }

  /** Puts a failed record back in the outbox, with its key, to be sent again now. False when there is no such record. */
  async retry(id: string): Promise<boolean> {
    const store = await this.#openStore();
    const failed = (await store.failed()).find((r) => r.id === id);
    if (!failed) return false;
    const { failedAt: _at, error: _error, ...record } = failed;
    await store.unfail(id, { ...record, attempts: 0, notBefore: 0, serverDelay: false });
    void this.flush();
    return true;
  }

  /** Forgets a failed record. False when there is no such record. */
  async discardFailed(id: string): Promise<boolean> {
    return Boolean(await (await this.#openStore()).unfail(id));
  }

  /**
   * Removes the pending records that `match` (for example every activity, keeping leads),
   * each with a `dropped` event of reason `discarded`; their callers resolve `queued`.
   * A record already on the wire may still arrive. Resolves with the records removed.
   */
  async discard(match: (record: OutboxRecord) => boolean): Promise<OutboxRecord[]> {
    await this.#batchSaved?.catch(() => undefined);
    const store = await this.#openStore();
    const drops = (await store.all()).filter(match).map((record) => ({
      record,
      announce: () => this.#finish(record, 'dropped', { record, reason: 'discarded' }),
    }));
    return removeThenAnnounce(store, drops);
  }

  /**
   * Receives every event of this outbox for as long as `holder` lives: the outbox holds
   * it weakly, so that an Sdk nobody uses any more is collected, not kept alive by its
   * listeners. `deliver` must not close over `holder` (it is handed back instead).
   */
  subscribe<T extends object>(holder: T, deliver: (holder: T, type: EventType, detail: any) => void): void {
    this.#subscriptions.add({ holder: new WeakRef(holder), deliver: deliver as Subscription['deliver'] });
  }

  /** Stops the events of {@link subscribe} to `holder`. */
  unsubscribe(holder: object): void {
    for (const s of this.#subscriptions) if (s.holder.deref() === holder) this.#subscriptions.delete(s);
  }

  /**
   * Saves the request, then tries to send it. Resolves `sent` with the 2xx answer, or
   * `queued` once it is safely kept for later; rejects when the API refuses it for good.
   */
  async dispatch(request: OutboundRequest, options: DispatchOptions): Promise<Dispatched> {
    const { id } = options;
    if (id) {
      let where: RecordPlace | undefined = 'pending';
      try {
        if (!this.#mine.has(id)) where = (await this.#lookUp(id)).get(id);
      } catch (cause) {
        // Not known to be new: the caller keeps it, to dispatch again later (a merge does).
        throw new RechatError('storage', 'The request could not be checked', { cause });
      }
      if (where === 'delivered') return repeat();
      // Checked after the await too: a dispatch of the same id may have begun meanwhile
      // (and nothing is awaited from here until this one is in #mine).
      if (where === 'pending' || this.#mine.has(id)) return { state: 'queued', recordId: id };
    }
    const record: OutboxRecord = {
      ...request,
      id: id ?? randomId(),
      seq: nextSeq(),
      createdAt: Date.now(),
      attempts: 0,
      notBefore: 0,
      timeoutMs: options.timeoutMs,
      ...(id && { givenId: true }),
    };
    const outcome = new Promise<Dispatched>((resolve, reject) => this.#outcomes.set(record.id, { resolve, reject }));
    this.#mine.set(record.id, record);
    // Calls made together are saved together: one transaction for the lot.
    this.#batch.push(record);
    this.#batchSaved ??= Promise.resolve().then(() => this.#saveBatch());
    try {
      await this.#batchSaved;
    } catch (cause) {
      this.#outcomes.delete(record.id);
      this.#mine.delete(record.id);
      throw new RechatError('storage', 'The request could not be saved', { cause });
    }
    return outcome;
  }

  /**
   * Where the stored record of this id is. Ids asked for together (a merge dispatches
   * hundreds at once) are looked up in one transaction.
   */
  #lookUp(id: string): Promise<Map<string, RecordPlace>> {
    if (!this.#lookups) {
      const ids: string[] = [];
      const found = Promise.resolve().then(async () => {
        this.#lookups = undefined;
        return (await this.#openStore()).whereAre(ids);
      });
      this.#lookups = { ids, found };
    }
    this.#lookups.ids.push(id);
    return this.#lookups.found;
  }

  async #saveBatch() {
    const batch: Batch = { records: this.#batch, saving: false };
    this.#batch = [];
    this.#batchSaved = undefined;
    // Never leave a caller waiting on a lock another tab holds for long.
    const longest = Math.max(...batch.records.map((r) => r.timeoutMs));
    setTimeout(() => batch.records.forEach((r) => this.#defer(r)), longest + 1000);
    if (globalThis.navigator?.onLine !== false && !this.#flushing) {
      // The flush that sends them saves them, in the pass that reads the outbox under the
      // lock. Should the lock be slow to come (another tab is sending), they are saved at
      // once instead. Nothing is sent before it is saved.
      const slow = setTimeout(() => this.#save(batch), LOCK_WAIT_MS);
      void this.#startFlush({}, batch).finally(() => {
        clearTimeout(slow);
        void this.#save(batch);
      });
      return;
    }
    await this.#save(batch);
    if (globalThis.navigator?.onLine === false) batch.records.forEach((r) => this.#defer(r));
    else void this.flush();
  }

  /**
   * Saves a batch unless that has begun, and drops activities beyond the cap. `readBack`:
   * resolves with every pending record, read in the same transaction.
   */
  async #save(batch: Batch, readBack = false): Promise<OutboxRecord[] | undefined> {
    if (batch.saving) return undefined;
    batch.saving = true;
    const write = async (store: RecordStore) =>
      readBack ? store.addThenAll(batch.records) : store.add(batch.records);
    let saved: OutboxRecord[] | number;
    try {
      saved = await write(await this.#openStore());
    } catch (error) {
      // Quota, or a store that broke after opening: keep going in memory, and say so once.
      warnMemoryOnly(error);
      const memory = new MemoryStore();
      this.#store = Promise.resolve(memory);
      saved = await write(memory);
    }
    const count = typeof saved === 'number' ? saved : saved.length;
    if (count <= this.#limits.activityCap) return typeof saved === 'number' ? undefined : saved;
    await this.#enforceCap();
    return readBack ? (await this.#openStore()).all() : undefined;
  }

  async #enforceCap() {
    const store = await this.#openStore();
    const excess = overActivityCap(await store.all(), this.#limits.activityCap);
    if (!excess.length) return;
    // A pass (or another tab) may be dropping the same records: whoever removes one announces it.
    await removeThenAnnounce(
      store,
      excess.map((record) => ({ record, announce: () => this.#finish(record, 'dropped', { record, reason: 'cap' }) })),
    );
  }

  /**
   * Sends what is due, in order, one tab at a time. `now`: also what waits out the SDK's
   * own backoff (a server's `Retry-After` is still honoured).
   */
  flush({ now = false }: { now?: boolean } = {}): Promise<void> {
    return this.#startFlush(now ? { ignoreBackoff: true } : {});
  }

  /**
   * Starts a pass unless one runs (then resolves after the pass this call asked for).
   * `leaving` (the page is being hidden) sends with keepalive and does not wait out the
   * SDK's own backoff.
   */
  #startFlush(firstMode: PassMode, batch?: Batch): Promise<void> {
    // A closed outbox starts no pass: with its own limits it would send or drop records that
    // the page's current outbox owns (its idle start or a backoff timer can still fire).
    if (this.#closed) return Promise.resolve();
    if (this.#flushing) {
      this.#again = true;
      // Modes only ever turn flags on: the next pass does what every caller asked.
      this.#againMode = { ...this.#againMode, ...firstMode };
      return this.#flushing.then(() => this.#flushing);
    }
    clearTimeout(this.#timer);
    let wake = Infinity;
    let mode = firstMode;
    this.#flushing = (async () => {
      // A page that never queued anything opens no database to find that out.
      if (!batch && !this.#store && this.#persistent && !(await mayHaveRecords())) return;
      await withLock(this.#name, async () => {
        do {
          this.#again = false;
          wake = await this.#pass(mode, batch);
          batch = undefined;
          mode = this.#againMode;
          this.#againMode = {};
        } while (this.#again);
      });
    })()
      .catch((error) => console.error('[rechat-sdk] outbox:', error))
      .finally(() => {
        this.#flushing = undefined;
        // A flush asked for after the last pass read the store, but before this point,
        // found #flushing still set: it gets its pass now.
        if (this.#again) {
          const again = this.#againMode;
          this.#againMode = {};
          void this.#startFlush(again);
        }
        // The backoff timer: wake when the earliest waiting record is due. Not while the browser
        // knows it is offline: nothing could arrive, and the 'online' event starts the pass.
        else if (wake < Infinity) this.#timer = setTimeout(() => this.#wake(), Math.max(0, wake - Date.now()));
      });
    return this.#flushing;
  }

  #wake() {
    if (globalThis.navigator?.onLine !== false) void this.flush();
  }

  /** One pass over the outbox, under the lock. Returns when the earliest record left waiting is due. */
  async #pass({ leaving, ignoreBackoff }: PassMode, batch?: Batch): Promise<number> {
    const saved = batch && (await this.#save(batch, true));
    const store = await this.#openStore();
    if (!this.#pruned) await this.#prune(store, Date.now());
    const records = saved ?? (await store.all());
    await this.#sentElsewhere(store, records);
    // Read after the records: one saved while this pass waited must not look younger than it is.
    const now = Date.now();
    // Another tab may have learned that an API takes the header since this page last looked
    // (only keyless records need to know: a capture's key is in its body).
    if (records.some((r) => r.kind !== 'lead' && !this.#knowsHeader(r))) await this.#loadHeaderApis(store);
    const steps = planPass(records, now, { ...this.#limits, ignoreOwnBackoff: Boolean(leaving || ignoreBackoff) });
    const ledger = new PassLedger(records, (r) => this.#knowsHeader(r));
    for (const step of steps) {
      if (this.#mine.has(step.record.id)) this.#mine.set(step.record.id, step.record);
      await this.#take(step, ledger, store, leaving === true);
    }
    // What waited for a capture that has now settled goes in another pass.
    if (ledger.learnedSince()) this.#again = true;
    // Before the lock is released, so that the next sender never sees a delivered record.
    await ledger.removeAll(store);
    return ledger.wake;
  }

  /**
   * This page's records whose id the caller gave that a pass does not find in the store:
   * another tab delivered them after this page looked them up (the store then did not add
   * them, see `RecordStore.add`, or that tab's delivery removed this page's copy). They are
   * this page's no more, and a caller still waiting hears that they were sent.
   */
  async #sentElsewhere(store: RecordStore, records: OutboxRecord[]) {
    const found = new Set(records.map((r) => r.id));
    const missing = [...this.#mine.values()].filter((r) => r.givenId && !found.has(r.id)).map((r) => r.id);
    if (!missing.length) return;
    const where = await store.whereAre(missing);
    for (const id of missing) {
      if (where.get(id) !== 'delivered') continue;
      this.#mine.delete(id);
      this.#outcomes.get(id)?.resolve(repeat());
      this.#outcomes.delete(id);
    }
  }

  /** Carries out one step of a pass. */
  async #take(step: Step, ledger: PassLedger, store: RecordStore, leaving: boolean) {
    const { record } = step;
    if (step.action === 'drop') return this.#drop(record, step.reason, ledger);
    if (step.action === 'wait') {
      if (step.until) ledger.wakeAt(step.until);
      return this.#defer(record);
    }
    if (ledger.holdsBack(record, step.lane)) return this.#defer(record);
    if (record.awaitsCapture) {
      const capture = record.awaitsCapture;
      const left = this.#left !== store ? this.#left : undefined;
      const leadId =
        ledger.leadIds.get(capture) ?? (await store.deliveredOf(capture))?.leadId ?? (await left?.deliveredOf(capture))?.leadId;
      if (!leadId) {
        // Its capture is in IndexedDB, saved before persistence was turned off: wait for it
        // (a persistent page sends it, or this one once persistence is back).
        if (left && (await left.all()).some((r) => r.id === capture)) {
          ledger.failedLanes.add(step.lane);
          return this.#defer(record);
        }
        // Its capture failed for good, or created no lead id: there is no timeline to put it on.
        return this.#drop(record, 'orphaned', ledger);
      }
      record.path = record.path.replace(LEAD_ID_PLACEHOLDER, encodeURIComponent(leadId));
      delete record.awaitsCapture;
    }
    await this.#send(record, step.lane, ledger, store, leaving);
  }

  /** Sends one record and acts on the reply: delivered, retried later, or failed for good. */
  async #send(record: OutboxRecord, lane: string, ledger: PassLedger, store: RecordStore, leaving: boolean) {
    const request = wireRequest(record, this.#knowsHeader(record));
    const keepalive = leaving && ledger.fitsKeepalive(JSON.stringify(request.body).length, this.#limits.keepaliveBytes);
    let reply: ApiReply;
    this.#inFlight.add(record.id);
    try {
      reply = await sendRequest(request, { timeoutMs: record.timeoutMs, keepalive });
    } catch {
      // No answer at all: the API is down for the rest of this pass.
      ledger.downApis.add(record.apiUrl);
      return ledger.wakeAt(await this.#retry(store, record));
    } finally {
      this.#inFlight.delete(record.id);
    }
    if (reply.idempotencyHeader) await this.#learnHeader(store, record.apiUrl);
    if (isSuccess(reply.status)) {
      const leadId = record.kind === 'lead' ? replyLeadId(reply) : null;
      const detail = { record, reply };
      // A caller still waiting gets its answer at once; a queued record's delivery is
      // announced once the record is out of the store.
      const callerWaits = this.#outcomes.has(record.id);
      if (callerWaits) this.#finish(record, 'delivered', detail);
      ledger.delivered(record, leadId, store, callerWaits ? undefined : () => this.#finish(record, 'delivered', detail));
    } else if (isRetryable(reply.status)) {
      ledger.failedLanes.add(lane);
      ledger.wakeAt(await this.#retry(store, record, reply));
    } else {
      ledger.settle(record);
      const error = httpError(reply);
      await store.fail({ ...record, failedAt: Date.now(), error: { message: error.message, status: reply.status } });
      this.#finish(record, 'failed', { record, error });
    }
  }

  #drop(record: OutboxRecord, reason: 'expired' | 'cap' | 'orphaned', ledger: PassLedger) {
    ledger.dropped(record, () => this.#finish(record, 'dropped', { record, reason }));
  }

  /** Forgets failed records and delivered keys past the maximum age, once per page. */
  async #prune(store: RecordStore, now: number) {
    this.#pruned = true;
    for (const record of await store.prune(now - this.#limits.maxAgeMs)) {
      this.#emit('dropped', { record, reason: 'expired' });
    }
  }

  async #loadHeaderApis(store: RecordStore) {
    const apis = await store.getMeta(HEADER_APIS);
    if (Array.isArray(apis)) for (const api of apis) this.#headerApis.add(String(api));
  }

  #knowsHeader(record: OutboxRecord): boolean {
    return record.idempotencyHeader === true || this.#headerApis.has(record.apiUrl);
  }

  /** The API said it takes the `Idempotency-Key` header: use it from now on, and remember that. */
  async #learnHeader(store: RecordStore, apiUrl: string) {
    if (this.#headerApis.has(apiUrl)) return;
    this.#headerApis.add(apiUrl);
    await store.setMeta(HEADER_APIS, [...this.#headerApis]).catch(() => undefined);
  }

  /** Puts a record back to wait out its backoff; returns when it is due. */
  async #retry(store: RecordStore, record: OutboxRecord, reply?: ApiReply): Promise<number> {
    const retryAfterMs = parseRetryAfter(reply?.retryAfter);
    record.notBefore = Date.now() + retryDelay(this.#retryPolicy, record.attempts, retryAfterMs);
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
    outcome.resolve({ state: 'queued', recordId: record.id });
    this.#emit('queued', { record });
  }

  /** A record is settled for good: tell this page's callers and listeners, and the other tabs. */
  #finish(record: OutboxRecord, type: RelayMessage['type'], detail: Record<string, any>) {
    // Sent at once to a caller still waiting: no queued record was delivered, nothing to tell.
    const sentAtOnce = type === 'delivered' && this.#outcomes.has(record.id);
    this.#settle({ type, detail });
    if (!sentAtOnce) this.#relay.tell({ type, detail });
  }

  #settle({ type, detail }: RelayMessage) {
    const { record } = detail as { record: OutboxRecord };
    this.#mine.delete(record.id);
    const outcome = this.#outcomes.get(record.id);
    this.#outcomes.delete(record.id);
    if (type === 'delivered' && outcome) return outcome.resolve({ state: 'sent', reply: detail.reply });
    if (type === 'failed') outcome?.reject(detail.error);
    else outcome?.resolve({ state: 'queued', recordId: record.id });
    this.#emit(type, detail);
  }

  #emit(type: EventType, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
    for (const subscription of this.#subscriptions) {
      const holder = subscription.holder.deref();
      if (holder) subscription.deliver(holder, type, detail);
      else this.#subscriptions.delete(subscription);
    }
  }

  /**
   * The page is going away and nothing asynchronous will finish: send this page's own
   * records that are not in flight, with keepalive, within its budget. Their replies are
   * never read, so the next page sends them again with the same idempotency key, which
   * the API answers without creating anything twice — which is why a record whose key
   * cannot travel yet (an activity to an API not known to take the header) waits.
   */
  #pageExit() {
    // The browser knows it is offline: nothing sent now could arrive. The records stay for the next page.
    if (globalThis.navigator?.onLine === false) return;
    // Only records whose key travels with them: the page that sends them next must not create them twice.
    const keyed = [...this.#mine.values()].filter((r) => r.kind === 'lead' || this.#knowsHeader(r));
    const picked = pickForPageExit(
      keyed,
      { now: Date.now(), inFlight: this.#inFlight, budget: this.#limits.keepaliveBytes },
      (record) => JSON.stringify(record.body).length + 60,
    );
    for (const record of picked) {
      sendRequest(wireRequest(record, this.#knowsHeader(record)), { keepalive: true }).catch(() => undefined);
    }
  }

  #openStore(): Promise<RecordStore> {
    if (this.#store) return this.#store;
    const store = this.#persistent
      ? this.#openPersistent().catch((error: unknown) => {
          warnMemoryOnly(error);
          return new MemoryStore();
        })
      : Promise.resolve(new MemoryStore());
    this.#store = store;
    return store;
  }

  /** Stops listening to the page and to other tabs, and lets go of the store (tests). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    this.#relay.close();
    this.#left?.close();
    this.#store?.then((store) => store.close(), () => undefined);
  }
}

let warned = false;
function warnMemoryOnly(error: unknown) {
  if (warned) return;
  warned = true;
  console.warn('[rechat-sdk] No IndexedDB: unsent requests are kept in memory only, lost if the page closes.', error);
}

const PAGE_OUTBOX = Symbol.for('rechat-sdk.outbox');
type PageGlobal = typeof globalThis & { [PAGE_OUTBOX]?: Outbox };

/**
 * The page's one outbox, made on first use. Kept on a global symbol, so that two copies of
 * the SDK on one page (a script tag and a bundle) still share it.
 */
export function pageOutbox(): Outbox {
  return ((globalThis as PageGlobal)[PAGE_OUTBOX] ??= new Outbox());
}

/**
 * For tests: closes the page's outbox and makes the next {@link pageOutbox} a new one,
 * with `options` (say, a short retry policy). Resolves with the new outbox.
 */
export function resetPageOutbox(options?: OutboxOptions): Outbox {
  const page = globalThis as PageGlobal;
  page[PAGE_OUTBOX]?.close();
  warned = false;
  return (page[PAGE_OUTBOX] = new Outbox(options));
}
