/**
 * The framework-free SDK core: `Sdk` (sending at once, with no offline outbox),
 * its errors, types and payload helpers. No side effects on import.
 */
export { Sdk, DEFAULT_API_URL, type SdkSettings, type TrackerSettings } from './sdk.js';
export { Leads, type FormEvents, type AssignResult } from './leads.js';
export { Tracker, ACTIONS } from './tracker.js';
export { RechatError, NO_TRACKING_ID_MESSAGE, type RechatErrorCode } from './errors.js';
export { DEFAULT_COOKIE_NAME, type CookieOptions } from './cookie.js';
export { ATTRIBUTION_FIELDS, type Attribution, type AttributionField } from './attribution.js';
export { CAMPAIGN_FIELDS, type Touch } from './campaign.js';
export type { ConsentState } from './consent.js';
export { VisitorPhase, PAGE_ACTIONS, type VisitorPhaseOptions } from './visitor-phase.js';
export { BEFORE_CONTACT, type MergeDispatcher, type KeyedRequest } from './visitor-merge.js';
export { SESSION_TIMEOUT_MS } from './session.js';
export { VISITOR_LIFETIME_MS } from './visitor-lifetime.js';
export type { KeptActivity, OpenVisitorStore, VisitorHooks, VisitorPhaseRequest, VisitorState, VisitorStore } from './visitor-record.js';
export { collectFormFields } from './form-data.js';
export { normaliseListing, normaliseSearch } from './activity-payload.js';
export { isUuid } from './input.js';
export {
  DirectDispatcher,
  LEAD_ID_PLACEHOLDER,
  type Dispatcher,
  type Dispatched,
  type OutboundRequest,
  type IdentifyWith,
  type RequestKind,
} from './dispatcher.js';
export type { ApiReply } from './transport.js';
export type { Activity, Assignee, Channel, Lead, LeadInput, Listing, Search, TrackResult } from './types.js';
