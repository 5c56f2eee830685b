// Seed 004 in full: agents are accounts and own lead channels, every account has a
// default channel, away agents are skipped by every rule type with the reason recorded,
// and an agent's own view lists the first-to-claim leads waiting for them.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { defaultChannelId } from '../../dist/sandbox/routing/directory.js';
import { CHANNELS, postLead, request, startSandbox, viewLead } from './helpers.mjs';

let server;
let base;
beforeEach(async () => {
  await server?.stop();
  server = await startSandbox();
  base = server.url;
});
after(() => server?.stop());

const setAway = (agent, away) =>
  request(`${base}/inbox/api/agents/${agent}/availability`, { method: 'PUT', json: { away }, headers: { origin: base } });
const routed = async (channel, lead = {}) => {
  const res = await postLead(base, channel, { email: `l${Math.random()}@example.com`, ...lead });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
};
const agentsOf = (data) => data.assignees.map((a) => a.id);

describe('accounts and channels', () => {
  test('an agent owns a lead channel', async () => {
    const data = await routed(CHANNELS.mooreSite);
    assert.deepEqual(agentsOf(data), ['moore']);
    assert.equal(data.routing.reason, "Rule 1 'Sophia first' (Specific agent): assigned to Sophia Moore");
    const config = (await request(`${base}/inbox/api/config`)).body;
    assert.equal(config.lead_channels.find((c) => c.id === CHANNELS.mooreSite).account, 'moore');
  });

  test('every account has a default channel with a stable id, and it routes to the account', async () => {
    const config = (await request(`${base}/inbox/api/config`)).body;
    const defaults = config.lead_channels.filter((c) => c.default);
    const accounts = ['adler-associates', 'downtown', 'uptown', ...config.agents.map((a) => a.id)];
    assert.deepEqual(defaults.map((c) => c.account).sort(), [...accounts].sort());
    for (const c of defaults) assert.equal(c.id, defaultChannelId(c.account));

    assert.deepEqual(agentsOf(await routed(defaultChannelId('davis'))), ['davis']);
    assert.deepEqual(agentsOf(await routed(defaultChannelId('uptown'))), ['miller']);
    assert.deepEqual(agentsOf(await routed(defaultChannelId('uptown'))), ['wilson']);
    assert.deepEqual(agentsOf(await routed(defaultChannelId('adler-associates'))), ['smith']);
  });
});

describe('agent availability', () => {
  test('marking away is a same-origin JSON action, kept across requests, announced in config', async () => {
    assert.equal((await setAway('moore', true)).status, 200);
    const config = (await request(`${base}/inbox/api/config`)).body;
    assert.equal(config.agents.find((a) => a.id === 'moore').away, true);
    assert.equal((await setAway('nobody', true)).status, 404);
    assert.equal((await request(`${base}/inbox/api/agents/moore/availability`, { method: 'PUT', json: { away: 'yes' } })).status, 400);
    const forged = await request(`${base}/inbox/api/agents/moore/availability`, { method: 'PUT', json: { away: false }, headers: { origin: 'https://evil.example' } });
    assert.equal(forged.status, 403);
  });

  test('specific agent away: the rule is skipped and the next rule decides, reason recorded', async () => {
    await setAway('moore', true);
    const data = await routed(CHANNELS.mooreSite);
    assert.deepEqual(agentsOf(data), ['taylor'], 'the pool round robin skipped Moore (position 0) for Taylor');
    assert.deepEqual(data.routing.trace, ["Rule 1 'Sophia first' skipped: Sophia Moore is away"]);
    assert.match(data.routing.reason, /next agent Mason Taylor \(position 1; skipped Sophia Moore: away\)/);
    await setAway('moore', false);
    assert.deepEqual(agentsOf(await routed(CHANNELS.mooreSite)), ['moore']);
  });

  test('round robin moves on to the next available agent and keeps the rotation even', async () => {
    await setAway('moore', true);
    const order = [];
    for (let i = 0; i < 5; i++) order.push(agentsOf(await routed(CHANNELS.uptown))[0]);
    // Uptown: miller, wilson, moore, taylor, anderson; Moore's turn goes to the next in line.
    assert.deepEqual(order, ['miller', 'wilson', 'taylor', 'anderson', 'miller']);
  });

  test('default agent away: the lead is unassigned with the reason', async () => {
    await setAway('smith', true);
    const data = await routed(CHANNELS.agentProfile);
    assert.equal(data.status, 'unassigned');
    assert.match(data.routing.reason, /the default agent John Smith is away; no rule left with an available agent/);
  });

  test('an away assignee is passed over and the rules decide', async () => {
    await setAway('johnson', true);
    const data = await routed(CHANNELS.agentProfile, { assignees: [{ email: 'emma.johnson@adler.example' }] });
    assert.deepEqual(agentsOf(data), ['smith']);
    assert.match(data.routing.trace[0], /Emma Johnson is away/);
  });

  test('first to claim waits only for available agents; with everyone away the rule is skipped', async () => {
    await setAway('wilson', true);
    const data = await routed(CHANNELS.buyerClaim);
    assert.equal(data.status, 'awaiting_claim');
    assert.match(data.routing.reason, /waiting for one of Ava Miller, Isabella Anderson, John Smith to claim it \(Ethan Wilson away\)/);
    const claim = (agent) => request(`${base}/inbox/api/leads/${data.id}/claim`, { method: 'POST', json: { agent_id: agent } });
    assert.equal((await claim('wilson')).status, 403);

    for (const agent of ['miller', 'anderson', 'smith']) await setAway(agent, true);
    const nobody = await routed(CHANNELS.buyerClaim);
    assert.equal(nobody.status, 'unassigned');
    assert.match(nobody.routing.reason, /everyone in pool 'Buyer team' is away/);
  });
});

describe("an agent's own view of leads waiting to be claimed", () => {
  test('?status=awaiting_claim&agent= lists the leads the agent may claim, until one is claimed', async () => {
    const waiting = await routed(CHANNELS.buyerClaim, { first_name: 'Wanda' });
    await routed(CHANNELS.newsletter);
    const list = (agent) => request(`${base}/inbox/api/leads?status=awaiting_claim&agent=${agent}`).then((r) => r.body);
    assert.deepEqual((await list('miller')).leads.map((l) => l.id), [waiting.id]);
    assert.deepEqual((await list('moore')).leads, [], 'Moore is not in the Buyer team');
    await request(`${base}/inbox/api/leads/${waiting.id}/claim`, { method: 'POST', json: { agent_id: 'smith' } });
    assert.equal((await list('miller')).total, 0);
    assert.equal((await viewLead(base, waiting.id)).status, 'assigned');
  });
});
