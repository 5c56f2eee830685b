/** What happened to a lead: it arrived, or its routing or timeline changed. */
export interface LeadEvent {
  readonly type: 'lead.created' | 'lead.updated';
  readonly id: string;
}

/**
 * In-process notifications of lead changes, for the inbox's server-sent events. Events
 * carry only the lead id: a listener that needs the full lead builds it once, and with
 * no inbox open nothing is built at all (the webhook's hot path stays lean).
 *
 * Events are emitted after the change has committed, so a listener that throws must not
 * reach the request that made the change (its client would retry an accepted write):
 * each listener's error is handed to `onListenerError` and the others still run.
 */
export class LeadEvents {
  readonly #listeners = new Set<(event: LeadEvent) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error('lead event listener failed:', error)) {
    this.#onListenerError = onListenerError;
  }

  emit(event: LeadEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: (event: LeadEvent) => void): () => void {
    const own = (event: LeadEvent): void => listener(event);
    this.#listeners.add(own);
    return () => this.#listeners.delete(own);
  }
}
