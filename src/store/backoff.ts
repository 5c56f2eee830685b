/** How long to wait before the next try: exponential with full jitter, capped. */
export const retryPolicy = {
  baseMs: 1_000,
  capMs: 5 * 60_000,
};

/**
 * The delay before attempt `attempts + 1`: a random share of `base · 2^attempts`, capped
 * ("full jitter", so that many visitors coming back online at once do not retry in step),
 * but never shorter than the server's `Retry-After`.
 */
export function retryDelay(attempts: number, retryAfterMs = 0): number {
  const ceiling = Math.min(retryPolicy.capMs, retryPolicy.baseMs * 2 ** attempts);
  return Math.max(retryAfterMs, Math.random() * ceiling);
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
