// The outbox's decisions, as pure functions of records and the clock: no IndexedDB, no
// network, no page events.
import { expect } from '@open-wc/testing';
import { pickForPageExit } from '../../src/store/page-exit.js';
import { laneOf, planPass } from '../../src/store/planner.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay } from '../../src/store/policy.js';
import type { OutboxRecord } from '../../src/store/record.js';

const NOW = 1_700_000_000_000;
const RULES = { maxAgeMs: 1000 * 60, activityCap: 100 };
let seq = 0;

function record(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  seq++;
  return {
    id: `r${seq}`,
    seq,
    kind: 'activity',
    apiUrl: 'https://api.example',
    method: 'POST',
    path: '/leads/lead-1/timeline',
    body: { action: 'ContactSignedUp' },
    createdAt: NOW - 10,
    attempts: 0,
    notBefore: 0,
    timeoutMs: 1000,
    ...overrides,
  };
}

const actions = (steps: ReturnType<typeof planPass>) => steps.map((s) => `${s.record.id}:${s.action}${'reason' in s ? `:${s.reason}` : ''}`);

describe('planPass', () => {
  beforeEach(() => (seq = 0));

  it('sends due records in order', () => {
    const records = [record(), record({ path: '/leads/lead-2/timeline' }), record()];
    expect(actions(planPass(records, NOW, RULES))).to.deep.equal(['r1:send', 'r2:send', 'r3:send']);
  });

  it('drops records older than the maximum age', () => {
    const records = [record({ createdAt: NOW - 61_000 }), record()];
    expect(actions(planPass(records, NOW, RULES))).to.deep.equal(['r1:drop:expired', 'r2:send']);
  });

  it('drops the oldest activities beyond the cap, never leads', () => {
    const records = [record(), record({ kind: 'lead', path: '/leads/channels/c/webhook' }), record(), record()];
    expect(actions(planPass(records, NOW, { ...RULES, activityCap: 1 }))).to.deep.equal([
      'r1:drop:cap',
      'r2:send',
      'r3:drop:cap',
      'r4:send',
    ]);
  });

  it('a record waiting out its backoff holds back the rest of its lane, not other lanes', () => {
    const records = [record({ notBefore: NOW + 500 }), record(), record({ path: '/leads/lead-2/timeline' })];
    const steps = planPass(records, NOW, RULES);
    expect(actions(steps)).to.deep.equal(['r1:wait', 'r2:wait', 'r3:send']);
    expect(steps.map((s) => ('until' in s ? s.until : undefined))).to.deep.equal([NOW + 500, undefined, undefined]);
  });

  it('ignores its own backoff when asked (page hidden, flush now), never a server Retry-After', () => {
    const records = [record({ notBefore: NOW + 500 }), record({ path: '/leads/lead-2/timeline', notBefore: NOW + 500, serverDelay: true })];
    expect(actions(planPass(records, NOW, { ...RULES, ignoreOwnBackoff: true }))).to.deep.equal(['r1:send', 'r2:wait']);
  });

  it('activities queued against a capture share its lane', () => {
    const capture = record({ kind: 'lead', path: '/leads/channels/c/webhook', notBefore: NOW + 100 });
    const activity = record({ path: '/leads/{lead_id}/timeline', awaitsCapture: capture.id });
    expect(laneOf(activity)).to.equal(laneOf(capture));
    expect(actions(planPass([capture, activity], NOW, RULES))).to.deep.equal(['r1:wait', 'r2:wait']);
  });
});

describe('pickForPageExit', () => {
  beforeEach(() => (seq = 0));
  const size = () => 100;

  it('takes this page’s records that are not in flight, in order', () => {
    const [a, b, c] = [record(), record({ path: '/leads/lead-2/timeline' }), record({ path: '/leads/lead-3/timeline' })];
    const picked = pickForPageExit([c!, a!, b!], { now: NOW, inFlight: new Set([b!.id]), budget: 10_000 }, size);
    expect(picked.map((r) => r.id)).to.deep.equal([a!.id, c!.id]);
  });

  it('never sends a lane past a record it left out, nor past the keepalive budget', () => {
    const records = [record(), record(), record({ path: '/leads/lead-2/timeline' }), record({ path: '/leads/lead-3/timeline' })];
    const picked = pickForPageExit(records, { now: NOW, inFlight: new Set(['r1']), budget: 150 }, size);
    expect(picked.map((r) => r.id)).to.deep.equal(['r3']);
  });

  it('honours a server Retry-After and leaves activities whose lead is not known yet', () => {
    const records = [record({ serverDelay: true, notBefore: NOW + 1000 }), record({ path: '/leads/{lead_id}/timeline', awaitsCapture: 'c1' }), record({ path: '/leads/lead-9/timeline', notBefore: NOW + 1000 })];
    const picked = pickForPageExit(records, { now: NOW, inFlight: new Set(), budget: 10_000 }, size);
    expect(picked.map((r) => r.id)).to.deep.equal(['r3']);
  });
});

describe('retry policy', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).to.equal(120_000);
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).to.equal(30_000);
    expect(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW)).to.equal(0);
    expect(parseRetryAfter('soon', NOW)).to.equal(undefined);
    expect(parseRetryAfter(undefined, NOW)).to.equal(undefined);
  });

  it('backs off exponentially with full jitter, capped, never below Retry-After', () => {
    const policy = { baseMs: 1000, capMs: 8000 };
    expect(retryDelay(policy, 0, 0, 0.5)).to.equal(500);
    expect(retryDelay(policy, 2, 0, 0.5)).to.equal(2000);
    expect(retryDelay(policy, 10, 0, 0.999)).to.be.closeTo(7992, 1);
    expect(retryDelay(policy, 0, 5000, 0.5)).to.equal(5000);
    expect(DEFAULT_RETRY.capMs).to.equal(300_000);
  });
});
