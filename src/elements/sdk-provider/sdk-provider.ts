import type { ConsentState } from '../../core/consent.js';
import type { SdkSettings } from '../../core/sdk.js';
import { Sdk } from '../../offline-sdk.js';
import { attributeProperties, RechatElement, type Attributes } from '../shared/base.js';
import { sdkContext } from '../shared/sdk-context.js';

// The provider's attributes, declared once: the properties and their types are made from this list.
const SETTINGS = ['api_url', 'tracker', 'cookie_name'] as const;
const CONSENT = ['granted', 'pending', 'denied'] as const;

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
 * @attr {boolean} visitor - Keep tracking from before a lead exists, and put it on the lead's timeline when one is captured.
 * @attr {boolean} track-pages - Record page views (at start and on History API route changes) and sessions.
 * @attr {string} consent - `granted`, `pending` (nothing stored until granted) or `denied`; without it, the page's setting (`data-consent`, default `granted`). A change is passed to `sdk.consent()`.
 */
export class RechatSdkElement extends RechatElement {
  static override tagName = 'rechat-sdk';
  static {
    attributeProperties(this, SETTINGS);
    attributeProperties(this, ['consent'], CONSENT);
  }

  /** Keep tracking from before a lead exists (the visitor phase, SPEC §6). Reflects `visitor`. */
  get visitor(): boolean {
    return this.hasAttribute('visitor');
  }
  set visitor(on: boolean) {
    this.toggleAttribute('visitor', on);
  }

  /** Record page views and sessions. Reflects `track-pages`. */
  get trackPages(): boolean {
    return this.hasAttribute('track-pages');
  }
  set trackPages(on: boolean) {
    this.toggleAttribute('track-pages', on);
  }

  /** `granted`, `pending` or `denied` (an unknown value reads as `granted`). */
  declare consent: ConsentState;

  // The Sdk made from `#settings`; a failed attempt is not kept, so that it is reported
  // at each request and a corrected attribute takes effect.
  #sdk?: Sdk;
  #settings?: string;
  #reported?: string;
  #watch?: MutationObserver;
  // The consent attribute last passed to the Sdk.
  #consent?: ConsentState;

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

  override connectedCallback(): void {
    super.connectedCallback();
    // A banner that sets `consent` is heard at once, not at the next element's request.
    this.#watch ??= new MutationObserver(() => this.#start());
    this.#watch.observe(this, { attributeFilter: ['consent'] });
    // Page views and sessions start with the page, before any element sends.
    if (this.visitor || this.trackPages) this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watch?.disconnect();
  }

  // Makes the Sdk (or applies a new consent); a bad attribute is reported when an element asks.
  #start(): void {
    try {
      void this.sdk;
    } catch {
      // Reported by the context-request handler.
    }
  }

  #current(): string {
    // Consent is not a setting of the Sdk's making: a change goes to the same Sdk (see `sdk`).
    return `${this.apiUrl} ${this.tracker} ${this.cookieName} ${this.visitor} ${this.trackPages}`;
  }

  /**
   * The Sdk this element provides, made from its attributes when first needed (and again
   * when they change). Throws the `RechatError` of a bad `api-url` or `cookie-name`. A
   * changed `consent` attribute is passed to the Sdk's `consent()`, as a banner would.
   */
  get sdk(): Sdk {
    const settings = this.#current();
    // Without the attribute, the page's setting (the script tag's `data-consent`) applies.
    const consent = this.hasAttribute('consent') ? this.consent : undefined;
    if (settings !== this.#settings || !this.#sdk) {
      const { apiUrl, tracker, cookieName, visitor, trackPages } = this;
      const chosen: SdkSettings = {
        apiUrl: apiUrl || undefined,
        tracker: tracker !== 'off' && (cookieName ? { cookie: { name: cookieName } } : undefined),
      };
      // Set only when on, so that the script tag's data-visitor / data-track-pages still apply.
      if (visitor) chosen.visitor = true;
      if (trackPages) chosen.trackPages = true;
      if (consent) chosen.consent = consent;
      this.#sdk = new Sdk(chosen);
      this.#settings = settings;
    } else if (consent && consent !== this.#consent) {
      // A changed attribute is the visitor's answer (a banner's): as `sdk.consent()`, it
      // overrides Global Privacy Control. The attribute the Sdk was made with does not.
      this.#sdk.consent(consent);
    }
    this.#consent = consent;
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
