/**
 * Normal forms used wherever two people's details are compared: assignee matching,
 * config validation and contact de-duplication must agree on what "the same" means.
 */

/** Lower-cased, trimmed email, or `undefined` when there is none. */
export function emailKey(email: string | undefined): string | undefined {
  const key = email?.trim().toLowerCase();
  return key ? key : undefined;
}

/**
 * The digits of a phone number, without a leading North American country code, so that
 * `(214) 555-0101`, `214.555.0101` and `+1 214 555 0101` compare equal. Fewer than
 * seven digits is not a phone number we can match on.
 */
export function phoneKey(phone: string | undefined): string | undefined {
  let digits = phone?.replace(/\D+/g, '') ?? '';
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length >= 7 ? digits : undefined;
}

/** `first last`, trimmed, single-spaced and lower-cased; both parts are required. */
export function nameKey(firstName: string | undefined, lastName: string | undefined): string | undefined {
  const first = collapse(firstName);
  const last = collapse(lastName);
  return first && last ? `${first} ${last}` : undefined;
}

/** Case-insensitive comparison key for MLS ids and board names. */
export function mlsKey(value: string | undefined): string | undefined {
  const key = value?.trim().toUpperCase();
  return key ? key : undefined;
}

function collapse(value: string | undefined): string {
  return value?.trim().replace(/\s+/g, ' ').toLowerCase() ?? '';
}
