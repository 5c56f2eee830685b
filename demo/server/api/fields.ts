import { badRequest } from './http-errors.js';

/** A parsed JSON or form body, before validation. */
export type RawObject = Record<string, unknown>;

/** Whether a body value is a plain object (not null, not a list). */
export function isRawObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a JSON value's type for error messages: "a number", "a list", "null". */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/**
 * Reads an optional string field. `null` and blank strings count as absent, because
 * forms and CMS plugins send empty fields. With `numbers`, a JSON number is accepted and
 * turned into text: phone numbers and MLS ids often arrive unquoted.
 *
 * @throws {HttpError} 400 naming the field and what it got.
 */
export function optionalString(body: RawObject, key: string, path = key, numbers = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (numbers && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw badRequest(
      Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? `${path} must be a single value, not a list (was the field sent twice?)`
        : `${path} must be a string, got ${describe(value)}`,
    );
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An optional field holding an object (a listing, a search); `null` counts as absent. */
export function optionalObject(body: RawObject, key: string, path = key): RawObject | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isRawObject(value)) throw badRequest(`${path} must be an object, got ${describe(value)}`);
  return value;
}
