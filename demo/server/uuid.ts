/** Any RFC 4122 style UUID (the API's ids are v4, but real integrations paste others). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its canonical 8-4-4-4-12 hex form. */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}
