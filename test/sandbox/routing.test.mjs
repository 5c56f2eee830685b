// The routing engine on its own (no server, no SQLite): assignee matching order, every
// rule type, rule conditions, and config validation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseLead, routableLead } from '../../dist/sandbox/api/parse-lead.js';
import { ConfigError, validateConfig } from '../../dist/sandbox/config/validate-config.js';
import { Directory } from '../../dist/sandbox/routing/directory.js';
import { matchAssignee } from '../../dist/sandbox/routing/match-assignees.js';
import { MemoryRoundRobinStore } from '../../dist/sandbox/routing/round-robin.js';
import { routeLead } from '../../dist/sandbox/routing/route-lead.js';

const agent = (id, first, last, n, mlsid, mls) => ({
  id,
  first_name: first,
  last_name: last,
  email: `${id}@acme.test`,
  phone_number: `(555) 000-000${n}`,
  mlsid,
  mls,
});

const CH = {
  rules: '11111111-1111-4111-8111-111111111111',
  northRr: '22222222-2222-4222-8222-222222222222',
  claim: '33333333-3333-4333-8333-333333333333',
  noDefault: '44444444-4444-4444-8444-444444444444',
  brokerageRr: '55555555-5555-4555-8555-555555555555',
  twoPools: '66666666-6666-4666-8666-666666666666',
};

/** A small brokerage whose agents make each matching rule distinguishable. */
function testConfig() {
  return {
    brokerage: {
      id: 'acme',
      name: 'Acme Realty',
      offices: [
        {
          id: 'north',
          name: 'North Office',
          agents: [
            agent('ann', 'Ann', 'Archer', 1, 'M1', 'BOARD1'),
            agent('bob', 'Bob', 'Baker', 2, 'M2', 'BOARD1'),
            agent('cy', 'Cy', 'Cole', 3, 'M3', 'BOARD2'),
          ],
        },
        {
          id: 'south',
          name: 'South Office',
          agents: [
            agent('dee', 'Dee', 'Dunn', 4, 'M4', 'BOARD1'),
            agent('eve', 'Eve', 'Evans', 5, 'M5', 'BOARD1'),
            // Same name as ann, same MLS id on another board: only email/phone/board tell them apart.
            agent('ann2', 'Ann', 'Archer', 6, 'M1', 'BOARD2'),
          ],
        },
      ],
    },
    pools: [
      { id: 'duo', name: 'Duo', agents: ['bob', 'eve'] },
      { id: 'trio', name: 'Trio', agents: ['dee', 'eve', 'ann2'] },
    ],
    lead_channels: [
      {
        id: CH.rules,
        name: 'Rules',
        rules: [
          { id: 'big', name: 'Big', when: { price: { min: 1000000, max: 5000000 } }, type: 'round_robin_pool', pool: 'duo' },
          { id: 'zip', when: { postal_codes: ['10001', '10002'] }, type: 'specific_agent', agent: 'cy' },
          { id: 'vip', when: { tags: ['VIP'], sources: ['Zillow'] }, type: 'specific_agent', agent: 'dee' },
          { id: 'fallback', type: 'default', agent: 'eve' },
        ],
      },
      { id: CH.northRr, name: 'North', account: 'north', rules: [{ id: 'rr', type: 'round_robin_all' }] },
      { id: CH.claim, name: 'Claim', rules: [{ id: 'claim', name: 'Trio claims', type: 'first_to_claim', pool: 'trio' }] },
      { id: CH.noDefault, name: 'No default', rules: [{ when: { tags: ['x'] }, type: 'specific_agent', agent: 'ann' }] },
      { id: CH.brokerageRr, name: 'Everyone', rules: [{ type: 'round_robin_all' }] },
      {
        id: CH.twoPools,
        name: 'Two pools',
        rules: [
          { id: 'a', when: { tags: ['a'] }, type: 'round_robin_pool', pool: 'duo' },
          { id: 'b', type: 'round_robin_pool', pool: 'duo' },
        ],
      },
    ],
  };
}

function setup() {
  const config = validateConfig(testConfig());
  const directory = new Directory(config);
  const store = new MemoryRoundRobinStore();
  const route = (channelId, lead = {}) =>
    routeLead(directory.channel(channelId), { assignees: [], tags: [], ...lead }, directory, store);
  return { config, directory, store, route };
}

const ids = (decision) => decision.assignments.map((a) => a.agent.id);

describe('assignee matching', () => {
  const { directory, route } = setup();
  // One assignee whose every detail points at a different agent: the order decides.
  const mixed = {
    email: 'ann@acme.test',
    phone_number: '555-000-0002',
    first_name: 'Cy',
    last_name: 'Cole',
    mlsid: 'M4',
  };

  test('email wins over phone, name and MLS id', () => {
    const m = matchAssignee(directory, mixed, 'Assignee 1');
    assert.equal(m.agent.id, 'ann');
    assert.equal(m.matched_by, 'email');
    assert.match(m.detail, /^Assignee matched by email: ann@acme\.test → Ann Archer$/);
  });

  test('without an email, phone wins over name and MLS id (digits only, +1 ignored)', () => {
    const { email: _e, ...rest } = mixed;
    const m = matchAssignee(directory, { ...rest, phone_number: '+1 555.000.0002' }, 'Assignee 1');
    assert.equal(m.agent.id, 'bob');
    assert.equal(m.matched_by, 'phone');
  });

  test('without email and phone, name wins over MLS id (case and spacing ignored)', () => {
    const m = matchAssignee(directory, { first_name: '  cy ', last_name: 'COLE', mlsid: 'M4' }, 'Assignee 1');
    assert.equal(m.agent.id, 'cy');
    assert.equal(m.matched_by, 'name');
  });

  test('MLS id alone matches, narrowed by the mls board when given', () => {
    assert.equal(matchAssignee(directory, { mlsid: 'm4' }, 'A').agent.id, 'dee');
    assert.equal(matchAssignee(directory, { mlsid: 'M1', mls: 'board2' }, 'A').agent.id, 'ann2');
    assert.equal(matchAssignee(directory, { mlsid: 'M1', mls: 'BOARD1' }, 'A').agent.id, 'ann');
    // M1 exists on two boards: without a board it is ambiguous, so nobody is picked.
    const ambiguous = matchAssignee(directory, { mlsid: 'M1' }, 'Assignee 1');
    assert.equal(ambiguous.agent, undefined);
    assert.match(ambiguous.detail, /ambiguous: 2 agents/);
  });

  test('a detail that finds nobody falls through to the next one', () => {
    const m = matchAssignee(directory, { email: 'gone@acme.test', phone_number: '555 000 0005' }, 'Assignee 1');
    assert.equal(m.agent.id, 'eve');
    assert.equal(m.matched_by, 'phone');
  });

  test('an ambiguous name falls through to the MLS id', () => {
    const m = matchAssignee(directory, { first_name: 'Ann', last_name: 'Archer', mlsid: 'M1', mls: 'BOARD2' }, 'A');
    assert.equal(m.agent.id, 'ann2');
    assert.equal(m.matched_by, 'mlsid');
  });

  test('every matched assignee is assigned, in order, once; unmatched ones are explained', () => {
    const decision = route(CH.rules, {
      assignees: [
        { email: 'EVE@acme.test' },
        { email: 'nobody@else.test' },
        { first_name: 'Bob', last_name: 'Baker' },
        { phone_number: '5550000005' }, // eve again
      ],
    });
    assert.equal(decision.status, 'assigned');
    assert.equal(decision.method, 'assignees');
    assert.deepEqual(ids(decision), ['eve', 'bob']);
    assert.deepEqual(decision.assignments.map((a) => a.via), ['email', 'name']);
    assert.match(decision.reason, /Assignee matched by email: EVE@acme\.test → Eve Evans/);
    assert.match(decision.reason, /Assignee 2 \(email nobody@else\.test\) matched no agent/);
  });

  test('when no assignee matches, the channel rules decide and the reason says so', () => {
    const decision = route(CH.rules, { assignees: [{ email: 'nobody@else.test' }] });
    assert.equal(decision.method, 'default');
    assert.deepEqual(ids(decision), ['eve']);
    assert.match(decision.reason, /^Assignee 1 \(email nobody@else\.test\) matched no agent; No rule matched; default fallback to Eve Evans \(rule 4\)$/);
  });
});

describe('rule types', () => {
  test('specific agent', () => {
    const { route } = setup();
    const decision = route(CH.rules, { postal_code: '10002' });
    assert.equal(decision.status, 'assigned');
    assert.deepEqual(ids(decision), ['cy']);
    assert.equal(decision.rule.number, 2);
    assert.equal(decision.reason, 'Rule 2 (Specific agent): assigned to Cy Cole');
  });

  test('round robin over all agents of an office rotates in config order and wraps', () => {
    const { route } = setup();
    const seq = Array.from({ length: 7 }, () => route(CH.northRr));
    assert.deepEqual(seq.map((d) => ids(d)[0]), ['ann', 'bob', 'cy', 'ann', 'bob', 'cy', 'ann']);
    assert.deepEqual(seq.map((d) => d.position), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(seq[1].reason, 'Rule 1 (Round robin over all agents of North Office): next agent Bob Baker (position 1)');
  });

  test('round robin over the brokerage covers every agent of every office', () => {
    const { route } = setup();
    const seq = Array.from({ length: 6 }, () => ids(route(CH.brokerageRr))[0]);
    assert.deepEqual(seq, ['ann', 'bob', 'cy', 'dee', 'eve', 'ann2']);
  });

  test('round robin over a pool rotates among the pool only', () => {
    const { route } = setup();
    const seq = Array.from({ length: 5 }, () => route(CH.rules, { price: 2500000 }));
    assert.deepEqual(seq.map((d) => ids(d)[0]), ['bob', 'eve', 'bob', 'eve', 'bob']);
    assert.equal(seq[0].method, 'round_robin_pool');
    assert.equal(seq[0].pool.id, 'duo');
    assert.equal(seq[0].reason, "Rule 1 'Big' (Round robin over pool 'Duo'): next agent Bob Baker (position 0)");
  });

  test('each round-robin rule keeps its own position', () => {
    const { route } = setup();
    assert.deepEqual(ids(route(CH.twoPools, { tags: ['a'] })), ['bob']);
    assert.deepEqual(ids(route(CH.twoPools, { tags: ['a'] })), ['eve']);
    // Rule b has not handed anything out yet, so it starts at the first member.
    assert.deepEqual(ids(route(CH.twoPools)), ['bob']);
  });

  test('first to claim leaves the lead unassigned, awaiting a claim from the pool', () => {
    const { route } = setup();
    const decision = route(CH.claim);
    assert.equal(decision.status, 'awaiting_claim');
    assert.deepEqual(decision.assignments, []);
    assert.deepEqual(decision.pool.agent_ids, ['dee', 'eve', 'ann2']);
    assert.equal(
      decision.reason,
      "Rule 1 'Trio claims' (First to claim, pool 'Trio'): waiting for one of Dee Dunn, Eve Evans, Ann Archer to claim it",
    );
  });

  test('default fallback applies when no earlier rule matches', () => {
    const { route } = setup();
    const decision = route(CH.rules, { price: 10, postal_code: '99999', tags: ['VIP'], lead_source: 'Website' });
    assert.equal(decision.method, 'default');
    assert.deepEqual(ids(decision), ['eve']);
    assert.equal(decision.reason, 'No rule matched; default fallback to Eve Evans (rule 4)');
    assert.equal(decision.trace.length, 3);
    assert.match(decision.trace[0], /^Rule 1 'Big' skipped: price 10 is outside 1,000,000–5,000,000$/);
    assert.match(decision.trace[1], /^Rule 2 skipped: postal code 99999 is not in 10001, 10002$/);
    assert.match(decision.trace[2], /^Rule 3 skipped: source Website is not Zillow$/);
  });

  test('without a matching rule or a default, the lead is unassigned with a reason', () => {
    const { route } = setup();
    const decision = route(CH.noDefault, { tags: ['y'] });
    assert.equal(decision.status, 'unassigned');
    assert.deepEqual(decision.assignments, []);
    assert.match(decision.reason, /No rule matched and channel 'No default' has no default fallback/);
  });
});

describe('rule conditions', () => {
  test('price bounds are inclusive; a lead without a price does not match a price rule', () => {
    const { route } = setup();
    assert.equal(route(CH.rules, { price: 1000000 }).rule.id, 'big');
    assert.equal(route(CH.rules, { price: 5000000 }).rule.id, 'big');
    assert.equal(route(CH.rules, { price: 999999 }).rule.id, 'fallback');
    assert.equal(route(CH.rules, { price: 5000001 }).rule.id, 'fallback');
    const noPrice = route(CH.rules, {});
    assert.equal(noPrice.rule.id, 'fallback');
    assert.match(noPrice.trace[0], /no price to compare/);
  });

  test('postal code must be in the list', () => {
    const { route } = setup();
    assert.equal(route(CH.rules, { postal_code: '10001' }).rule.id, 'zip');
    assert.equal(route(CH.rules, { postal_code: '10003' }).rule.id, 'fallback');
  });

  test('all conditions of a rule must hold; tags and sources compare case-insensitively', () => {
    const { route } = setup();
    assert.equal(route(CH.rules, { tags: ['vip'], lead_source: 'zillow' }).rule.id, 'vip');
    assert.equal(route(CH.rules, { tags: ['Buyer', 'VIP'], source_type: 'Zillow' }).rule.id, 'vip');
    assert.equal(route(CH.rules, { tags: ['VIP'] }).rule.id, 'fallback');
    assert.equal(route(CH.rules, { lead_source: 'Zillow' }).rule.id, 'fallback');
  });

  test('rules run in order: the first that matches decides', () => {
    const { route } = setup();
    // Matches rule 1 (price) and rule 2 (postal code): rule 1 wins.
    assert.equal(route(CH.rules, { price: 2000000, postal_code: '10001' }).rule.id, 'big');
  });

  test('lead fields feed the conditions: price strings, listing price, ZIP from the address', () => {
    const facts = routableLead(parseLead({ price: '$1,250,000', address: '1 Main St, New York, NY 10001-1234', tag: 'VIP, Buyer' }));
    assert.equal(facts.price, 1250000);
    assert.equal(facts.postal_code, '10001');
    assert.deepEqual(facts.tags, ['VIP', 'Buyer']);
    assert.equal(routableLead(parseLead({ listing: { price: 700000, postal_code: '75201' } })).price, 700000);
    assert.equal(routableLead(parseLead({ listing: { postal_code: '75201' } })).postal_code, '75201');
    assert.equal(routableLead(parseLead({ postal_code: 10002 })).postal_code, '10002');
  });
});

describe('config validation', () => {
  test('the shipped demo/brokerage.json is valid and has the brokerage of seed 004', () => {
    const config = validateConfig(JSON.parse(readFileSync(new URL('../../demo/brokerage.json', import.meta.url), 'utf8')));
    assert.equal(config.brokerage.name, 'Adler & Associates');
    assert.deepEqual(config.brokerage.offices.map((o) => o.name), ['Downtown Office', 'Uptown Office']);
    assert.deepEqual(config.brokerage.offices[0].agents.map((a) => a.last_name), ['Smith', 'Johnson', 'Williams', 'Brown', 'Davis']);
    assert.deepEqual(config.brokerage.offices[1].agents.map((a) => a.last_name), ['Miller', 'Wilson', 'Moore', 'Taylor', 'Anderson']);
    const types = new Set(config.lead_channels.flatMap((c) => c.rules.map((r) => r.type)));
    assert.deepEqual([...types].sort(), ['default', 'first_to_claim', 'round_robin_all', 'round_robin_pool', 'specific_agent']);
  });

  /** Validates a broken copy of the test config and returns the problems reported. */
  function problemsOf(mutate) {
    const raw = testConfig();
    mutate(raw);
    try {
      validateConfig(raw);
    } catch (error) {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
      return error.problems;
    }
    assert.fail('the config was accepted');
  }

  test('an unknown agent id in a rule', () => {
    assert.deepEqual(
      problemsOf((c) => (c.lead_channels[0].rules[1].agent = 'zed')),
      ["lead_channels[0].rules[1].agent: unknown agent id \"zed\""],
    );
  });

  test('a duplicate channel id (case-insensitive) and a channel id that is not a UUID', () => {
    const problems = problemsOf((c) => {
      c.lead_channels[1].id = CH.rules.toUpperCase();
      c.lead_channels[2].id = 'claim-channel';
    });
    assert.deepEqual(problems, [
      `lead_channels[1].id: duplicate lead channel id '${CH.rules.toUpperCase()}'`,
      "lead_channels[2].id: 'claim-channel' is not a UUID",
    ]);
  });

  test('every problem is reported at once, with its path', () => {
    const problems = problemsOf((c) => {
      c.brokerage.offices[1].agents[0].email = 'ANN@acme.test';
      c.pools[0].agents.push('nobody');
      c.lead_channels[0].rules[2].when.zip = ['1'];
      c.lead_channels[0].rules.push({ type: 'specific_agent', agent: 'ann' });
      c.lead_channels[1].account = 'west';
      c.lead_channels[2].rules[0].pool = 'quartet';
      c.lead_channels[3].rules[0].type = 'random';
    });
    assert.deepEqual(problems, [
      "brokerage.offices[1].agents[0].email: email is also used by agent 'ann'",
      'pools[0].agents[2]: unknown agent id "nobody"',
      'lead_channels[0].rules[2].when.zip: unknown condition; expected price, postal_codes, tags, sources',
      'lead_channels[0].rules[4]: unreachable: it comes after the default fallback (rule 4)',
      'lead_channels[1].account: unknown account "west"; expected the brokerage, an office or an agent id',
      'lead_channels[2].rules[0].pool: unknown pool id "quartet"',
      'lead_channels[3].rules[0].type: must be one of specific_agent, round_robin_all, round_robin_pool, first_to_claim, default',
    ]);
  });

  test('price conditions must be a sensible range', () => {
    assert.deepEqual(
      problemsOf((c) => (c.lead_channels[0].rules[0].when.price = { min: 10, max: 1 })),
      ['lead_channels[0].rules[0].when.price: min 10 is above max 1'],
    );
  });

  test('the message lists the problems for the console', () => {
    assert.throws(() => validateConfig({}), (error) => {
      assert.match(error.message, /^Invalid routing config:\n {2}- brokerage: must be an object/);
      assert.match(error.message, /lead_channels: must be a non-empty list of lead channels/);
      return true;
    });
  });
});
