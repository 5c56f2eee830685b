import type { Dispatcher } from './core/dispatcher.js';
import { leadFromReply } from './core/leads.js';
import { Sdk as CoreSdk, type SdkSettings } from './core/sdk.js';
import { resolvePendingCapture } from './core/tracking-id.js';
import type { Lead } from './core/types.js';
import { pageOutbox, type Outbox, type OutboxEventMap } from './store/outbox.js';
import type { FailedRecord } from './store/record.js';

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

  protected override createDispatcher(timeoutMs: number, settings: SdkSettings): Dispatcher {
    const outbox = pageOutbox();
    outbox.subscribe(this, forwardOutboxEvent);
    const idempotencyHeader = settings.idempotencyHeader === true;
    return {
      dispatch: (request) => outbox.dispatch(idempotencyHeader ? { ...request, idempotencyHeader } : request, { timeoutMs }),
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
