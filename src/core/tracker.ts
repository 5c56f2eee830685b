import { activityBody } from './activity-payload.js';
import { LEAD_ID_PLACEHOLDER, type OutboundRequest } from './dispatcher.js';
import { NO_TRACKING_ID_MESSAGE, RechatError } from './errors.js';
import { describe, isBlank, isPlainObject, requireId, requirePlainObject } from './input.js';
import type { SdkRuntime } from './runtime.js';
import { forgetTrackingId, identifyLead, readTrackingTarget } from './tracking-id.js';
import type { Activity, Listing, Search, TrackResult } from './types.js';

/** The timeline actions of the documented helpers. */
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

// Top-level fields that make an action-less capture() a listing view.
const LISTING_HINTS = ['listing_id', 'mls_number', 'listing'];

let warnedActionless = false;

/**
 * `sdk.Leads.Tracker`: records what the identified visitor does on their lead's timeline.
 * Every call rejects with `No tracking id is found` (code `no_tracking_id`) until a lead
 * is identified, by a capture or by {@link Tracker.identify}.
 */
export class Tracker {
  readonly #sdk: SdkRuntime;

  constructor(sdk: SdkRuntime) {
    this.#sdk = sdk;
  }

  /** The lead id tracking goes to; null when none is identified or its capture is still queued. */
  get leadId(): string | null {
    const target = readTrackingTarget(this.#sdk.cookie.cookieName);
    return target && 'leadId' in target ? target.leadId : null;
  }

  /** Whether tracker calls have a lead to go to (identified, or a queued capture's). */
  get isTracking(): boolean {
    return readTrackingTarget(this.#sdk.cookie.cookieName) !== undefined;
  }

  viewedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.viewedListing, listing, notes });
  }
  sharedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.sharedListing, listing, notes });
  }
  favoritedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.favoritedListing, listing, notes });
  }
  removedFavoriteListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.removedFavoriteListing, listing, notes });
  }
  valuedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.valuedListing, listing, notes });
  }
  searchedListings(search: Search, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.searchedListings, search, notes });
  }
  createdSearch(search: Search, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.createdSearch, search, notes });
  }
  removedSearch(search: Search, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.removedSearch, search, notes });
  }
  signedUp(notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.signedUp, notes });
  }
  loggedIn(notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.loggedIn, notes });
  }

  /**
   * Records any activity, with a custom action name. A call with no action but a listing
   * (`capture({ listing_id })`, as real listing pages make) is recorded as a listing view.
   */
  async capture(activity: Activity | Record<string, unknown>): Promise<TrackResult> {
    const target = readTrackingTarget(this.#sdk.cookie.cookieName);
    if (!target) throw new RechatError('no_tracking_id', NO_TRACKING_ID_MESSAGE);
    const body = activityBody(normaliseActivity(activity));
    const request: OutboundRequest = {
      kind: 'activity',
      apiUrl: this.#sdk.apiUrl,
      method: 'POST',
      path: `/leads/${'leadId' in target ? encodeURIComponent(target.leadId) : LEAD_ID_PLACEHOLDER}/timeline`,
      body,
    };
    if ('pendingCapture' in target) request.awaitsCapture = target.pendingCapture;
    const result = await this.#sdk.dispatcher.dispatch(request);
    return {
      action: body.action as string,
      lead_id: 'leadId' in target ? target.leadId : null,
      queued: result.state === 'queued',
    };
  }

  /** Points tracking at a lead you already know (for example from your own backend). */
  identify(leadId: string): void {
    const id = requireId(leadId, 'The lead id');
    identifyLead(this.#sdk.cookie, id);
    // Identifying again undoes stop(); it never overrides `tracker: false`.
    this.#sdk.autoIdentify = this.#sdk.trackerEnabled;
  }

  /** Erases the tracking cookie and stops tracking this visitor: later captures on this Sdk do not identify. */
  stop(): void {
    forgetTrackingId(this.#sdk.cookie);
    this.#sdk.autoIdentify = false;
  }
}

function normaliseActivity(input: unknown): Activity {
  const activity = requirePlainObject(input, 'The activity');
  const { action } = activity;
  if (isBlank(action)) {
    const listing = isPlainObject(activity.listing) ? activity.listing : pickListing(activity);
    if (!LISTING_HINTS.some((key) => !isBlank(activity[key]))) {
      throw new RechatError('invalid_input', 'The activity has no action: give one, e.g. { action: "ContactSignedUp" }');
    }
    if (!warnedActionless) {
      warnedActionless = true;
      console.warn(
        '[rechat-sdk] Tracker.capture() was called without an action; recording it as ContactViewedListing. ' +
          'Call Tracker.viewedListing(listing) to say so explicitly.',
      );
    }
    return { action: ACTIONS.viewedListing, listing, notes: activity.notes as string | undefined };
  }
  if (typeof action !== 'string') {
    throw new RechatError('invalid_input', `action must be a string, got ${describe(action)}`);
  }
  const out: Activity = { action: action.trim() };
  if (activity.listing !== undefined) out.listing = activity.listing as Listing;
  if (activity.search !== undefined) out.search = activity.search as Search;
  if (activity.notes !== undefined) out.notes = activity.notes as string;
  return out;
}

function pickListing(activity: Record<string, unknown>): Listing {
  const { action: _a, notes: _n, search: _s, listing: _l, ...rest } = activity;
  return rest as Listing;
}
