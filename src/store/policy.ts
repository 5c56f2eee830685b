/** How much the outbox keeps. */
export interface OutboxLimits {
  /** Activity records kept at most; beyond it the oldest activities are dropped. Leads never are. */
  activityCap: number;
  /** Pending, failed and delivered records are kept this long (30 days), then dropped with an event. */
  maxAgeMs: number;
  /** `fetch` keepalive bodies share a 64 KiB budget per page: what the page-exit send may use of it. */
  keepaliveBytes: number;
}

/** How long to wait before the next try: exponential with full jitter, capped. */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
}

/** The defaults of {@link OutboxLimits}. */
export const DEFAULT_LIMITS: Readonly<OutboxLimits> = Object.freeze({
  activityCap: 5_000,
  maxAgeMs: 30 * 24 * 3600_000,
  keepaliveBytes: 60_000,
});

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ baseMs: 1_000, capMs: 5 * 60_000 });

/**
 * The delay before attempt `attempts + 1`: a random share of `base · 2^attempts`, capped
 * ("full jitter", so that many visitors coming back online at once do not retry in step),
 * but never shorter than the server's `Retry-After`.
 */
export function retryDelay(policy: RetryPolicy, attempts: number, retryAfterMs = 0, random = Math.random()): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempts);
  return Math.max(retryAfterMs, random * ceiling);
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
