import { addTouches, eraseTouches, isArrival, noteArrival, sessionTouches, setTouchesPersistence } from './campaign.js';
import type { ConsentState } from './consent.js';
import { RechatError } from './errors.js';
import { watchPages } from './page-views.js';
import { randomId } from './random-id.js';
import { sessionEndedAt, sessionStep } from './session.js';
import { identifyLead, identifyPendingCapture, type TrackingTarget } from './tracking-id.js';
import type { TrackResult } from './types.js';
import { visitorAt, visitorExpired } from './visitor-lifetime.js';
import { mergeRequests, type MergeDispatcher } from './visitor-merge.js';
import type { KeptActivity, OpenVisitorStore, VisitorHooks, VisitorPhaseRequest, VisitorState, VisitorStore } from './visitor-record.js';

/** The custom timeline actions of page and session tracking (SPEC §6). */
export const PAGE_ACTIONS = {
  viewedPage: 'ContactViewedPage',
  startedSession: 'ContactStartedSession',
  endedSession: 'ContactEndedSession',
} as const;

/** What the Sdk hands a visitor phase, and where it keeps activity. */
export interface VisitorPhaseOptions extends VisitorPhaseRequest {
  /** Where kept activity survives the page; without one it lives in memory. */
  openStore?: OpenVisitorStore;
  /** The clock (epoch ms); tests inject one. */
  now?: () => number;
}

type Timed = { body: Record<string, unknown>; at: number };

let seqFloor = 0;
/** A merge removes what it handed over from the store in writes of this many. */
const REMOVAL_BATCH = 100;
// The landing URL is read once per page, however many Sdks start on it.
let arrivalNoted = false;

/**
 * The visitor phase of seed 003, for Rechat: before a lead exists, tracker calls are kept
 * in this browser (IndexedDB with consent, memory without) for a visitor who lives 45 days
 * from their last activity; when a capture creates the lead, they go to its timeline in
 * order, once. Also page views and sessions (`trackPages`), for visitors and leads alike.
 *
 * What the page holds in memory is the truth for this page; the store is written through
 * only while consent is granted, and read (never created) while it is pending.
 */
export class VisitorPhase implements VisitorHooks {
  readonly #options: VisitorPhaseOptions;
  readonly #now: () => number;
  #state: VisitorState = {};
  /** Kept activity not (yet) in the store: consent pending, no store, or a save on its way. */
  #unsaved: KeptActivity[] = [];
  /** Stored activity this page merged while it could not delete it (consent pending). */
  #mergedStored: string[] = [];
  /** The stored activity belongs to an expired visitor: never merged, deleted when writing is allowed. */
  #storedExpired = false;
  #store?: VisitorStore;
  #persist: boolean;
  #ready: Promise<void>;
  #saving?: Promise<void>;
  #merging?: Promise<void>;
  /** How many times the kept data was erased: a merge under way when it was leaves it erased. */
  #erasures = 0;
  #unwatch?: () => void;
  #identified?: boolean;

  constructor(options: VisitorPhaseOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#persist = options.runtime.consent === 'granted';
    if (!arrivalNoted && globalThis.location) {
      arrivalNoted = true;
      noteArrival(this.#persist, location.href, globalThis.document?.referrer ?? '', globalThis.origin);
    }
    // Campaign attribution alone needs no database: none is opened (or created) for it.
    this.#ready = this.#keeps ? this.#open(this.#persist) : Promise.resolve();
    // The page view at start goes through the tracker, which must find this phase already.
    options.runtime.visitor = this;
    if (options.trackPages && globalThis.history) {
      this.#unwatch = watchPages((url) => {
        const title = globalThis.document?.title;
        options.tracker
          .capture({ action: PAGE_ACTIONS.viewedPage, notes: title ? `${title} — ${url}` : url })
          // No lead and no visitor phase: nobody to record the view for. A refusal by the API
          // is reported by the outbox's `failed` event.
          .catch(() => undefined);
      });
    }
  }

  get keepsActivity(): boolean {
    return this.#options.visitor;
  }

  /** Consent is denied: the kept activity is being erased. */
  get #refused(): boolean {
    return this.#options.runtime.consent === 'denied';
  }

  /** Whether this phase keeps anything beyond the session's attribution: activity, or sessions. */
  get #keeps(): boolean {
    return this.#options.visitor || this.#options.trackPages;
  }

  /** Stops recording page views (an Sdk that goes away, or a test). */
  stop(): void {
    this.#unwatch?.();
  }

  /** Resolves once the state of earlier pages is loaded and every change so far is written. */
  async settled(): Promise<void> {
    await this.#ready;
    await this.#merging;
    await this.#saving;
  }

  prepareLead(body: Record<string, unknown>): void {
    addTouches(body, this.#state.firstTouch);
  }

  async #open(create: boolean): Promise<void> {
    try {
      this.#store = await this.#options.openStore?.(create);
      if (this.#store) {
        // At every page start: the state only, never the (possibly long) list of activity.
        const state = await this.#store.state();
        if (visitorExpired(state.visitor, this.#now())) {
          // Seed 003: a visitor 45 days without activity is deleted, and their activity with them.
          this.#storedExpired = true;
          if (this.#persist) await this.#eraseExpired();
        } else this.#state = { ...state, ...this.#state };
      }
    } catch (error) {
      this.#store = undefined;
      warn(error);
    }
    const first = sessionTouches()?.first;
    if (this.#options.visitor && !this.#state.firstTouch && isArrival(first)) {
      this.#state.firstTouch = first;
      if (this.#persist) await this.#save();
    }
    // A merge an earlier page began is finished once the outbox keeps what it sends: while
    // consent is pending it keeps it in memory, where it cannot tell what was sent before.
    if (this.#state.merging && this.#persist) void this.merge(this.#state.merging);
  }

  async #eraseExpired() {
    this.#storedExpired = false;
    await this.#store?.remove('all', this.#state);
  }

  async track(
    body: Record<string, unknown>,
    send: (body: Record<string, unknown>) => Promise<TrackResult>,
    identified: () => boolean,
  ): Promise<TrackResult> {
    await this.#ready;
    // Reading the cookie costs a sync round trip to the browser (about 50 µs in Chromium):
    // calls made together — resumed in one microtask run — read it once, as the first would.
    if (this.#identified === undefined) {
      this.#identified = identified();
      queueMicrotask(() => (this.#identified = undefined));
    }
    const lead = this.#identified;
    if (!lead && !this.#options.visitor) return send(body);
    const now = this.#now();
    const timed: Timed[] = [];
    if (this.#options.trackPages) {
      const step = sessionStep(this.#state.session, now);
      this.#state.session = step.session;
      if (step.ended) {
        const at = sessionEndedAt(step.ended);
        timed.push({ at, body: { action: PAGE_ACTIONS.endedSession, notes: new Date(at).toISOString() } });
      }
      if (step.started) timed.push({ at: now, body: { action: PAGE_ACTIONS.startedSession } });
    }
    timed.push({ at: now, body });
    if (lead) {
      let result!: TrackResult;
      for (const item of timed) result = await send(item.body);
      // The session moved on: remembered for the next page.
      if (this.#options.trackPages) await this.#save();
      return result;
    }
    this.#state.visitor = visitorAt(this.#state.visitor, now);
    for (const { at, body } of timed) {
      seqFloor = Math.max(seqFloor + 0.001, now);
      this.#unsaved.push({ id: randomId(), seq: seqFloor, at, body });
    }
    await this.#save();
    return { action: body.action as string, lead_id: null, queued: true, visitor: true };
  }

  /**
   * Writes the state and the unsaved activity, when consent allows. Calls made together
   * share one transaction: each joins the save not yet begun.
   */
  #save(): Promise<void> {
    if (!this.#persist || !this.#store) return Promise.resolve();
    return (this.#saving ??= Promise.resolve().then(async () => {
      this.#saving = undefined;
      const batch = this.#unsaved.slice();
      try {
        await this.#store!.save(batch, this.#state);
        const saved = new Set(batch);
        this.#unsaved = this.#unsaved.filter((activity) => !saved.has(activity));
      } catch (error) {
        // A full quota or a store gone bad: the page keeps the activity in memory.
        warn(error);
      }
    }));
  }

  /** Never rejects: what could not be handed over stays kept, for the next page to finish. */
  merge(target: TrackingTarget): Promise<void> {
    return (this.#merging ??= this.#merge(target)
      .catch(warn)
      .finally(() => (this.#merging = undefined)));
  }

  async #merge(target: TrackingTarget): Promise<void> {
    await this.#ready;
    await this.#saving;
    // Refused meanwhile: the kept activity is being erased, not sent.
    if (this.#refused) return;
    // Refused or forgotten while it loads or saves: nothing is sent, and nothing of it comes back.
    const erasures = this.#erasures;
    const overtaken = () => this.#refused || erasures !== this.#erasures;
    const stored = this.#store && !this.#storedExpired ? (await this.#store.load()).activities : [];
    if (overtaken()) return;
    const unsaved = this.#unsaved.splice(0);
    const seen = new Set(this.#mergedStored);
    const activities = [...stored, ...unsaved].filter((a) => !seen.has(a.id) && seen.add(a.id));
    // The visitor phase ends here: what the visitor does next belongs to the lead.
    const { visitor: _visitor, firstTouch: _firstTouch, merging: _merging, ...rest } = this.#state;
    if (!activities.length) {
      this.#state = rest;
      return this.#save();
    }
    // Remembered until every activity is safely handed over: a page that closes mid-merge
    // leaves the next page to finish it, with the same ids, so nothing is sent twice.
    this.#state.merging = target;
    await this.#save();
    if (overtaken()) return;
    const requests = mergeRequests(activities, target, this.#options.runtime.apiUrl);
    const dispatcher = this.#options.runtime.dispatcher as MergeDispatcher;
    // What is handed over leaves the store a hundred at a time, while the rest are on their
    // way (a write that fails leaves its ids to the final one).
    const removed = new Set<string>();
    let handedOver: string[] = [];
    let removing = Promise.resolve();
    const handOver = async ({ id }: { id?: string }, sent: Promise<unknown>) => {
      try {
        await sent;
      } catch (error) {
        // Refused for good (a 4xx) is done with; not reached (no outbox underneath) waits for the next page.
        if (isTransient(error)) throw error;
      }
      handedOver.push(id!);
      if (handedOver.length < REMOVAL_BATCH) return;
      const ids = handedOver;
      handedOver = [];
      removing = removing
        .then(async () => {
          if (!this.#persist || !this.#store) return;
          await this.#store.remove(ids, this.#state);
          ids.forEach((removedId) => removed.add(removedId));
        })
        .catch(warn);
    };
    let outcomes: Array<PromiseSettledResult<unknown>>;
    if (dispatcher.inOrder) outcomes = await Promise.allSettled(requests.map((r) => handOver(r, dispatcher.dispatch(r))));
    else {
      outcomes = [];
      for (const r of requests) outcomes.push(...(await Promise.allSettled([handOver(r, dispatcher.dispatch(r))])));
    }
    const retry = new Set(requests.filter((_, i) => outcomes[i]!.status === 'rejected').map((request) => request.id));
    const done = activities.filter((a) => !retry.has(a.id));
    // Every write so far kept `merging`: the merge is over only once the last one says so.
    await removing;
    if (erasures !== this.#erasures) return;
    this.#state = retry.size ? { ...rest, merging: target } : rest;
    this.#unsaved.push(...unsaved.filter((a) => retry.has(a.id)));
    if (this.#persist && this.#store) await this.#store.remove(done.map((a) => a.id).filter((id) => !removed.has(id)), this.#state);
    else this.#mergedStored.push(...stored.filter((a) => !retry.has(a.id)).map((a) => a.id));
  }

  consent(state: ConsentState): Promise<void> {
    const { runtime } = this.#options;
    const held = runtime.heldTarget;
    if (state === 'granted' && held) {
      if ('leadId' in held) identifyLead(runtime.cookie, held.leadId);
      else identifyPendingCapture(runtime.cookie, held.pendingCapture);
    }
    if (state !== 'pending') runtime.heldTarget = undefined;
    this.#ready = this.#ready.then(async () => {
      const was = this.#persist;
      this.#persist = state === 'granted';
      setTouchesPersistence(this.#persist);
      if (state === 'denied') return this.#erase();
      if (!this.#persist || was) return;
      if (!this.#store && this.#keeps) await this.#open(true);
      if (this.#storedExpired) await this.#eraseExpired();
      if (this.#mergedStored.length) await this.#store?.remove(this.#mergedStored.splice(0), this.#state);
      await this.#save();
      if (this.#state.merging) void this.merge(this.#state.merging);
    });
    return this.#ready;
  }

  forget(): Promise<void> {
    this.#ready = this.#ready.then(() => this.#erase());
    return this.#ready;
  }

  async #erase() {
    this.#erasures++;
    eraseTouches();
    this.#state = {};
    this.#unsaved = [];
    this.#mergedStored = [];
    // A store this page never opened may still exist from an earlier page.
    const store = this.#store ?? (await this.#options.openStore?.(false).catch(() => undefined));
    this.#store = undefined;
    // Held up by another tab: it goes on in the browser, and nothing waits on it here.
    await store?.erase().catch(warn);
    // Forgotten, not refused: a new visitor is kept from their next activity.
    if (!this.#persist || !this.#keeps) return;
    try {
      this.#store = await this.#options.openStore?.(true);
    } catch (error) {
      warn(error);
    }
  }
}

/** Visitor activity that cannot be stored or merged stays in this page's memory: said on the console. */
function warn(error: unknown): void {
  console.warn('[rechat-sdk] visitor activity kept in memory:', error);
}

function isTransient(error: unknown): boolean {
  return error instanceof RechatError && (error.code === 'network' || error.code === 'storage');
}
