import { EventEmitter } from 'node:events';

/** What happened to a lead: it arrived, or its routing or timeline changed. */
export interface LeadEvent {
  readonly type: 'lead.created' | 'lead.updated';
  readonly id: string;
}

/**
 * In-process notifications of lead changes, for the inbox's server-sent events. Events
 * carry only the lead id: a listener that needs the full lead builds it once, and with
 * no inbox open nothing is built at all (the webhook's hot path stays lean).
 */
export class LeadEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Each open inbox tab is one listener; a demo can have many without it being a leak.
    this.#emitter.setMaxListeners(0);
  }

  emit(event: LeadEvent): void {
    this.#emitter.emit('lead', event);
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: (event: LeadEvent) => void): () => void {
    this.#emitter.on('lead', listener);
    return () => this.#emitter.off('lead', listener);
  }
}
