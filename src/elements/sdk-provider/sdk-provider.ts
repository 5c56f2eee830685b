import { Sdk } from '../../offline-sdk.js';
import { attributeProperties, RechatElement } from '../shared/base.js';
import { sdkContext } from '../shared/sdk-context.js';

/**
 * Gives the Rechat elements inside it their own Sdk: another API, no identification, or
 * another cookie. Without one, the elements use the page's shared Sdk
 * (`Rechat.Sdk.shared()`). It renders nothing of its own (`display: contents`).
 *
 * It answers the context protocol's `context-request` events for `sdkContext` (so a
 * `ContextConsumer` or `@consume` of `@lit/context` in your own elements gets its Sdk
 * too), once per request: the Rechat elements ask each time they send.
 *
 * @tagname rechat-sdk
 * @summary Provides an Sdk, configured by attributes, to the Rechat elements inside it.
 *
 * @attr {string} api-url - The API's base URL. Default `https://api.rechat.com` (or the script tag's `data-api-url`).
 * @attr {string} tracker - `off`: submitted leads are not identified for tracking.
 * @attr {string} cookie-name - The tracking cookie's name. Default `rechat-sdk-tracker`.
 *
 * @slot - The elements (and anything else) that use this Sdk.
 */
export class RechatSdkElement extends RechatElement {
  static override tagName = 'rechat-sdk';
  static {
    attributeProperties(this, ['api_url', 'tracker', 'cookie_name']);
  }

  /** The API's base URL; `''` for the default. */
  declare apiUrl: string;
  /** `'off'` disables identification of new leads (`tracker: false`). */
  declare tracker: string;
  /** The tracking cookie's name; `''` for the default. */
  declare cookieName: string;

  #sdk?: Sdk;
  #settings?: string;

  constructor() {
    super();
    this.addEventListener('context-request', (event) => {
      if (event.context !== sdkContext) return;
      event.stopPropagation();
      // A bad api-url or cookie-name throws here: reported as the page's error, and the
      // element that asked goes on with the shared Sdk.
      event.callback(this.sdk);
    });
  }

  /** The Sdk this element provides, made from its attributes when first needed (and again when they change). */
  get sdk(): Sdk {
    const { apiUrl, tracker, cookieName } = this;
    const settings = `${apiUrl} ${tracker} ${cookieName}`;
    if (settings !== this.#settings) {
      this.#settings = settings;
      this.#sdk = new Sdk({
        apiUrl: apiUrl || undefined,
        tracker: tracker !== 'off' && (cookieName ? { cookie: { name: cookieName } } : undefined),
      });
    }
    return this.#sdk!;
  }
}
