// Registers <rechat-track-listing>. Safe to import twice; after the script-tag bundle,
// the bundle's definition stays and the console says so.
import { RechatTrackListingElement } from './track-listing.js';

RechatTrackListingElement.define();

export { RechatTrackListingElement };
