import { ATTRIBUTION_FIELDS, sessionAttribution } from './attribution.js';
import { RechatError } from './errors.js';
import { normaliseFields, type FieldSchema } from './fields.js';
import { invalid, isBlank, isPlainObject, isUuid } from './input.js';
import type { Assignee, Channel } from './types.js';

const TEXT_FIELDS = [
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
  ...ATTRIBUTION_FIELDS,
];
const LEAD_SCHEMA: FieldSchema = { ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, 'text'])), tag: 'list' };
const ASSIGNEE_SCHEMA: FieldSchema = { email: 'text', phone_number: 'text', first_name: 'text', last_name: 'text', mlsid: 'text', mls: 'text' };

// Deliberately loose: one @ with something on each side. The API judges the rest; this
// only stops a plain slip (a name typed into the email field) from being sent.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Checks a channel and merges in the session's `rechat_*` attribution; explicit values win. */
export function normaliseChannel(channel: unknown): Channel {
  if (!isPlainObject(channel)) throw new RechatError('invalid_channel', 'The channel must be an object with a lead_channel');
  const id = typeof channel.lead_channel === 'string' ? channel.lead_channel.trim() : channel.lead_channel;
  if (!isUuid(id)) {
    throw new RechatError('invalid_channel', isBlank(id) ? 'The channel has no lead_channel' : 'lead_channel must be a UUID');
  }
  const given = normaliseFields(pick(channel, ATTRIBUTION_FIELDS), 'channel', LEAD_SCHEMA);
  return { ...pick(sessionAttribution(), ATTRIBUTION_FIELDS), ...given, lead_channel: id };
}

/**
 * The JSON body of the webhook: the lead's fields (blanks left out, `phone` as
 * `phone_number`, `tag` as a list), then the channel's attribution.
 */
export function leadBody(channel: Channel, lead: unknown): Record<string, unknown> {
  const body = normaliseFields(lead, 'lead', LEAD_SCHEMA, { phone: 'phone_number' });
  if (typeof body.email === 'string' && !EMAIL.test(body.email)) invalid('lead.email', 'an email address');
  if (body.assignees !== undefined) body.assignees = normaliseAssignees(body.assignees);
  return { ...body, ...pick(channel, ATTRIBUTION_FIELDS) };
}

/** A list of assignees (one alone is a list of one); each must name somebody. */
export function normaliseAssignees(value: unknown): Assignee[] {
  return (Array.isArray(value) ? value : [value]).map((item, i) => {
    const assignee = normaliseFields(item, `assignees[${i}]`, ASSIGNEE_SCHEMA);
    return Object.keys(assignee).length ? assignee : invalid(`assignees[${i}]`, 'an email, phone_number, name or mlsid');
  });
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
