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

let warnedActionless = false;

/** For tests: the next action-less `capture()` on this page warns again. */
export function resetTrackerWarnings(): void {
  warnedActionless = false;
}

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

  /**
   * Whether a call now does more than reject with `no_tracking_id`: there is a lead (or its
   * queued capture) to send to, the visitor phase keeps it, or consent is refused (it
   * resolves `skipped`). Cheap, for callers that make many calls at once.
   */
  get ready(): boolean {
    return this.#sdk.consent === 'denied' || !!this.#sdk.visitor?.keepsActivity || !!this.#target();
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

  /** Records that the visitor viewed a listing (`ContactViewedListing`). */
  viewedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.viewedListing, listing: orNull(listing), notes });
  }

  /** Records that the visitor shared a listing (`ContactSharedListing`). */
  sharedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.sharedListing, listing: orNull(listing), notes });
  }

  /** Records that the visitor favorited a listing (`ContactFavoritedListing`). */
  favoritedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.favoritedListing, listing: orNull(listing), notes });
  }

  /** Records that the visitor removed a favorite (`ContactRemovedFavoriteListing`). */
  removedFavoriteListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.removedFavoriteListing, listing: orNull(listing), notes });
  }

  /** Records that the visitor requested a valuation (`ContactValuedListing`). */
  valuedListing(listing: Listing, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.valuedListing, listing: orNull(listing), notes });
  }

  /** Records that the visitor searched for listings (`ContactSearchedListings`). */
  searchedListings(search: Search, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.searchedListings, search: orNull(search), notes });
  }

  /** Records that the visitor saved a search (`ContactCreatedSearch`). */
  createdSearch(search: Search, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.createdSearch, search: orNull(search), notes });
  }

  /** Records that the visitor removed a saved search (`ContactRemovedSearch`). */
  removedSearch(search: Search, notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.removedSearch, search: orNull(search), notes });
  }

  /** Records that the visitor signed up (`ContactSignedUp`). */
  signedUp(notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.signedUp, notes });
  }

  /** Records that the visitor logged in (`ContactLoggedIn`). */
  loggedIn(notes?: string): Promise<TrackResult> {
    return this.capture({ action: ACTIONS.loggedIn, notes });
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

/** A missing listing or search becomes null, so that the payload check rejects instead of throwing. */
function orNull<T>(value: T): T {
  return value ?? (null as T);
}
