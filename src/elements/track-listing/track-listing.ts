import { normaliseListing } from '../../core/activity-payload.js';
import { ACTIONS } from '../../core/tracker.js';
import type { Listing } from '../../core/types.js';
import { attributeProperties, readFields, type Attributes } from '../shared/base.js';
import { TrackElement } from '../shared/track.js';

/** What `<rechat-track-listing>` records. */
export type ListingAction = 'viewed' | 'shared' | 'favorited' | 'removed-favorite' | 'valued';

// The listing's attributes, declared once: the properties (`listing-id` → `listingId`) and
// their types are made from this list.
const FIELDS = ['listing_id', 'mls_number', 'mls', 'price', 'url', 'address', 'cover_image_url'] as const;

/**
 * Records what the visitor does with a listing on their lead's timeline: a view when the
 * page loads or the card scrolls into view, a share or a favorite when they click.
 *
 * @tagname rechat-track-listing
 * @summary Records a listing view, share, favorite or valuation on the visitor's Rechat timeline.
 *
 * @attr {'viewed'|'shared'|'favorited'|'removed-favorite'|'valued'} action - Which activity to record. Default `viewed`.
 * @attr {'load'|'visible'|'click'|'none'} trigger - When to record it. Default `load`.
 * @attr {string} listing-id - The listing's id.
 * @attr {string} mls-number - The listing's MLS number.
 * @attr {string} mls - The MLS the number belongs to.
 * @attr {string} price - The price; `1,250,000` and `$750000` are read as numbers.
 * @attr {string} url - The listing page's address.
 * @attr {string} address - The property's street address.
 * @attr {string} cover-image-url - The listing's photo.
 * @attr {string} notes - Notes sent with the activity.
 *
 * @fires {CustomEvent<{ action: string; listing: Listing; queued: boolean }>} rechat-track - The activity was recorded (`queued`: it is kept offline and sent automatically).
 * @fires {CustomEvent<{ error: RechatError }>} rechat-track-error - It was not: no lead is identified yet (`error.code` `no_tracking_id`), or a value is invalid.
 *
 * Its content (the listing card) is shown as it is.
 */
export class RechatTrackListingElement extends TrackElement<ListingAction> {
  static override tagName = 'rechat-track-listing';
  static override fields = FIELDS;
  static override identity = 3;
  static override actions: Record<ListingAction, string> = {
    viewed: ACTIONS.viewedListing,
    shared: ACTIONS.sharedListing,
    favorited: ACTIONS.favoritedListing,
    'removed-favorite': ACTIONS.removedFavoriteListing,
    valued: ACTIONS.valuedListing,
  };
  static {
    attributeProperties(this, FIELDS);
    attributeProperties(this, ['action'], Object.keys(this.actions));
  }

  /** Which activity to record; an unknown value records `viewed`. */
  declare action: ListingAction;

  protected payload(): { listing: Listing } {
    const { address, ...listing } = readFields(this, FIELDS);
    return { listing: normaliseListing(address ? { ...listing, property: { address } } : listing) };
  }
}

// Declared after the class: the manifest analyzer takes the first declaration of a name for the class.
/** The listing's fields, read from their attributes when the activity is sent. */
export interface RechatTrackListingElement extends Attributes<typeof FIELDS> {}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-track-listing': RechatTrackListingElement;
  }
}
