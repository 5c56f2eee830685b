import { activityBody } from './activity-payload.js';
import { LEAD_ID_PLACEHOLDER, type OutboundRequest } from './dispatcher.js';
import { NO_TRACKING_ID_MESSAGE, RechatError } from './errors.js';
import { invalid, isBlank, isPlainObject, requireId, requirePlainObject } from './input.js';
import type { SdkRuntime } from './runtime.js';
import { forgetTrackingId, identifyLead, readTrackingTarget, type TrackingTarget } from './tracking-id.js';
import type { Activity, Listing, Search, TrackResult } from './types.js';

/** The documented helpers and the timeline action each one sends. */
export const ACTIONS = {
  viewedListing: 'ContactViewedListing',
  sharedListing: 'ContactSharedListing',
  favoritedListing: 'ContactFavoritedListing',
  removedFavoriteListing: 'ContactRemovedFavoriteListing',
  valuedListing: 'ContactValuedListing',
  searchedListings: 'ContactSearchedListings',
  createdSearch: 'ContactCreatedSearch',
  removedSearch: 'ContactRemovedSearch',
  signedUp: 'ContactSignedUp',
  loggedIn: 'ContactLoggedIn',
} as const;

type ListingHelper = (listing: Listing, notes?: string) => Promise<TrackResult>;
type SearchHelper = (search: Search, notes?: string) => Promise<TrackResult>;
type NotesHelper = (notes?: string) => Promise<TrackResult>;

// The helpers' declarations; their one implementation is generated below from ACTIONS.
export interface Tracker {
  /** Records that the visitor viewed a listing (`ContactViewedListing`). */
  viewedListing: ListingHelper;
  /** Records that the visitor shared a listing (`ContactSharedListing`). */
  sharedListing: ListingHelper;
  /** Records that the visitor favorited a listing (`ContactFavoritedListing`). */
  favoritedListing: ListingHelper;
  /** Records that the visitor removed a favorite (`ContactRemovedFavoriteListing`). */
  removedFavoriteListing: ListingHelper;
  /** Records that the visitor requested a valuation (`ContactValuedListing`). */
  valuedListing: ListingHelper;
  /** Records that the visitor searched for listings (`ContactSearchedListings`). */
  searchedListings: SearchHelper;
  /** Records that the visitor saved a search (`ContactCreatedSearch`). */
  createdSearch: SearchHelper;
  /** Records that the visitor removed a saved search (`ContactRemovedSearch`). */
  removedSearch: SearchHelper;
  /** Records that the visitor signed up (`ContactSignedUp`). */
  signedUp: NotesHelper;
  /** Records that the visitor logged in (`ContactLoggedIn`). */
  loggedIn: NotesHelper;
}

let warnedActionless = false;

/**
 * `sdk.Leads.Tracker`: records what the identified visitor does on their lead's timeline.
 * Every call rejects with `No tracking id is found` (code `no_tracking_id`) and sends
 * nothing until a lead is identified, by a capture or by {@link Tracker.identify}.
 */
export class Tracker {
  readonly #sdk: SdkRuntime;

  constructor(sdk: SdkRuntime) {
    this.#sdk = sdk;
  }

  /** The lead id tracking goes to; null when none is identified or its capture is still queued. */
  get leadId(): string | null {
    const target = this.#target();
    return target && 'leadId' in target ? target.leadId : null;
  }

  /** Whose timeline calls go to: held in memory while consent is pending, else the cookie's. */
  #target(): TrackingTarget | undefined {
    return this.#sdk.heldTarget ?? readTrackingTarget(this.#sdk.cookie.cookieName);
  }

  /**
   * Records any activity, with a custom action name. A call with no action but a listing
   * (`capture({ listing_id })`, as real listing pages make) is recorded as a listing view.
   * With consent denied nothing is recorded (`skipped: 'consent'`); with the visitor phase
   * on and no lead yet, it is kept in the browser (`visitor: true`) for the future lead.
   */
  async capture(activity: Activity | Record<string, unknown>): Promise<TrackResult> {
    const visitor = this.#sdk.visitor;
    const body = activityBody(normaliseActivity(activity));
    if (this.#sdk.consent === 'denied') return { action: body.action as string, lead_id: null, queued: false, skipped: 'consent' };
    return visitor ? visitor.track(body, (b) => this.#send(b), () => !!this.#target()) : this.#send(body);
  }

  async #send(body: Record<string, unknown>): Promise<TrackResult> {
    const target = this.#target();
    if (!target) throw new RechatError('no_tracking_id', NO_TRACKING_ID_MESSAGE);
    const leadId = 'leadId' in target ? target.leadId : null;
    const request: OutboundRequest = {
      kind: 'activity',
      apiUrl: this.#sdk.apiUrl,
      method: 'POST',
      path: `/leads/${leadId ? encodeURIComponent(leadId) : LEAD_ID_PLACEHOLDER}/timeline`,
      body,
    };
    if ('pendingCapture' in target) request.awaitsCapture = target.pendingCapture;
    const result = await this.#sdk.dispatcher.dispatch(request);
    return { action: body.action as string, lead_id: leadId, queued: result.state === 'queued' };
  }

  /** Points tracking at a lead you already know (for example from your own backend). */
  identify(leadId: string): void {
    const id = requireId(leadId, 'The lead id');
    // While consent is pending the id lives in memory; `consent('granted')` writes it.
    if (this.#sdk.consent === 'granted') identifyLead(this.#sdk.cookie, id);
    else if (this.#sdk.consent === 'pending') this.#sdk.heldTarget = { leadId: id };
    // Identifying again undoes stop(); it never overrides `tracker: false`.
    this.#sdk.autoIdentify = this.#sdk.trackerEnabled;
  }

  /** Erases the tracking cookie and stops tracking: later captures on this Sdk do not identify. */
  stop(): void {
    forgetTrackingId(this.#sdk.cookie);
    this.#sdk.heldTarget = undefined;
    this.#sdk.autoIdentify = false;
  }
}

for (const [helper, action] of Object.entries(ACTIONS)) {
  const key = helper.endsWith('Listing') ? 'listing' : helper.endsWith('Search') || helper.endsWith('Listings') ? 'search' : '';
  Object.defineProperty(Tracker.prototype, helper, {
    value(this: Tracker, payload?: unknown, notes?: string) {
      // A missing listing or search is null here, so that the check rejects, not throws.
      return this.capture(key ? { action, [key]: payload ?? null, notes } : { action, notes: payload as string });
    },
  });
}

function normaliseActivity(input: unknown): Activity {
  const { action, notes, listing, search, ...rest } = requirePlainObject(input, 'The activity');
  if (isBlank(action)) {
    // `capture({ listing_id })` — what real listing pages call — is a listing view.
    const viewed = isPlainObject(listing) ? listing : rest;
    if (isBlank(viewed.listing_id) && isBlank(viewed.id) && isBlank(viewed.mls_number)) invalid('The activity', 'given an action');
    if (!warnedActionless) {
      warnedActionless = true;
      console.warn('[rechat-sdk] Tracker.capture() with no action: recorded as ContactViewedListing');
    }
    return { action: ACTIONS.viewedListing, listing: viewed as Listing, notes: notes as string };
  }
  if (typeof action !== 'string') invalid('action', 'a string');
  return { action: action.trim(), listing: listing as Listing, search: search as Search, notes: notes as string };
}
