import { eraseCookie, readCookie, writeCookie } from './cookie.js';
import type { IdentifyWith } from './dispatcher.js';

/**
 * The tracking cookie holds a lead id, or — while the visitor's capture waits in the
 * offline outbox — `pending:<outbox id>`, so that tracker calls made meanwhile (even
 * after a reload) know which lead they belong to.
 */
const PENDING_PREFIX = 'pending:';

/** Whose timeline a tracker call goes to: a known lead, or the lead a queued capture will create. */
export type TrackingTarget = { leadId: string } | { pendingCapture: string };

/** The current tracking target, or undefined when no lead is identified. */
export function readTrackingTarget(cookieName: string): TrackingTarget | undefined {
  const value = readCookie(cookieName)?.trim();
  if (!value) return undefined;
  if (value.startsWith(PENDING_PREFIX)) {
    const pendingCapture = value.slice(PENDING_PREFIX.length);
    return pendingCapture ? { pendingCapture } : undefined;
  }
  return { leadId: value };
}

/** Points tracking at a lead. */
export function identifyLead(identify: IdentifyWith, leadId: string): void {
  writeCookie(identify.cookieName, leadId, identify.cookieOptions);
}

/** Points tracking at the lead that a queued capture will create. */
export function identifyPendingCapture(identify: IdentifyWith, recordId: string): void {
  writeCookie(identify.cookieName, PENDING_PREFIX + recordId, identify.cookieOptions);
}

/**
 * Once a queued capture is delivered, points tracking at its lead — but only if tracking
 * still waits for that capture: a visitor who was identified otherwise, or stopped
 * tracking, in the meantime keeps that choice.
 */
export function resolvePendingCapture(identify: IdentifyWith, recordId: string, leadId: string): boolean {
  if (readCookie(identify.cookieName) !== PENDING_PREFIX + recordId) return false;
  identifyLead(identify, leadId);
  return true;
}

/** Forgets the visitor. */
export function forgetTrackingId(identify: IdentifyWith): void {
  eraseCookie(identify.cookieName, identify.cookieOptions);
}
