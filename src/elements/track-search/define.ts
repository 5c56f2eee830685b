// Registers <rechat-track-search>. Safe to import twice, or after the script-tag bundle.
// Its events, `rechat-track` and `rechat-track-error`, are declared with <rechat-track-listing>'s.
import '../track-listing/define.js';
import { RechatTrackSearchElement } from './track-search.js';

RechatTrackSearchElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'rechat-track-search': RechatTrackSearchElement;
  }
}

export { RechatTrackSearchElement };
