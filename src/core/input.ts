import { RechatError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical 8-4-4-4-12 hex form, any version. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * True for `{…}` literals and `Object.create(null)`: not arrays, dates, forms or class
 * instances. Checked by shape, not by `Object.prototype` identity, so that objects made
 * in another frame of the page (another realm) count too.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A value a person left blank: absent, null, or a string of only white space. */
export function isBlank(value: unknown): boolean {
  return value == null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Throws `invalid_input` naming what is wrong. Messages never echo the value: it may be
 * a visitor's personal data, and errors end up in logs.
 */
export function invalid(what: string, expected: string): never {
  throw new RechatError('invalid_input', `${what} must be ${expected}`);
}

/** The value when it is a plain object; otherwise throws `invalid_input`. */
export function requirePlainObject(value: unknown, what: string): Record<string, unknown> {
  return isPlainObject(value) ? value : invalid(what, 'an object');
}

/** The trimmed string when it is a non-blank string; otherwise throws `invalid_input`. */
export function requireId(value: unknown, what: string): string {
  return typeof value === 'string' && value.trim() ? value.trim() : invalid(what, 'a non-empty string');
}
