import { normaliseSearch } from '../../core/activity-payload.js';
import { ACTIONS } from '../../core/tracker.js';
import type { Search } from '../../core/types.js';
import { attributeProperties, readFields, type Attributes } from '../shared/base.js';
import { TrackElement } from '../shared/track.js';

/** What `<rechat-track-search>` records. */
export type SearchAction = 'searched' | 'created' | 'removed';

// The search's attributes, declared once: the properties and their types are made from this list.
const FIELDS = [
  'title',
  'url',
  'search',
  'minimum_price',
  'maximum_price',
  'minimum_bedrooms',
  'maximum_bedrooms',
  'minimum_bathrooms',
  'maximum_bathrooms',
  'property_types',
  'postal_codes',
  'pool',
] as const;

/**
 * Records the visitor's listing searches on their lead's timeline: a search when the
 * results page loads, a saved or removed search when they click.
 *
 * @tagname rechat-track-search
 * @summary Records a listing search, or a saved or removed search, on the visitor's Rechat timeline.
 *
 * @attr {'searched'|'created'|'removed'} action - Which activity to record. Default `searched`.
 * @attr {'load'|'visible'|'click'|'none'} trigger - When to record it. Default `load`.
 * @attr {string} title - The search's name (also the element's native tooltip).
 * @attr {string} url - The results page's address.
 * @attr {string} search - The free-text query.
 * @attr {string} minimum-price - The lowest price.
 * @attr {string} maximum-price - The highest price.
 * @attr {string} minimum-bedrooms - The fewest bedrooms.
 * @attr {string} maximum-bedrooms - The most bedrooms.
 * @attr {string} minimum-bathrooms - The fewest bathrooms.
 * @attr {string} maximum-bathrooms - The most bathrooms.
 * @attr {string} property-types - Comma-separated, e.g. `Condo,Townhouse`.
 * @attr {string} postal-codes - Comma-separated, e.g. `78701,78702`.
 * @attr {string} pool - `true` or `false`.
 * @attr {string} notes - Notes sent with the activity.
 *
 * @fires {CustomEvent<{ action: string; search: Search; queued: boolean }>} rechat-track - The activity was recorded (`queued`: it is kept offline and sent automatically).
 * @fires {CustomEvent<{ error: RechatError }>} rechat-track-error - It was not: no lead is identified yet (`error.code` `no_tracking_id`), or a value is invalid.
 *
 * Its content is shown as it is.
 */
export class RechatTrackSearchElement extends TrackElement<SearchAction> {
  static override tagName = 'rechat-track-search';
  static override fields = FIELDS;
  static override identity = 0;
  static override actions: Record<SearchAction, string> = {
    searched: ACTIONS.searchedListings,
    created: ACTIONS.createdSearch,
    removed: ACTIONS.removedSearch,
  };
  // `title` stays the native property, which already reflects its attribute.
  static {
    attributeProperties(this, FIELDS.slice(1));
    attributeProperties(this, ['action'], Object.keys(this.actions));
  }

  /** Which activity to record; an unknown value records `searched`. */
  declare action: SearchAction;

  protected payload(): { search: Search } {
    return { search: normaliseSearch(readFields(this, FIELDS)) };
  }
}

// Declared after the class: the manifest analyzer takes the first declaration of a name for the class.
/** The search's fields, read from their attributes when the activity is sent (`title` is the native property). */
export interface RechatTrackSearchElement extends Attributes<typeof FIELDS> {}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-track-search': RechatTrackSearchElement;
  }
}
