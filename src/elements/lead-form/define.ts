// Registers <rechat-lead-form> and declares its events. Safe to import twice, or after the script-tag bundle.
import type { RechatError } from '../../core/errors.js';
import type { Lead, LeadInput } from '../../core/types.js';
import { RechatLeadFormElement } from './lead-form.js';

RechatLeadFormElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'rechat-lead-form': RechatLeadFormElement;
  }
  interface GlobalEventHandlersEventMap {
    /** Before a lead is sent; cancelable. Listeners may change `detail.payload`. */
    'rechat-lead-submit': CustomEvent<{ payload: LeadInput }>;
    /** The lead was created (also when a queued lead is delivered later). */
    'rechat-lead-success': CustomEvent<{ lead: Lead }>;
    /** Offline: the lead is saved and will be sent automatically. */
    'rechat-lead-queued': CustomEvent<{ lead: Lead }>;
    /** The lead was refused, or the form is misconfigured. */
    'rechat-lead-error': CustomEvent<{ error: RechatError }>;
  }
}

export { RechatLeadFormElement };
