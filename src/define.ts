/**
 * Registers every Rechat element under its default tag: `import 'rechat-sdk/define'`.
 * The provider comes first, so that the elements inside a `<rechat-sdk>` already on the
 * page find it as they upgrade. Safe to import twice, or after the script-tag bundle.
 */
import './elements/sdk-provider/define.js';
import './elements/lead-form/define.js';
import './elements/track-listing/define.js';
import './elements/track-search/define.js';

export * from './elements/index.js';
