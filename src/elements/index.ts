/**
 * The custom element classes. Importing this module defines no element: register them
 * with `import 'rechat-sdk/define'`, or one by one with each class's `define(tag?)`.
 */
export { RechatSdkElement } from './sdk-provider/sdk-provider.js';
export { RechatLeadFormElement, type LeadFormState } from './lead-form/lead-form.js';
export { RechatTrackListingElement, type ListingAction } from './track-listing/track-listing.js';
export { RechatTrackSearchElement, type SearchAction } from './track-search/track-search.js';
export { TrackElement, type Trigger } from './shared/track.js';
export { RechatElement } from './shared/base.js';
export { sdkContext } from './shared/sdk-context.js';
