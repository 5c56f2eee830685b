/**
 * rechat-sdk for bundlers. Importing this module has no side effects: it defines no
 * elements and touches no DOM, storage or network until an Sdk is made.
 */
export * from './core/index.js';
export { Sdk, type SdkEventMap } from './sdk.js';
export { Outbox, outboxLimits, type OutboxEventMap } from './store/outbox.js';
export type { OutboxRecord, FailedRecord } from './store/record.js';
export { retryPolicy } from './store/backoff.js';
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
