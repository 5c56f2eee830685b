import { DEFAULT_COOKIE_NAME, serializeCookie, withCookieDefaults, type CookieOptions } from './cookie.js';
import { DirectDispatcher, type Dispatcher, type IdentifyWith } from './dispatcher.js';
import { invalid, isBlank, isPlainObject } from './input.js';
import { Leads } from './leads.js';
import type { SdkRuntime } from './runtime.js';
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
   * documented `new Rechat.Sdk()` can talk to a sandbox unchanged.
   */
  static defaults: SdkSettings = {};

  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  /** Leads: capture, form binding, assignment and the tracker. */
  readonly Leads: Leads;

  constructor(settings: SdkSettings = {}) {
    super();
    if (!isPlainObject(settings as unknown)) invalid('Sdk settings', 'an object');
    this.apiUrl = normaliseApiUrl(settings.apiUrl ?? Sdk.defaults.apiUrl);
    const tracker = settings.tracker;
    if (tracker !== undefined && tracker !== false && !isPlainObject(tracker as unknown)) invalid('tracker', 'false or an object');
    const cookie: IdentifyWith = {
      cookieName: (tracker && tracker.cookie?.name) || DEFAULT_COOKIE_NAME,
    };
    if (tracker && tracker.cookie?.options) cookie.cookieOptions = tracker.cookie.options;
    // A bad cookie name or option shows here, not at the first capture.
    serializeCookie(cookie.cookieName, '', withCookieDefaults(cookie.cookieOptions));
    const runtime: SdkRuntime = {
      apiUrl: this.apiUrl,
      dispatcher: settings.dispatcher ?? this.createDispatcher(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, settings),
      cookie,
      trackerEnabled: tracker !== false,
      autoIdentify: tracker !== false,
    };
    this.Leads = new Leads(runtime);
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
