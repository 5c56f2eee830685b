import { ATTRIBUTION_FIELDS, sessionAttribution } from './attribution.js';
import { RechatError } from './errors.js';
import { describe, isBlank, isPlainObject, isUuid, requirePlainObject } from './input.js';
import type { Assignee, Channel } from './types.js';

const STRING_FIELDS = [
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
] as const;

const ASSIGNEE_FIELDS = ['email', 'phone_number', 'first_name', 'last_name', 'mlsid', 'mls'] as const;

// Deliberately loose: one @ with something on each side. The API is the judge of the
// rest; this only stops a plain typo (a name in the email field) from being sent.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Checks a channel and merges in the session's `rechat_*` attribution; explicit values win. */
export function normaliseChannel(channel: unknown): Channel {
  if (!isPlainObject(channel)) {
    throw new RechatError('invalid_channel', `The channel must be an object with a lead_channel, got ${describe(channel)}`);
  }
  const id = channel.lead_channel;
  if (isBlank(id)) throw new RechatError('invalid_channel', 'The channel has no lead_channel');
  if (!isUuid(typeof id === 'string' ? id.trim() : id)) {
    throw new RechatError('invalid_channel', `lead_channel must be a UUID, got ${describe(id)}`);
  }
  const out: Channel = { ...sessionAttribution(), lead_channel: (id as string).trim() };
  for (const field of ATTRIBUTION_FIELDS) {
    const value = channel[field];
    if (isBlank(value)) continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new RechatError('invalid_input', `${field} must be a string, got ${describe(value)}`);
    }
    out[field] = String(value).trim();
  }
  return out;
}

/**
 * The JSON body of the webhook: the lead's fields, then the channel's attribution.
 * Blank values are left out, `phone` becomes `phone_number`, `tag` becomes a list.
 */
export function leadBody(channel: Channel, lead: unknown): Record<string, unknown> {
  const input = requirePlainObject(lead, 'The lead');
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (isBlank(value) || key === 'phone' || key === 'tag' || key === 'assignees') continue;
    body[key] = typeof value === 'string' ? value.trim() : value;
  }
  if (body.phone_number === undefined && !isBlank(input.phone)) body.phone_number = input.phone;

  for (const field of STRING_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value === 'number') body[field] = String(value);
    else if (typeof value !== 'string') {
      throw new RechatError('invalid_input', `${field} must be a string, got ${describe(value)}`);
    }
  }
  if (typeof body.email === 'string' && !EMAIL.test(body.email)) {
    throw new RechatError('invalid_input', `email is not an email address: ${describe(body.email)}`);
  }

  const tags = toList(input.tag, 'tag');
  if (tags.length) body.tag = tags;
  if (!isBlank(input.assignees)) body.assignees = normaliseAssignees(input.assignees);

  for (const field of ATTRIBUTION_FIELDS) {
    if (channel[field] !== undefined) body[field] = channel[field];
  }
  return body;
}

/** A list of assignees (one assignee alone is taken as a list of one), with blank fields left out. */
export function normaliseAssignees(value: unknown): Assignee[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    const assignee = requirePlainObject(item, `assignees[${index}]`);
    const out: Assignee = {};
    for (const field of ASSIGNEE_FIELDS) {
      const v = assignee[field];
      if (isBlank(v)) continue;
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw new RechatError('invalid_input', `assignees[${index}].${field} must be a string, got ${describe(v)}`);
      }
      out[field] = String(v).trim();
    }
    if (Object.keys(out).length === 0) {
      throw new RechatError('invalid_input', `assignees[${index}] names nobody: give an email, phone_number, name or mlsid`);
    }
    return out;
  });
}

/** A string, a comma-separated string or a list of strings, as a list of non-blank strings. */
export function toList(value: unknown, what: string): string[] {
  if (isBlank(value)) return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  return items
    .map((item) => {
      if (typeof item !== 'string' && typeof item !== 'number') {
        throw new RechatError('invalid_input', `${what} must be a string or a list of strings, got ${describe(item)} in it`);
      }
      return String(item).trim();
    })
    .filter((item) => item !== '');
}
