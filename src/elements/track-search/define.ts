// Registers <rechat-track-search>. Safe to import twice; after the script-tag bundle,
// the bundle's definition stays and the console says so.
import { RechatTrackSearchElement } from './track-search.js';

RechatTrackSearchElement.define();

export { RechatTrackSearchElement };
