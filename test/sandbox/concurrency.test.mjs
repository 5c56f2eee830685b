// Round robin under concurrent requests: many leads posted at once over real sockets
// must each get a distinct position and an even share of agents.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CHANNELS, postLead, startSandbox } from './helpers.mjs';

let server;
before(async () => {
  server = await startSandbox();
});
after(() => server.stop());

/** Counts how many leads each agent got. */
function tally(replies) {
  const counts = new Map();
  for (const r of replies) {
    const [agent] = r.body.data.assignees;
    counts.set(agent.id, (counts.get(agent.id) ?? 0) + 1);
  }
  return counts;
}

test('200 parallel webhook requests: all assigned, positions 0..199 once each, even split over 10 agents', async () => {
  const N = 200;
  const replies = await Promise.all(
    Array.from({ length: N }, (_, i) => postLead(server.url, CHANNELS.general, { email: `rr${i}@example.com`, first_name: `Visitor ${i}` })),
  );
  assert.deepEqual([...new Set(replies.map((r) => r.status))], [200]);
  for (const r of replies) {
    assert.equal(r.body.data.status, 'assigned');
    assert.equal(r.body.data.assignees.length, 1);
    assert.equal(r.body.data.routing.method, 'round_robin_all');
  }

  const positions = replies.map((r) => r.body.data.routing.position).sort((a, b) => a - b);
  assert.deepEqual(positions, Array.from({ length: N }, (_, i) => i), 'every position handed out exactly once');

  const counts = tally(replies);
  assert.equal(counts.size, 10, `all ten agents got leads: ${[...counts.keys()]}`);
  const shares = [...counts.values()];
  assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, `even split ±1: ${JSON.stringify(Object.fromEntries(counts))}`);

  // The agent follows from the position: position p goes to the (p mod 10)-th agent.
  const agents = server.sandbox.config.brokerage.offices.flatMap((o) => o.agents.map((a) => a.id));
  for (const r of replies) assert.equal(r.body.data.assignees[0].id, agents[r.body.data.routing.position % 10]);

  assert.equal(server.sandbox.service.count(), N, 'every acknowledged lead is stored');
  const ids = new Set(replies.map((r) => r.body.data.id));
  assert.equal(ids.size, N);
});

test('parallel leads on a pool rule and an office rule keep separate, even rotations', async () => {
  const luxury = Array.from({ length: 30 }, (_, i) => postLead(server.url, CHANNELS.expensive, { email: `lux${i}@example.com`, price: 900000 }));
  const uptown = Array.from({ length: 25 }, (_, i) => postLead(server.url, CHANNELS.uptown, { email: `up${i}@example.com` }));
  const [lux, up] = await Promise.all([Promise.all(luxury), Promise.all(uptown)]);

  assert.deepEqual(Object.fromEntries(tally(lux)), { moore: 10, taylor: 10, brown: 10 });
  assert.deepEqual(Object.fromEntries(tally(up)), { miller: 5, wilson: 5, moore: 5, taylor: 5, anderson: 5 });
  assert.deepEqual(lux.map((r) => r.body.data.routing.position).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
});
