import { RechatError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical 8-4-4-4-12 hex form, any version. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** True for `{…}` literals and `Object.create(null)`: not arrays, dates, forms or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A value a person left blank: absent, null, or a string of only white space. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Throws `invalid_input` unless `value` is a plain object; `what` names it in the message. */
export function requirePlainObject(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new RechatError('invalid_input', `${what} must be an object, got ${describe(value)}`);
  }
  return value;
}

/** Throws `invalid_input` unless `value` is a non-empty string. */
export function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RechatError('invalid_input', `${what} must be a non-empty string, got ${describe(value)}`);
  }
  return value.trim();
}

/** A short, safe description of a value for error messages (never the value of an object). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object that is not a plain object';
  return typeof value === 'undefined' ? 'nothing' : `${typeof value} ${String(value)}`;
}
