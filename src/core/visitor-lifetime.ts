import { randomId } from './random-id.js';

/** A visitor lives 45 days from their last activity (seed 003). */
export const VISITOR_LIFETIME_MS = 45 * 24 * 3600_000;

/** The anonymous visitor this browser tracks before they become a lead. */
export interface Visitor {
  /** Random; never sent anywhere. */
  id: string;
  lastActivityAt: number;
}

/** True when the visitor has gone 45 days without activity, and with them their kept activity. */
export function visitorExpired(visitor: Visitor | undefined, now: number): boolean {
  return !!visitor && now - visitor.lastActivityAt > VISITOR_LIFETIME_MS;
}

/** The visitor an activity at `now` belongs to: the same one while alive, else a new one. */
export function visitorAt(visitor: Visitor | undefined, now: number): Visitor {
  return visitor && !visitorExpired(visitor, now)
    ? { id: visitor.id, lastActivityAt: Math.max(now, visitor.lastActivityAt) }
    : { id: randomId(), lastActivityAt: now };
}
