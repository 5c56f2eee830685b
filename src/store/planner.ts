import type { OutboxRecord } from './record.js';

/** What one pass of the outbox does with a record. */
export type Step =
  /** Send it now. `lane` and `apiUrl` let the pass hold back what follows a failure. */
  | { action: 'send'; record: OutboxRecord; lane: string }
  /** Leave it for a later pass; `until` is set when it waits out its own backoff. */
  | { action: 'wait'; record: OutboxRecord; until?: number }
  /** Remove it unsent, with a `dropped` event. */
  | { action: 'drop'; record: OutboxRecord; reason: 'expired' | 'cap' };

/** The rules {@link planPass} applies. */
export interface PlanRules {
  maxAgeMs: number;
  activityCap: number;
  /** The page is going away: own backoff no longer matters, a server's `Retry-After` still does. */
  ignoreOwnBackoff?: boolean;
}

/**
 * The lane of a record: records of one lead are sent in order, one lane per lead;
 * other leads do not wait for them. A capture is its own lane, and so are the activities
 * queued against it until it exists.
 */
export function laneOf(record: OutboxRecord): string {
  return record.awaitsCapture ?? /^\/leads\/([^/]+)\/(timeline|assignees)$/.exec(record.path)?.[1] ?? record.id;
}

/**
 * Decides what one pass does with every pending record (oldest first), from the records
 * and the clock alone: drop what is too old or beyond the activity cap (oldest activities
 * first, never leads), wait out backoffs (holding back the rest of the record's lane), and
 * send the rest in order. The caller holds back a lane or an API that fails during the pass.
 */
export function planPass(records: readonly OutboxRecord[], now: number, rules: PlanRules): Step[] {
  const activities = records.filter((r) => r.kind === 'activity');
  const overCap = new Set(activities.slice(0, Math.max(0, activities.length - rules.activityCap)).map((r) => r.id));
  const heldLanes = new Set<string>();
  const steps: Step[] = [];
  for (const record of records) {
    const lane = laneOf(record);
    if (now - record.createdAt > rules.maxAgeMs) {
      steps.push({ action: 'drop', record, reason: 'expired' });
    } else if (overCap.has(record.id)) {
      steps.push({ action: 'drop', record, reason: 'cap' });
    } else if (heldLanes.has(lane)) {
      steps.push({ action: 'wait', record });
    } else if (record.notBefore > now && (!rules.ignoreOwnBackoff || record.serverDelay)) {
      heldLanes.add(lane);
      steps.push({ action: 'wait', record, until: record.notBefore });
    } else {
      steps.push({ action: 'send', record, lane });
    }
  }
  return steps;
}

/** The activity records beyond the cap, oldest first: what saving new records must drop. */
export function overActivityCap(records: readonly OutboxRecord[], activityCap: number): OutboxRecord[] {
  const activities = records.filter((r) => r.kind === 'activity');
  return activities.slice(0, Math.max(0, activities.length - activityCap));
}
