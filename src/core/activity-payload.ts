import { RechatError } from './errors.js';
import { describe, isBlank, requirePlainObject } from './input.js';
import { toList } from './lead-payload.js';
import type { Activity, Listing, Search } from './types.js';

const LISTING_NUMBERS = new Set(['price']);
const SEARCH_NUMBERS = new Set([
  'minimum_price',
  'maximum_price',
  'minimum_bedrooms',
  'maximum_bedrooms',
  'minimum_bathrooms',
  'maximum_bathrooms',
]);
const SEARCH_LISTS = new Set(['property_types', 'postal_codes']);
const SEARCH_BOOLEANS = new Set(['pool']);

/**
 * A listing as the API wants it. Real pages send what their templates print: prices as
 * `"1,250,000"` or `"$1.2M"`-free strings, ids as numbers. Numbers are parsed, blank values
 * dropped, and `listing_id` (what listing templates call the id) becomes `id`.
 */
export function normaliseListing(value: unknown): Listing {
  const input = requirePlainObject(value, 'The listing');
  const out: Listing = {};
  for (const [key, raw] of Object.entries(input)) {
    if (isBlank(raw)) continue;
    const field = key === 'listing_id' ? 'id' : key;
    if (field === 'id' && out.id !== undefined) continue;
    if (LISTING_NUMBERS.has(field)) out[field] = toNumber(raw, `listing.${field}`);
    else if (field === 'property') out.property = requirePlainObject(raw, 'listing.property');
    else out[field] = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : raw;
  }
  return out;
}

/** A search as the API wants it: numbers parsed, comma lists split, flags made booleans, blanks dropped. */
export function normaliseSearch(value: unknown): Search {
  const input = requirePlainObject(value, 'The search');
  const out: Search = {};
  for (const [field, raw] of Object.entries(input)) {
    if (isBlank(raw)) continue;
    if (SEARCH_NUMBERS.has(field)) out[field] = toNumber(raw, `search.${field}`);
    else if (SEARCH_LISTS.has(field)) {
      const list = toList(raw, `search.${field}`);
      if (list.length) out[field] = list;
    } else if (SEARCH_BOOLEANS.has(field)) out[field] = toBoolean(raw, `search.${field}`);
    else out[field] = typeof raw === 'string' ? raw.trim() : raw;
  }
  return out;
}

/** The timeline body of one activity, with its listing or search normalised. */
export function activityBody(activity: Activity): Record<string, unknown> {
  const body: Record<string, unknown> = { action: activity.action };
  if (activity.listing !== undefined) body.listing = normaliseListing(activity.listing);
  if (activity.search !== undefined) body.search = normaliseSearch(activity.search);
  if (!isBlank(activity.notes)) {
    if (typeof activity.notes !== 'string') {
      throw new RechatError('invalid_input', `notes must be a string, got ${describe(activity.notes)}`);
    }
    body.notes = activity.notes.trim();
  }
  return body;
}

function toNumber(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    // "1,250,000", "$ 1250000", "1 250 000": thousands separators and currency signs.
    const n = Number(value.replace(/[\s,$€£]/g, ''));
    if (Number.isFinite(n)) return n;
  }
  throw new RechatError('invalid_input', `${what} must be a number, got ${describe(value)}`);
}

function toBoolean(value: unknown, what: string): boolean {
  if (typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  throw new RechatError('invalid_input', `${what} must be true or false, got ${describe(value)}`);
}
