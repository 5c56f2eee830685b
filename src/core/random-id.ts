/**
 * A random UUID. `crypto.randomUUID` exists only in secure contexts, and plenty of
 * real-estate sites still serve plain http; `getRandomValues` works everywhere.
 */
export function randomId(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b | 256).toString(16).slice(1)).join('');
  // Version 4, RFC 9562 variant.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20)}`;
}
