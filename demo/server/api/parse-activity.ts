import { describe, isRawObject, optionalObject, optionalString, type RawObject } from './fields.js';
import { badRequest } from './http-errors.js';

/** The documented timeline actions (seed 002, SPEC §2 `Leads.Tracker`). */
export const TIMELINE_ACTIONS = [
  'ContactViewedListing',
  'ContactSharedListing',
  'ContactFavoritedListing',
  'ContactRemovedFavoriteListing',
  'ContactValuedListing',
  'ContactSearchedListings',
  'ContactCreatedSearch',
  'ContactRemovedSearch',
  'ContactSignedUp',
  'ContactLoggedIn',
] as const;

/** Custom actions (`Tracker.capture({ action })`) follow the same naming: Contact + PascalCase. */
const CUSTOM_ACTION = /^Contact[A-Z][A-Za-z0-9]{0,60}$/;

/** A validated timeline activity. */
export interface ActivityInput {
  readonly action: string;
  readonly listing?: RawObject;
  readonly search?: RawObject;
  readonly notes?: string;
}

/**
 * Validates the body of `POST /leads/:lead_id/timeline`.
 *
 * @throws {HttpError} 400 for a missing or malformed action or mistyped fields.
 */
export function parseActivity(body: unknown): ActivityInput {
  if (!isRawObject(body)) {
    throw badRequest(`The body must be a JSON object with an action, got ${body === undefined ? 'no body' : describe(body)}`);
  }
  const action = body['action'];
  if (action === undefined || action === null || action === '') {
    throw badRequest(`action is required, e.g. ${TIMELINE_ACTIONS.slice(0, 3).join(', ')}`);
  }
  if (typeof action !== 'string') throw badRequest(`action must be a string, got ${describe(action)}`);
  if (!CUSTOM_ACTION.test(action)) {
    throw badRequest(
      `Unknown action '${action.slice(0, 80)}': expected one of ${TIMELINE_ACTIONS.join(', ')}, or a custom action named Contact<Something> (letters and digits)`,
    );
  }
  const listing = optionalObject(body, 'listing');
  const search = optionalObject(body, 'search');
  const notes = optionalString(body, 'notes');
  return { action, ...(listing ? { listing } : {}), ...(search ? { search } : {}), ...(notes ? { notes } : {}) };
}
