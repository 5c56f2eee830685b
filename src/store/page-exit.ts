import { laneOf } from './planner.js';
import type { OutboxRecord } from './record.js';

/** What the page-exit send may take. */
export interface PageExitRules {
  now: number;
  /** Records this page is sending right now: their fate is the server's, not to be sent twice. */
  inFlight: ReadonlySet<string>;
  /** Bytes of request bodies that fit in the page's keepalive budget. */
  budget: number;
}

/**
 * What to send as the page goes away: this page's own records that are not in flight,
 * whose lead is known, and whose server did not ask to wait (`Retry-After`), in order,
 * while their bodies fit in the keepalive budget. A lane stops at its first record left
 * out, so that a lead's records never arrive out of order.
 */
export function pickForPageExit(mine: Iterable<OutboxRecord>, rules: PageExitRules, size: (r: OutboxRecord) => number): OutboxRecord[] {
  const stopped = new Set<string>();
  const picked: OutboxRecord[] = [];
  let bytes = 0;
  for (const record of [...mine].sort((a, b) => a.seq - b.seq)) {
    const lane = laneOf(record);
    const skip =
      stopped.has(lane) ||
      rules.inFlight.has(record.id) ||
      Boolean(record.awaitsCapture) ||
      (record.serverDelay === true && record.notBefore > rules.now) ||
      bytes + size(record) > rules.budget;
    if (skip) {
      stopped.add(lane);
      continue;
    }
    bytes += size(record);
    picked.push(record);
  }
  return picked;
}
