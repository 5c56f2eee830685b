/**
 * rechat-sdk for bundlers. Importing this module has no side effects: it defines no
 * elements and touches no DOM, storage or network until an Sdk is made.
 */
export * from './core/index.js';
export { Sdk, type SdkEventMap } from './offline-sdk.js';
export { Outbox, pageOutbox, type OutboxEventMap, type OutboxOptions, type DispatchOptions } from './store/outbox.js';
export type { OutboxRecord, FailedRecord } from './store/record.js';
export type { OutboxLimits, RetryPolicy } from './store/policy.js';
export { openVisitorStore, VISITOR_DB_NAME } from './store/visitor-store.js';
export {
  RechatSdkElement,
  RechatLeadFormElement,
  RechatTrackListingElement,
  RechatTrackSearchElement,
  type LeadFormState,
  type ListingAction,
  type SearchAction,
  type Trigger,
} from './elements/index.js';
