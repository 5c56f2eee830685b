// Registers <rechat-lead-form>. Safe to import twice; after the script-tag bundle, the
// bundle's definition stays and the console says so. Its tag and events are declared
// with the class (lead-form.ts, shared/events.ts), so every entry point has them.
import { RechatLeadFormElement } from './lead-form.js';

RechatLeadFormElement.define();

export { RechatLeadFormElement };
