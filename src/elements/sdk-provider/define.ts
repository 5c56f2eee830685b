// Registers <rechat-sdk>. Safe to import twice, or after the script-tag bundle.
import { RechatSdkElement } from './sdk-provider.js';

RechatSdkElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'rechat-sdk': RechatSdkElement;
  }
}

export { RechatSdkElement };
