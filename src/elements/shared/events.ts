import type { RechatError } from '../../core/errors.js';
import type { Lead, LeadInput, Listing, Search } from '../../core/types.js';

/** Why `<rechat-lead-form>` took a submission for a bot's. */
export type SpamReason = 'honeypot' | 'too-fast';

/**
 * Every event the Rechat elements fire, with its `detail`. All bubble and are composed
 * (they leave a shadow root the element is in). Declared here once: the elements' typed
 * `emit` and the page's `addEventListener` both read it, from every entry point.
 */
export interface RechatEventMap {
  /** Before a lead is sent; cancelable. Listeners may change `detail.payload`. */
  'rechat-lead-submit': CustomEvent<{ payload: LeadInput }>;
  /** The lead was created (also when a queued lead is delivered later). */
  'rechat-lead-success': CustomEvent<{ lead: Lead }>;
  /** The lead is saved and will be sent automatically (offline, or the API unreachable). */
  'rechat-lead-queued': CustomEvent<{ lead: Lead }>;
  /** The lead was refused or dropped, or the form is misconfigured. */
  'rechat-lead-error': CustomEvent<{ error: RechatError }>;
  /** A submission looked like a bot's: `honeypot` (nothing sent) or `too-fast` (sent, tagged `Possible spam`). */
  'rechat-lead-spam': CustomEvent<{ reason: SpamReason }>;
  /**
   * A tracking element recorded its activity (`queued`: kept offline, sent automatically;
   * `visitor`: kept in this browser for the visitor's future lead). Not fired when consent is denied.
   */
  'rechat-track': CustomEvent<{ action: string; listing?: Listing; search?: Search; queued: boolean; visitor?: true }>;
  /** A tracking element could not record its activity (no lead identified yet, a bad value). */
  'rechat-track-error': CustomEvent<{ error: RechatError }>;
}

declare global {
  interface GlobalEventHandlersEventMap extends RechatEventMap {}
}
