import type { Dispatcher } from './core/dispatcher.js';
import { Sdk as CoreSdk, type SdkSettings } from './core/sdk.js';
import { pageOutbox, type Outbox, type OutboxEventMap } from './store/outbox.js';

const EVENTS = ['queued', 'delivered', 'failed', 'dropped'] as const;
const SHARED = Symbol.for('rechat-sdk.shared');

export type SdkEventMap = OutboxEventMap;

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
 * the API takes it. Reports `queued`, `delivered`, `failed` and `dropped` records as events.
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

  /** Sends what is queued now, without waiting for the next retry. */
  flush(): Promise<void> {
    return this.outbox.flush();
  }

  protected override createDispatcher(timeoutMs: number): Dispatcher {
    const outbox = pageOutbox();
    for (const type of EVENTS) {
      outbox.addEventListener(type, (event) => this.dispatchEvent(new CustomEvent(type, { detail: (event as CustomEvent).detail })));
    }
    return { dispatch: (request) => outbox.dispatch(request, timeoutMs) };
  }
}
