import type { AssigneeInput } from '../routing/match-assignees.js';
import { describe, isRawObject, optionalString } from './fields.js';
import { badRequest } from './http-errors.js';

/**
 * Validates a list of assignees, from a lead's `assignees` or the body of
 * `PUT /leads/:id/assignees`. The SDK names the MLS id `mlsid`, the REST docs `mls_id`;
 * both are accepted (`mls_id` wins if both are given).
 *
 * @throws {HttpError} 400 naming the first offending entry.
 */
export function parseAssignees(value: unknown, path = 'assignees'): AssigneeInput[] {
  if (!Array.isArray(value)) throw badRequest(`${path} must be a list of objects, got ${describe(value)}`);
  return value.map((entry, i) => {
    const at = `${path}[${i}]`;
    if (!isRawObject(entry)) throw badRequest(`${at} must be an object with email, phone_number, first_name, last_name, mls or mls_id, got ${describe(entry)}`);
    const email = optionalString(entry, 'email', `${at}.email`);
    const phone_number = optionalString(entry, 'phone_number', `${at}.phone_number`, true);
    const first_name = optionalString(entry, 'first_name', `${at}.first_name`);
    const last_name = optionalString(entry, 'last_name', `${at}.last_name`);
    const mlsid =
      optionalString(entry, 'mls_id', `${at}.mls_id`, true) ?? optionalString(entry, 'mlsid', `${at}.mlsid`, true);
    const mls = optionalString(entry, 'mls', `${at}.mls`);
    return {
      ...(email ? { email } : {}),
      ...(phone_number ? { phone_number } : {}),
      ...(first_name ? { first_name } : {}),
      ...(last_name ? { last_name } : {}),
      ...(mlsid ? { mlsid } : {}),
      ...(mls ? { mls } : {}),
    };
  });
}
