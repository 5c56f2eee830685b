import type { Touch } from './campaign.js';
import type { ConsentState } from './consent.js';
import type { SdkRuntime } from './runtime.js';
import type { Tracker } from './tracker.js';
import type { TrackResult } from './types.js';
import type { Session } from './session.js';
import type { TrackingTarget } from './tracking-id.js';
import type { Visitor } from './visitor-lifetime.js';

/** One activity of the visitor phase, kept in the browser until it is merged onto a lead. */
export interface KeptActivity {
  /** Random and stable: the idempotency key it is dispatched with, so a merge sends it once. */
  id: string;
  /** Order of recording, comparable across tabs. */
  seq: number;
  /** When it happened (epoch ms): goes into `notes` when merged. */
  at: number;
  /** The timeline body: `{ action, listing?, search?, notes? }`. */
  body: Record<string, unknown>;
}

/** What the visitor phase remembers besides activity. */
export interface VisitorState {
  visitor?: Visitor;
  session?: Session;
  /** The visitor's first touch, kept for their 45 days. */
  firstTouch?: Touch;
  /** A merge under way: the lead (or queued capture) the kept activity goes to. */
  merging?: TrackingTarget;
}

/**
 * Where kept visitor activity survives the page (IndexedDB), written only with consent.
 * Every method resolves once the change is committed.
 */
export interface VisitorStore {
  /** The state and every kept activity, oldest first. */
  load(): Promise<{ state: VisitorState; activities: KeptActivity[] }>;
  /** The state alone: what a page needs at start, without reading the activity. */
  state(): Promise<VisitorState>;
  /** Adds activities and writes the state, in one transaction. */
  save(activities: KeptActivity[], state: VisitorState): Promise<void>;
  /** Removes activities (merged, or expired with their visitor) and writes the state. */
  remove(ids: string[] | 'all', state: VisitorState): Promise<void>;
  /** Deletes everything, database included. */
  erase(): Promise<void>;
}

/**
 * Opens the store. With `create: false` (consent pending) it resolves undefined rather
 * than create a database that does not exist yet: creating one is a write.
 */
export type OpenVisitorStore = (create: boolean) => Promise<VisitorStore | undefined>;

/**
 * What the Sdk's Leads and Tracker ask of the visitor's tracking: campaign attribution,
 * the visitor phase, page views and sessions. The Sdk gets one from
 * `createVisitorPhase()`; the core Sdk has none.
 */
export interface VisitorHooks {
  /** Whether tracker calls made before a lead exists are kept (the visitor phase is on), rather than rejected. */
  readonly keepsActivity: boolean;
  /** Adds the visitor's attribution (campaign, referrer, landing page) to a capture's body. */
  prepareLead(body: Record<string, unknown>): void;
  /**
   * Records one tracker call: sent with `send` when a lead is `identified()`, else kept in
   * the browser (visitor phase on) or rejected by `send` (`No tracking id is found`).
   */
  track(
    body: Record<string, unknown>,
    send: (body: Record<string, unknown>) => Promise<TrackResult>,
    identified: () => boolean,
  ): Promise<TrackResult>;
  /** A capture created (or queued) the lead: puts the kept activity on its timeline, once. */
  merge(target: TrackingTarget): Promise<void>;
  /** Consent changed: `granted` persists what memory holds, `denied` drops and erases it. */
  consent(state: ConsentState): Promise<void>;
  /** Erases the visitor's kept activity and state; a new visitor starts with the next activity. */
  forget(): Promise<void>;
}

/** What the Sdk hands `createVisitorPhase()`. */
export interface VisitorPhaseRequest {
  /** The Sdk's shared state: API, dispatcher, consent, tracking id. */
  runtime: SdkRuntime;
  /** The tracker that page views go through, so that consent and identification apply to them as to any call. */
  tracker: Tracker;
  /** Keep tracker calls made before a lead exists (`visitor: true`). */
  visitor: boolean;
  /** Record page views and sessions (`trackPages: true`). */
  trackPages: boolean;
}
