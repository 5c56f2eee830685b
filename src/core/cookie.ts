import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import { RechatError } from './errors.js';

/** The standard cookie serialize options (as in the `cookie` package), less `httpOnly`, which a script cannot set. */
export type CookieOptions = Omit<SerializeOptions, 'httpOnly' | 'encode'> & { httpOnly?: never };

/** The tracking cookie's name when none is configured, as documented. */
export const DEFAULT_COOKIE_NAME = 'rechat-sdk-tracker';

/** One year, in seconds: the documented example's lifetime and our default. */
export const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/**
 * The safe defaults under the caller's options: first-party, the whole site (`path=/`),
 * `SameSite=Lax`, `Secure` on https pages, and a year unless an expiry is given.
 */
export function withCookieDefaults(options: CookieOptions = {}): SerializeOptions {
  const secureContext = globalThis.location?.protocol === 'https:';
  const merged: SerializeOptions = { path: '/', sameSite: 'lax', secure: secureContext, ...options };
  if (options.maxAge === undefined && options.expires === undefined) merged.maxAge = ONE_YEAR_SECONDS;
  // Browsers refuse SameSite=None without Secure; HttpOnly cannot be set from a script
  // (the browser would drop the whole cookie).
  if (merged.sameSite === 'none') merged.secure = true;
  delete merged.httpOnly;
  return merged;
}

/** Reads one cookie of the current document, or undefined. */
export function readCookie(name: string): string | undefined {
  // The cookie package decodes safely: a malformed value (another script's, or a
  // hand-edited one) comes back as it is instead of throwing URIError.
  return parsedJar()[name] || undefined;
}

// Reading `document.cookie` is slow next to everything else a tracker call does; a page
// making a thousand calls in one go reads and parses it once. The copy lasts until the
// current task's microtasks have run, and every write through this module drops it.
let parsed: Record<string, string | undefined> | undefined;
function parsedJar(): Record<string, string | undefined> {
  if (!parsed) {
    const jar = cookieJar();
    parsed = jar ? parseCookie(jar) : {};
    queueMicrotask(() => (parsed = undefined));
  }
  return parsed;
}

/** `document.cookie`, or undefined where there is none or it is blocked (sandboxed frames throw). */
function cookieJar(): string | undefined {
  try {
    return globalThis.document?.cookie;
  } catch {
    return undefined;
  }
}

/** Sets one `Set-Cookie`-style string (no read back: that would cost the page a round trip to the browser). */
function setCookie(value: string): void {
  parsed = undefined;
  try {
    if (globalThis.document) globalThis.document.cookie = value;
  } catch {
    // Sandboxed frames refuse cookies: there is no tracking to keep there.
  }
}

/** Writes one cookie of the current document with the defaults of {@link withCookieDefaults}. */
export function writeCookie(name: string, value: string, options?: CookieOptions): void {
  setCookie(serializeCookie(name, value, withCookieDefaults(options)));
}

/**
 * One `Set-Cookie`-style string. Throws `invalid_input` for a name or option the cookie
 * grammar forbids (the `cookie` package's TypeError, made ours).
 */
export function serializeCookie(name: string, value: string, options: SerializeOptions): string {
  try {
    return stringifySetCookie({ ...options, name, value });
  } catch (cause) {
    throw new RechatError('invalid_input', `Tracking cookie settings: ${(cause as Error).message}`, { cause });
  }
}

/** Erases one cookie: the same name, path and domain, expired. */
export function eraseCookie(name: string, options?: CookieOptions): void {
  const { maxAge: _maxAge, expires: _expires, ...scope } = withCookieDefaults(options);
  setCookie(serializeCookie(name, '', { ...scope, maxAge: 0, expires: new Date(0) }));
}
