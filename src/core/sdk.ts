import { DEFAULT_COOKIE_NAME, serializeCookie, withCookieDefaults, type CookieOptions } from './cookie.js';
import { DirectDispatcher, type Dispatcher, type IdentifyWith } from './dispatcher.js';
import { RechatError } from './errors.js';
import { describe, isPlainObject } from './input.js';
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
}

/**
 * Rechat's browser SDK: `sdk.Leads.capture`, `sdk.Leads.form`, `sdk.Leads.Tracker`.
 * This core build sends at once with no offline outbox; the package's main entry
 * exports the same class with the outbox underneath.
 */
export class Sdk extends EventTarget {
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  /** Leads: capture, form binding, assignment and the tracker. */
  readonly Leads: Leads;
  /** The settings this Sdk was made with. */
  readonly settings: Readonly<SdkSettings>;

  constructor(settings: SdkSettings = {}) {
    super();
    if (!isPlainObject(settings as unknown)) {
      throw new RechatError('invalid_input', `Sdk settings must be an object, got ${describe(settings)}`);
    }
    this.settings = settings;
    this.apiUrl = normaliseApiUrl(settings.apiUrl);
    const tracker = settings.tracker;
    if (tracker !== undefined && tracker !== false && !isPlainObject(tracker as unknown)) {
      throw new RechatError('invalid_input', `tracker must be false or an object, got ${describe(tracker)}`);
    }
    const cookie: IdentifyWith = {
      cookieName: (tracker && tracker.cookie?.name) || DEFAULT_COOKIE_NAME,
    };
    if (tracker && tracker.cookie?.options) cookie.cookieOptions = tracker.cookie.options;
    // A bad cookie name or option shows here, not at the first capture.
    serializeCookie(cookie.cookieName, '', withCookieDefaults(cookie.cookieOptions));
    const runtime: SdkRuntime = {
      apiUrl: this.apiUrl,
      dispatcher: settings.dispatcher ?? this.createDispatcher(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      cookie,
      trackerEnabled: tracker !== false,
      autoIdentify: tracker !== false,
    };
    this.Leads = new Leads(runtime);
  }

  /** The default way requests reach the API. Subclasses put the offline outbox here. */
  protected createDispatcher(timeoutMs: number): Dispatcher {
    return new DirectDispatcher({ timeoutMs });
  }
}

function normaliseApiUrl(apiUrl: unknown): string {
  if (apiUrl === undefined || apiUrl === null || apiUrl === '') return DEFAULT_API_URL;
  if (typeof apiUrl !== 'string') {
    throw new RechatError('invalid_input', `apiUrl must be a string, got ${describe(apiUrl)}`);
  }
  let url: URL;
  try {
    url = new URL(apiUrl, globalThis.location?.href);
  } catch {
    throw new RechatError('invalid_input', `apiUrl is not a URL: ${describe(apiUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RechatError('invalid_input', `apiUrl must be an http(s) URL, got ${describe(apiUrl)}`);
  }
  return (url.origin + url.pathname).replace(/\/+$/, '');
}
