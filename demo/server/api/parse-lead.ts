import type { AssigneeInput } from '../routing/match-assignees.js';
import type { RoutableLead } from '../routing/route-lead.js';
import { describe, isRawObject, optionalObject, optionalString, type RawObject } from './fields.js';
import { badRequest } from './http-errors.js';
import { parseAssignees } from './parse-assignees.js';

/** The text fields of a lead (seed 002, SPEC §2), kept as sent after trimming. */
export const LEAD_TEXT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone_number',
  'lead_source',
  'note',
  'address',
  'referer_url',
  'mlsid',
  'listing_id',
  'agent_mlsid',
  'source_type',
  'postal_code',
] as const;

/** The attribution fields the SDK merges in from `rechat_*` URL parameters. */
export const ATTRIBUTION_FIELDS = [
  'user_id',
  'brand_id',
  'ad_campaign_id',
  'email_campaign_id',
  'email_campaign_email_id',
] as const;

// Identifiers that pages often send as bare numbers.
const NUMERIC_TEXT = new Set(['phone_number', 'mlsid', 'listing_id', 'agent_mlsid', 'postal_code']);
// `idempotency_key` is the request's, not the lead's: it is read by the API and not kept.
const KNOWN = new Set<string>([...LEAD_TEXT_FIELDS, ...ATTRIBUTION_FIELDS, 'tag', 'assignees', 'price', 'listing', 'phone', 'idempotency_key']);

type TextField = (typeof LEAD_TEXT_FIELDS)[number];
type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];

/** A validated webhook lead. */
export type LeadInput = { readonly [K in TextField]?: string } & {
  readonly tag: readonly string[];
  readonly price?: number;
  readonly listing?: RawObject;
  readonly assignees: readonly AssigneeInput[];
  readonly attribution: { readonly [K in AttributionField]?: string };
  /** Fields the API does not know, kept as sent (unknown fields are not an error). */
  readonly extra: RawObject;
};

/**
 * Validates a webhook body. Every field is optional (seed 002), but a field that is
 * present must have the documented type, because silently dropping a mistyped email
 * would lose the one detail that makes the lead reachable.
 *
 * Form bodies differ from JSON only in shape: every value is text, `tag` may repeat or
 * be comma separated, and `assignees` comes as a JSON string.
 *
 * @throws {HttpError} 400 with a message naming the field.
 */
export function parseLead(body: unknown, { form = false } = {}): LeadInput {
  if (body === undefined) {
    throw badRequest('Send the lead as a JSON object (Content-Type: application/json) or as a form');
  }
  if (!isRawObject(body)) throw badRequest(`The body must be a JSON object of lead fields, got ${describe(body)}`);
  const source: RawObject = form ? fromForm(body) : body;

  const text: { [K in TextField]?: string } = {};
  for (const field of LEAD_TEXT_FIELDS) {
    const value = optionalString(source, field, field, NUMERIC_TEXT.has(field));
    if (value !== undefined) text[field] = value;
  }
  // SPEC §2: `phone` is an alias of `phone_number` (an old README example uses it).
  text.phone_number ??= optionalString(source, 'phone', 'phone', true);
  if (text.phone_number === undefined) delete text.phone_number;
  if (text.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(text.email)) {
    throw badRequest(`email must be an email address, got '${text.email}'`);
  }

  const attribution: { [K in AttributionField]?: string } = {};
  for (const field of ATTRIBUTION_FIELDS) {
    const value = optionalString(source, field, field, true);
    if (value !== undefined) attribution[field] = value;
  }

  const listing = optionalObject(source, 'listing');
  const price = parsePrice(source['price'], 'price') ?? (listing ? parsePrice(listing['price'], 'listing.price') : undefined);
  const assignees = source['assignees'] === undefined || source['assignees'] === null ? [] : parseAssignees(source['assignees']);

  const extra: RawObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (!KNOWN.has(key) && !(form && key === 'tag[]')) extra[key] = value;
  }

  return {
    ...text,
    tag: parseTags(source['tag']),
    ...(price !== undefined ? { price } : {}),
    ...(listing ? { listing } : {}),
    assignees,
    attribution,
    extra,
  };
}

/** The facts routing rules look at: price, postal code, tags and source. */
export function routableLead(lead: LeadInput): RoutableLead {
  const postal = lead.postal_code ?? postalCodeOf(lead.listing) ?? postalCodeIn(lead.address);
  return {
    assignees: lead.assignees,
    tags: lead.tag,
    ...(lead.price !== undefined ? { price: lead.price } : {}),
    ...(postal ? { postal_code: postal } : {}),
    ...(lead.lead_source ? { lead_source: lead.lead_source } : {}),
    ...(lead.source_type ? { source_type: lead.source_type } : {}),
  };
}

function fromForm(body: RawObject): RawObject {
  const out: RawObject = { ...body };
  // PHP-style `tag[]=a&tag[]=b`, as some CMS form builders name repeated fields.
  if (out['tag'] === undefined && out['tag[]'] !== undefined) out['tag'] = out['tag[]'];
  const assignees = out['assignees'];
  if (typeof assignees === 'string') {
    if (assignees.trim() === '') {
      delete out['assignees'];
    } else {
      try {
        out['assignees'] = JSON.parse(assignees);
      } catch {
        throw badRequest('assignees in a form must be a JSON list of objects, e.g. [{"email":"agent@example.com"}]');
      }
    }
  }
  return out;
}

/** `tag` as a list: a string is comma separated (what real pages send), blanks dropped. */
function parseTags(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) {
    throw badRequest(`tag must be a string or a list of strings, got ${describe(value)}`);
  }
  const tags = list.flatMap((t: string) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  return [...new Set(tags)];
}

/** A price as a number; "$1,250,000" is accepted since listing pages print prices so. */
function parsePrice(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' ? Number(value.replace(/[$,\s]/g, '')) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
    throw badRequest(`${path} must be a non-negative number, got ${typeof value === 'string' ? `'${value}'` : describe(value)}`);
  }
  return number;
}

function postalCodeOf(listing: RawObject | undefined): string | undefined {
  const value = listing?.['postal_code'];
  return typeof value === 'string' || typeof value === 'number' ? postalCodeIn(String(value)) : undefined;
}

/** The last US ZIP code in a free-text address ("123 Main St, Dallas, TX 75201"). */
function postalCodeIn(text: string | undefined): string | undefined {
  const matches = text?.match(/\b\d{5}(?=(?:-\d{4})?\b)/g);
  return matches?.[matches.length - 1];
}
