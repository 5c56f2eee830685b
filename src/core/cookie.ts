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
  const jar = cookieJar();
  return (jar && parseCookie(jar)[name]) || undefined;
}

/** `document.cookie`, or undefined where there is none or it is blocked (sandboxed frames throw). */
function cookieJar(value?: string): string | undefined {
  try {
    if (value !== undefined) globalThis.document.cookie = value;
    return globalThis.document?.cookie;
  } catch {
    return undefined;
  }
}

/** Writes one cookie of the current document with the defaults of {@link withCookieDefaults}. */
export function writeCookie(name: string, value: string, options?: CookieOptions): void {
  cookieJar(serializeCookie(name, value, withCookieDefaults(options)));
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
  cookieJar(serializeCookie(name, '', { ...scope, maxAge: 0, expires: new Date(0) }));
}
