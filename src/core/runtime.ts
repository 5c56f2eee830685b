import type { Dispatcher, IdentifyWith } from './dispatcher.js';

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
}
