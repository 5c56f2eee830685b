// Registers <rechat-track-listing> and declares the tracking events. Safe to import twice, or after the script-tag bundle.
import type { RechatError } from '../../core/errors.js';
import type { Listing, Search } from '../../core/types.js';
import { RechatTrackListingElement } from './track-listing.js';

RechatTrackListingElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'rechat-track-listing': RechatTrackListingElement;
  }
  interface GlobalEventHandlersEventMap {
    /** A tracking element recorded its activity (`queued`: kept offline, sent automatically). */
    'rechat-track': CustomEvent<{ action: string; listing?: Listing; search?: Search; queued: boolean }>;
    /** A tracking element could not record its activity (no lead identified yet, a bad value). */
    'rechat-track-error': CustomEvent<{ error: RechatError }>;
  }
}

export { RechatTrackListingElement };
