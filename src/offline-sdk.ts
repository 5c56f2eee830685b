import { consentState, effectiveConsent, globalPrivacyControl, type ConsentState } from './core/consent.js';
import { leadFromReply } from './core/leads.js';
import { Sdk as CoreSdk, type SdkSettings } from './core/sdk.js';
import { resolvePendingCapture } from './core/tracking-id.js';
import type { Lead } from './core/types.js';
import type { MergeDispatcher } from './core/visitor-merge.js';
import { VisitorPhase } from './core/visitor-phase.js';
import type { VisitorHooks, VisitorPhaseRequest } from './core/visitor-record.js';
import { pageOutbox, type Outbox, type OutboxEventMap } from './store/outbox.js';
import type { FailedRecord } from './store/record.js';
import { openVisitorStore } from './store/visitor-store.js';

const SHARED = Symbol.for('rechat-sdk.shared');

/** The Sdk's events: the outbox's, with the lead a delivered capture created. */
export interface SdkEventMap extends Omit<OutboxEventMap, 'delivered'> {
  /** A queued request reached the API; for captures, `lead` is the lead it created. */
  delivered: CustomEvent<OutboxEventMap['delivered']['detail'] & { lead?: Lead }>;
}

// Typed listeners for the outbox's events.
export interface Sdk {
  addEventListener<K extends keyof SdkEventMap>(
    type: K,
    listener: (event: SdkEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SdkEventMap>(
    type: K,
    listener: (event: SdkEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Rechat's browser SDK with the offline outbox underneath: every capture, activity and
 * assignment is saved in IndexedDB before it is sent, and sent again automatically until
 * the API takes it, exactly once. Reports `queued`, `delivered`, `failed` and `dropped`
 * records as events, and identifies the visitor when a queued capture is delivered.
 */
export class Sdk extends CoreSdk {
  /**
   * The page's default Sdk, which the elements use when no `<rechat-sdk>` provider is
   * around them. The first call makes it (with `settings`, if given); later calls return it.
   */
  static shared(settings?: SdkSettings): Sdk {
    const page = globalThis as typeof globalThis & { [SHARED]?: Sdk };
    if (page[SHARED] && settings) console.warn('[rechat-sdk] Sdk.shared() exists: settings ignored');
    return (page[SHARED] ??= new Sdk(settings));
  }

  /** The page's outbox, shared by every Sdk. */
  get outbox(): Outbox {
    return pageOutbox();
  }

  /** Sends what is queued now, without waiting for the next retry (a server's `Retry-After` is still honoured). */
  flush(): Promise<void> {
    return this.outbox.flush({ now: true });
  }

  /** The requests the API refused for good (4xx), kept 30 days for inspection, oldest first. */
  failed(): Promise<FailedRecord[]> {
    return this.outbox.failed();
  }

  /** Sends a failed request again (with its original idempotency key). False when there is none of that id. */
  retry(id: string): Promise<boolean> {
    return this.outbox.retry(id);
  }

  /** Forgets a failed request. False when there is none of that id. */
  discard(id: string): Promise<boolean> {
    return this.outbox.discardFailed(id);
  }

  /**
   * Stops this Sdk's outbox events (a replaced Sdk, e.g. when `<rechat-sdk>` settings
   * change). Its requests already queued are still delivered. An Sdk that is no longer
   * referenced is released by itself: the outbox holds it weakly.
   */
  release(): void {
    pageOutbox().unsubscribe(this);
  }

  /**
   * Sets the visitor's consent (see the core Sdk). The outbox follows it: queued requests
   * are kept in IndexedDB only while consent is granted, in memory otherwise.
   */
  override consent(state?: ConsentState): ConsentState {
    const consent = super.consent(state);
    if (state) void this.outbox.setPersistence(consent === 'granted');
    return consent;
  }

  /**
   * Erases what the SDK keeps about the visitor (see the core Sdk), and the outbox's
   * undelivered activity and assignments; undelivered leads stay: the visitor asked to be contacted.
   */
  override async forget(): Promise<void> {
    await super.forget();
    await this.outbox.discard((record) => record.kind !== 'lead');
  }

  /** The visitor phase, page views and sessions, kept in IndexedDB (with consent). */
  protected override createVisitorPhase(request: VisitorPhaseRequest): VisitorHooks {
    return new VisitorPhase({ ...request, openStore: openVisitorStore });
  }

  protected override createDispatcher(timeoutMs: number, settings: SdkSettings): MergeDispatcher {
    const outbox = pageOutbox();
    // Made before the Sdk knows its consent: without it, the outbox keeps its records in
    // memory from the first one, so that nothing is written before the answer. (With it,
    // the outbox stays as it is: persistent, unless made memory-only on purpose.)
    const chosen = settings.consent === undefined ? 'granted' : consentState(settings.consent);
    if (effectiveConsent(chosen, false, globalPrivacyControl()) !== 'granted') void outbox.setPersistence(false);
    outbox.subscribe(this, forwardOutboxEvent);
    const idempotencyHeader = settings.idempotencyHeader === true;
    return {
      // A merged activity's id is its idempotency key: dispatched again, it is not sent twice.
      dispatch: ({ id, ...request }) =>
        outbox.dispatch(idempotencyHeader ? { ...request, idempotencyHeader } : request, id ? { timeoutMs, id } : { timeoutMs }),
      // The outbox sends requests in the order they were queued: the merge needs no waiting.
      inOrder: true,
    };
  }
}

/**
 * Passes an outbox event on to an Sdk's listeners. A delivered capture gets its lead,
 * and identifies the visitor when tracking still waits for it.
 */
function forwardOutboxEvent(sdk: Sdk, type: keyof OutboxEventMap, detail: any): void {
  if (type === 'delivered' && detail.record.kind === 'lead') {
    const lead = leadFromReply(detail.reply, detail.record);
    if (lead.id && detail.record.identify) resolvePendingCapture(detail.record.identify, detail.record.id, lead.id);
    detail = { ...detail, lead };
  }
  sdk.dispatchEvent(new CustomEvent(type, { detail }));
}
