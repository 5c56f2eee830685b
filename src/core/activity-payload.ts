import { normaliseFields, type FieldSchema } from './fields.js';
import { invalid } from './input.js';
import type { Activity, Listing, Search } from './types.js';

const LISTING_SCHEMA: FieldSchema = {
  id: 'text',
  url: 'text',
  mls: 'text',
  mls_number: 'text',
  price: 'number',
  cover_image_url: 'text',
  property: 'object',
};

const SEARCH_SCHEMA: FieldSchema = {
  url: 'text',
  title: 'text',
  search: 'text',
  minimum_price: 'number',
  maximum_price: 'number',
  minimum_bedrooms: 'number',
  maximum_bedrooms: 'number',
  minimum_bathrooms: 'number',
  maximum_bathrooms: 'number',
  property_types: 'list',
  postal_codes: 'list',
  pool: 'flag',
};

/** A listing as the API wants it; `listing_id`, as listing templates call it, is its `id`. */
export function normaliseListing(value: unknown): Listing {
  return normaliseFields(value, 'listing', LISTING_SCHEMA, { listing_id: 'id' });
}

/** A search as the API wants it: numbers parsed, comma lists split, flags made booleans. */
export function normaliseSearch(value: unknown): Search {
  return normaliseFields(value, 'search', SEARCH_SCHEMA);
}

/** The timeline body of one activity. */
export function activityBody(activity: Activity): Record<string, unknown> {
  const body: Record<string, unknown> = { action: activity.action };
  if (activity.listing !== undefined) body.listing = normaliseListing(activity.listing);
  if (activity.search !== undefined) body.search = normaliseSearch(activity.search);
  const notes = activity.notes as unknown;
  if (typeof notes === 'string' && notes.trim()) body.notes = notes.trim();
  else if (notes != null && typeof notes !== 'string') invalid('notes', 'a string');
  return body;
}
