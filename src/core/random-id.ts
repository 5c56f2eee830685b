/**
 * A random UUID (version 4): the outbox's record ids and idempotency keys, visitor ids and
 * kept activity ids. `crypto.randomUUID` exists only in secure contexts, and plenty of
 * real-estate sites still serve plain http; `getRandomValues` works everywhere.
 */
export function randomId(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return Array.from(bytes, (b) => (b | 256).toString(16).slice(1))
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
