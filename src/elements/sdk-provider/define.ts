// Registers <rechat-sdk>. Safe to import twice; after the script-tag bundle, the bundle's
// definition stays and the console says so.
import { RechatSdkElement } from './sdk-provider.js';

RechatSdkElement.define();

export { RechatSdkElement };
