import type { ConsentState } from './consent.js';
import type { Dispatcher, IdentifyWith } from './dispatcher.js';
import type { TrackingTarget } from './tracking-id.js';
import type { VisitorHooks } from './visitor-record.js';

/** What the parts of one Sdk (Leads, Tracker) share. Internal. */
export interface SdkRuntime {
  readonly apiUrl: string;
  readonly dispatcher: Dispatcher;
  /** The tracking cookie, read by the tracker whether or not captures identify. */
  readonly cookie: IdentifyWith;
  /** False with `tracker: false`: captures never identify their lead. */
  readonly trackerEnabled: boolean;
  /** Whether captures identify their lead now: `Tracker.stop()` turns it off until `identify()`. */
  autoIdentify: boolean;
  /** The consent in force (Global Privacy Control applied). */
  consent: ConsentState;
  /** While consent is pending: the tracking target, kept in memory instead of the cookie. */
  heldTarget?: TrackingTarget;
  /** The visitor phase and page tracking, when the Sdk has them. */
  visitor?: VisitorHooks;
}
