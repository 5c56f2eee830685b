import type { FastifyRequest } from 'fastify';
import type { IdempotencyKey } from '../db/idempotency-keys.js';
import { describe, isRawObject } from './fields.js';
import { badRequest } from './http-errors.js';

/** The request header of draft-ietf-httpapi-idempotency-key-header. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** The body field of a webhook lead that carries the key when the header is not sent. */
export const IDEMPOTENCY_KEY_FIELD = 'idempotency_key';
/**
 * Every Lead Capture API reply carries `Rechat-Idempotency: header`: the SDK then knows
 * this API accepts the header (and the preflight it causes) and sends it.
 */
export const IDEMPOTENCY_ADVERTISEMENT = { name: 'Rechat-Idempotency', value: 'header' } as const;

/** 1–200 printable ASCII characters. */
const VALID_KEY = /^[\x20-\x7e]{1,200}$/;

/**
 * The idempotency key of a request: the `Idempotency-Key` header, else (webhook only,
 * `fromBody`) the body's `idempotency_key`; `undefined` when neither is sent.
 *
 * @param scope method, route and id of the endpoint, so one key on two endpoints is two keys.
 * @throws {HttpError} 400 for a key that is not 1–200 printable ASCII characters.
 */
export function idempotencyKey(request: FastifyRequest, scope: string, { fromBody = false } = {}): IdempotencyKey | undefined {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (header !== undefined) {
    if (typeof header !== 'string' || !VALID_KEY.test(header)) {
      throw badRequest(`The ${IDEMPOTENCY_KEY_HEADER} header must be 1 to 200 printable ASCII characters, sent once`);
    }
    return { scope, key: header };
  }
  if (!fromBody || !isRawObject(request.body)) return undefined;
  const field = request.body[IDEMPOTENCY_KEY_FIELD];
  if (field === undefined || field === null) return undefined;
  if (typeof field !== 'string' || !VALID_KEY.test(field)) {
    throw badRequest(
      `${IDEMPOTENCY_KEY_FIELD} must be a string of 1 to 200 printable ASCII characters, got ${typeof field === 'string' ? `a string of ${field.length} characters or with other characters` : describe(field)}`,
    );
  }
  return { scope, key: field };
}
