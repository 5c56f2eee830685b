import { Sdk } from '../../offline-sdk.js';
import { attributeProperties, RechatElement, type Attributes } from '../shared/base.js';
import { sdkContext } from '../shared/sdk-context.js';

// The provider's attributes, declared once: the properties and their types are made from this list.
const SETTINGS = ['api_url', 'tracker', 'cookie_name'] as const;

/**
 * Gives the Rechat elements inside it their own Sdk: another API, no identification, or
 * another cookie. Without one, the elements use the page's shared Sdk
 * (`Rechat.Sdk.shared()`). It renders nothing of its own (`display: contents`): its
 * content is shown as it is.
 *
 * It answers the context protocol's `context-request` events for `sdkContext` (so a
 * `ContextConsumer` or `@consume` of `@lit/context` in your own elements gets its Sdk
 * too), once per request: the Rechat elements ask each time they send. When its
 * attributes make no valid Sdk, it answers with the `RechatError` instead, and the
 * console names the attribute: the elements inside report that error rather than send
 * somewhere the page did not ask for.
 *
 * @tagname rechat-sdk
 * @summary Provides an Sdk, configured by attributes, to the Rechat elements inside it.
 *
 * @attr {string} api-url - The API's base URL. Default `https://api.rechat.com` (or the script tag's `data-api-url`).
 * @attr {string} tracker - `off`: submitted leads are not identified for tracking.
 * @attr {string} cookie-name - The tracking cookie's name. Default `rechat-sdk-tracker`.
 */
export class RechatSdkElement extends RechatElement {
  static override tagName = 'rechat-sdk';
  static {
    attributeProperties(this, SETTINGS);
  }

  // The Sdk made from `#settings`; a failed attempt is not kept, so that it is reported
  // at each request and a corrected attribute takes effect.
  #sdk?: Sdk;
  #settings?: string;
  #reported?: string;

  constructor() {
    super();
    this.addEventListener('context-request', (event) => {
      if (event.context !== sdkContext) return;
      event.stopPropagation();
      let sdk: Sdk;
      try {
        sdk = this.sdk;
      } catch (error) {
        // Once per bad value: a page of listing cards asks for every card.
        const settings = this.#current();
        if (this.#reported !== settings) {
          this.#reported = settings;
          console.error(`[rechat-sdk] <${this.localName}>: ${(error as Error).message}. Fix its api-url (an http(s) URL) or cookie-name attribute.`);
        }
        // The context's consumers are told by an Error in place of the Sdk (see sdkOf).
        sdk = error as Sdk;
      }
      event.callback(sdk);
    });
  }

  #current(): string {
    return `${this.apiUrl} ${this.tracker} ${this.cookieName}`;
  }

  /**
   * The Sdk this element provides, made from its attributes when first needed (and again
   * when they change). Throws the `RechatError` of a bad `api-url` or `cookie-name`.
   */
  get sdk(): Sdk {
    const settings = this.#current();
    if (settings !== this.#settings || !this.#sdk) {
      const { apiUrl, tracker, cookieName } = this;
      this.#sdk = new Sdk({
        apiUrl: apiUrl || undefined,
        tracker: tracker !== 'off' && (cookieName ? { cookie: { name: cookieName } } : undefined),
      });
      this.#settings = settings;
    }
    return this.#sdk;
  }
}

// The properties made from the attribute list (declared after the class: the manifest
// analyzer takes the first declaration of a name for the class).
/** `apiUrl` (`''` for the default), `tracker` (`'off'` disables identification), `cookieName` (`''` for the default). */
export interface RechatSdkElement extends Attributes<typeof SETTINGS> {}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-sdk': RechatSdkElement;
  }
}
