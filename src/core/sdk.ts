import { DEFAULT_COOKIE_NAME, serializeCookie, withCookieDefaults, type CookieOptions } from './cookie.js';
import { DirectDispatcher, type Dispatcher, type IdentifyWith } from './dispatcher.js';
import { invalid, isBlank, isPlainObject } from './input.js';
import { eraseAttribution, startAttribution } from './attribution.js';
import { consentState, effectiveConsent, globalPrivacyControl, type ConsentState } from './consent.js';
import { Leads } from './leads.js';
import type { SdkRuntime } from './runtime.js';
import { forgetTrackingId } from './tracking-id.js';
import type { VisitorHooks, VisitorPhaseRequest } from './visitor-record.js';
import { DEFAULT_TIMEOUT_MS } from './transport.js';

/** Rechat's production API. */
export const DEFAULT_API_URL = 'https://api.rechat.com';

/** The tracker's settings: the cookie that keeps the visitor's lead id. */
export interface TrackerSettings {
  cookie?: {
    /** Default `rechat-sdk-tracker`. */
    name?: string;
    /** The standard cookie serialize options. Defaults: `path=/`, `SameSite=Lax`, `Secure` on https, one year. */
    options?: CookieOptions;
  };
}

/** The settings of `new Rechat.Sdk(settings)`; every one is optional. */
export interface SdkSettings {
  /** The API's base URL. Default `https://api.rechat.com`. */
  apiUrl?: string;
  /** `false`: captures do not identify new leads (an existing cookie is kept). */
  tracker?: false | TrackerSettings;
  /** Give up on one request after this many milliseconds. Default 15 000. */
  timeoutMs?: number;
  /** Advanced: the layer that gets requests to the API (tests, custom transports). */
  dispatcher?: Dispatcher;
  /**
   * Send the `Idempotency-Key` header on every attempt from the start, not only once the
   * API has said it takes it (the offline Sdk; the body key of captures is always sent).
   */
  idempotencyHeader?: boolean;
  /**
   * Keep tracker calls made before a lead exists in this browser, and put them on the
   * lead's timeline when a capture creates it (SPEC §6). Default false: they reject with
   * `No tracking id is found`, as documented.
   */
  visitor?: boolean;
  /** Record page views (at start and on History API route changes) and sessions. Default false. */
  trackPages?: boolean;
  /** What the visitor allows: `granted` (default), `pending` (nothing stored until granted) or `denied`. */
  consent?: ConsentState;
}

/**
 * Rechat's browser SDK: `sdk.Leads.capture`, `sdk.Leads.form`, `sdk.Leads.Tracker`.
 * This core build sends at once with no offline outbox; the package's main entry
 * exports the same class with the outbox underneath.
 */
export class Sdk extends EventTarget {
  /**
   * Settings every new Sdk on the page starts from, under its own. The script-tag build
   * fills `apiUrl` from its tag's `data-api-url`, so that pages written against the
   * documented `new Rechat.Sdk()` can talk to a sandbox unchanged, and `visitor`,
   * `trackPages` and `consent` from `data-visitor`, `data-track-pages` and `data-consent`.
   */
  static defaults: SdkSettings = {};

  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  /** Leads: capture, form binding, assignment and the tracker. */
  readonly Leads: Leads;
  readonly #runtime: SdkRuntime;

  constructor(settings: SdkSettings = {}) {
    super();
    if (!isPlainObject(settings as unknown)) invalid('Sdk settings', 'an object');
    settings = { ...Sdk.defaults, ...settings };
    this.apiUrl = normaliseApiUrl(settings.apiUrl);
    const tracker = settings.tracker;
    if (tracker !== undefined && tracker !== false && !isPlainObject(tracker as unknown)) invalid('tracker', 'false or an object');
    const cookie: IdentifyWith = {
      cookieName: (tracker && tracker.cookie?.name) || DEFAULT_COOKIE_NAME,
    };
    if (tracker && tracker.cookie?.options) cookie.cookieOptions = tracker.cookie.options;
    // A bad cookie name or option shows here, not at the first capture.
    serializeCookie(cookie.cookieName, '', withCookieDefaults(cookie.cookieOptions));
    const chosen = settings.consent === undefined ? 'granted' : consentState(settings.consent);
    const runtime: SdkRuntime = (this.#runtime = {
      apiUrl: this.apiUrl,
      dispatcher: settings.dispatcher ?? this.createDispatcher(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, settings),
      cookie,
      trackerEnabled: tracker !== false,
      autoIdentify: tracker !== false,
      consent: effectiveConsent(chosen, false, globalPrivacyControl()),
    });
    startAttribution(runtime.consent === 'granted');
    this.Leads = new Leads(runtime);
    const { visitor = false, trackPages = false } = settings;
    // The core Sdk has none: `visitor` and `trackPages` do nothing there (see the README).
    runtime.visitor = this.createVisitorPhase({ runtime, tracker: this.Leads.Tracker, visitor, trackPages });
    // A refusal relayed by the site is the visitor's answer: what was kept before goes.
    if (chosen === 'denied') void this.forget();
  }

  /**
   * Sets the visitor's consent, as a cookie banner learns it; returns the consent in force
   * (with no argument, only returns it). A subclass with an outbox overrides this to keep
   * queued requests in memory unless granted, and {@link forget} to discard undelivered
   * activity.
   * `granted` writes what was held in memory (the tracking id, visitor activity, the
   * session's attribution); `denied` drops and erases it, as {@link forget} does; `pending`
   * writes nothing more. The visitor's `granted` overrides Global Privacy Control. The
   * choice is not stored: call this on every page, with the answer the banner keeps.
   */
  consent(state?: ConsentState): ConsentState {
    const runtime = this.#runtime;
    if (state) {
      const consent = (runtime.consent = effectiveConsent(consentState(state), state === 'granted', globalPrivacyControl()));
      startAttribution(consent === 'granted');
      // Writes the tracking id held while pending (the full Sdk; the core keeps it for the page).
      void runtime.visitor?.consent(consent);
      if (consent === 'denied') void this.forget();
    }
    return runtime.consent;
  }

  /**
   * Erases what the SDK keeps about the visitor in this browser: the tracking cookie, the
   * session's attribution, kept visitor activity and undelivered activity. Leads the
   * visitor submitted that are not delivered yet are kept: they asked to be contacted.
   * Tracking goes on (as a new visitor) if consent allows.
   */
  async forget(): Promise<void> {
    const runtime = this.#runtime;
    forgetTrackingId(runtime.cookie);
    runtime.heldTarget = undefined;
    eraseAttribution();
    await runtime.visitor?.forget();
  }

  /**
   * The visitor's tracking: campaign attribution (UTM, click ids, referrer, landing page),
   * and with `visitor` / `trackPages` the visitor phase, page views and sessions. The core
   * Sdk has none, to stay small (they keep state in IndexedDB, which the core does
   * without); the full Sdk returns a `VisitorPhase`.
   */
  protected createVisitorPhase(_request: VisitorPhaseRequest): VisitorHooks | undefined {
    return undefined;
  }

  /** The default way requests reach the API. Subclasses put the offline outbox here. */
  protected createDispatcher(timeoutMs: number, _settings: SdkSettings): Dispatcher {
    return new DirectDispatcher({ timeoutMs });
  }
}

function normaliseApiUrl(apiUrl: unknown): string {
  if (isBlank(apiUrl)) return DEFAULT_API_URL;
  let url: URL | undefined;
  try {
    url = new URL(apiUrl as string, globalThis.location?.href);
  } catch {
    // Reported below with the other bad values.
  }
  if (typeof apiUrl !== 'string' || !url || !/^https?:$/.test(url.protocol)) invalid('apiUrl', 'an http(s) URL');
  return (url.origin + url.pathname).replace(/\/+$/, '');
}
