// The inbox's server side: its page under a strict CSP, its JSON API, claiming
// first-to-claim leads, and the server-sent events stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHANNELS, postLead, request, startSandbox, viewLead } from './helpers.mjs';

let server;
let base;
before(async () => {
  server = await startSandbox();
  base = server.url;
});
after(() => server.stop());

const claim = (id, body) => request(`${base}/inbox/api/leads/${id}/claim`, { method: 'POST', json: body });

describe('the inbox page', () => {
  test('is HTML under a CSP that allows only same-origin scripts, styles and requests', async () => {
    const res = await fetch(`${base}/inbox`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    const csp = res.headers.get('content-security-policy');
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"]) {
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    }
    const html = await res.text();
    // Nothing inline that the CSP would block: every script has a src, no style blocks or attributes.
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.match(html, /<script type="module" src="\/inbox\/inbox\.js"><\/script>/);
    assert.match(html, /<rechat-inbox>/);
  });

  test('its script and stylesheet are served with the same CSP', async () => {
    for (const [path, type] of [['/inbox/inbox.js', /javascript/], ['/inbox/inbox.css', /text\/css/]]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type'), type);
      assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
      assert.ok((await res.text()).length > 100, `${path} has content`);
    }
  });
});

describe('inbox JSON API', () => {
  test('lists leads newest first, with paging and a total', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await postLead(base, CHANNELS.newsletter, { email: `list${i}@example.com` })).body.data.id);
    const page = (await request(`${base}/inbox/api/leads?limit=2`)).body;
    assert.deepEqual(page.leads.map((l) => l.id), [ids[2], ids[1]]);
    assert.ok(page.total >= 3);
    const older = (await request(`${base}/inbox/api/leads?limit=1&before=${page.leads[1].seq}`)).body;
    assert.deepEqual(older.leads.map((l) => l.id), [ids[0]]);
    const lead = page.leads[0];
    assert.equal(lead.lead_channel.name, 'Newsletter');
    assert.equal(lead.contact.email, 'list2@example.com');
    assert.deepEqual(lead.assignees.map((a) => [a.id, a.first_name, a.last_name, a.office]), [['johnson', 'Emma', 'Johnson', 'Downtown Office']]);
    assert.match(lead.routing.reason, /Specific agent/);
  });

  test('400 for a bad limit; 404 for an unknown lead', async () => {
    assert.equal((await request(`${base}/inbox/api/leads?limit=0`)).status, 400);
    assert.equal((await request(`${base}/inbox/api/leads?limit=abc`)).status, 400);
    assert.equal((await request(`${base}/inbox/api/leads/0e17f1d9-b9cb-4732-9185-fd80f990f693`)).status, 404);
    assert.equal((await request(`${base}/inbox/api/leads/nope`)).status, 404);
  });

  test('config lists the brokerage, channels and agents', async () => {
    const config = (await request(`${base}/inbox/api/config`)).body;
    assert.equal(config.brokerage.name, 'Adler & Associates');
    // The 8 configured channels, then a default channel for each of 13 accounts (1 brokerage, 2 offices, 10 agents).
    assert.equal(config.lead_channels.filter((c) => !c.default).length, 8);
    assert.equal(config.lead_channels.filter((c) => c.default).length, 13);
    assert.equal(config.agents.length, 10);
    assert.equal(config.agents.every((a) => a.away === false), true);
  });
});

describe('claiming a first-to-claim lead', () => {
  test('the lead waits with its pool; the first claim wins, the second gets 409', async () => {
    const { data } = (await postLead(base, CHANNELS.buyerClaim, { first_name: 'Claire', email: 'claire@example.com' })).body;
    assert.equal(data.status, 'awaiting_claim');
    assert.deepEqual(data.assignees, []);
    const waiting = await viewLead(base, data.id);
    assert.deepEqual(waiting.claim_pool.map((a) => a.id), ['miller', 'wilson', 'anderson', 'smith']);

    // Two agents claim at the same moment: exactly one wins.
    const [first, second] = await Promise.all([claim(data.id, { agent_id: 'miller' }), claim(data.id, { agent_id: 'anderson' })]);
    const statuses = [first.status, second.status].sort();
    assert.deepEqual(statuses, [200, 409]);
    const winner = first.status === 200 ? first : second;
    const loser = first.status === 200 ? second : first;
    const winnerId = winner === first ? 'miller' : 'anderson';
    assert.equal(loser.body.code, 'Conflict');
    assert.match(loser.body.message, /already claimed by or assigned to (Ava Miller|Isabella Anderson)/);

    const claimed = await viewLead(base, data.id);
    assert.equal(claimed.status, 'assigned');
    assert.deepEqual(claimed.assignees.map((a) => [a.id, a.via]), [[winnerId, 'claim']]);
    assert.equal(claimed.claim_pool, null);
    assert.match(claimed.routing.reason, /^Claimed by (Ava Miller|Isabella Anderson) \(first to claim, pool 'Buyer team'\)$/);
    assert.deepEqual(claimed.history.map((h) => h.event), ['routed', 'claimed']);
    assert.deepEqual(winner.body.lead, claimed);

    // A later claim, even by the winner, changes nothing.
    assert.equal((await claim(data.id, { agent_id: 'wilson' })).status, 409);
    assert.deepEqual((await viewLead(base, data.id)).assignees.map((a) => a.id), [winnerId]);
  });

  test('only agents of the pool may claim; bad requests are refused', async () => {
    const { data } = (await postLead(base, CHANNELS.buyerClaim, { email: 'claim2@example.com' })).body;
    const outsider = await claim(data.id, { agent_id: 'moore' });
    assert.equal(outsider.status, 403);
    assert.match(outsider.body.message, /Sophia Moore is not in this lead's claim pool/);
    assert.equal((await claim(data.id, { agent_id: 'nobody' })).status, 400);
    assert.equal((await claim(data.id, {})).status, 400);
    assert.equal((await claim('0e17f1d9-b9cb-4732-9185-fd80f990f693', { agent_id: 'miller' })).status, 404);
    assert.equal((await viewLead(base, data.id)).status, 'awaiting_claim');
  });

  test('a lead routed by another rule cannot be claimed', async () => {
    const { data } = (await postLead(base, CHANNELS.newsletter, { email: 'claim3@example.com' })).body;
    const res = await claim(data.id, { agent_id: 'miller' });
    assert.equal(res.status, 409);
    assert.match(res.body.message, /Emma Johnson/);
  });
});

/** Opens the event stream and returns a reader of parsed SSE messages. */
async function openStream() {
  const controller = new AbortController();
  const res = await fetch(`${base}/inbox/events`, { signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/event-stream/);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    /** Resolves with the next message of type `event` (skipping others), or rejects after `ms`. */
    async next(event, ms = 3000) {
      const deadline = Date.now() + ms;
      for (;;) {
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
          );
          if (fields.event === event) return { ...fields, data: JSON.parse(fields.data) };
        }
        const timeout = deadline - Date.now();
        const late = () => new Error(`no '${event}' event within ${ms} ms`);
        if (timeout <= 0) throw late();
        let timer;
        const chunk = await Promise.race([
          reader.read(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(late()), timeout))),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) throw new Error('stream ended');
        buffer += chunk.value;
      }
    },
    close: () => controller.abort(),
  };
}

describe('server-sent events', () => {
  test('a new lead, its activity and its claim are pushed to open streams', async () => {
    const stream = await openStream();
    try {
      const { data } = (await postLead(base, CHANNELS.buyerClaim, { first_name: 'Live', email: 'live@example.com' })).body;
      const created = await stream.next('lead.created');
      assert.equal(created.data.id, data.id);
      assert.equal(created.data.contact.first_name, 'Live');
      assert.equal(created.data.status, 'awaiting_claim');
      assert.equal(created.id, String(created.data.seq));

      await request(`${base}/leads/${data.id}/timeline`, { method: 'POST', json: { action: 'ContactLoggedIn' } });
      const activity = await stream.next('lead.updated');
      assert.deepEqual(activity.data.timeline.map((a) => a.action), ['ContactLoggedIn']);

      await claim(data.id, { agent_id: 'smith' });
      const claimed = await stream.next('lead.updated');
      assert.deepEqual(claimed.data.assignees.map((a) => a.id), ['smith']);
    } finally {
      stream.close();
    }
  });

  test('rejected requests push nothing', async () => {
    const stream = await openStream();
    try {
      await postLead(base, CHANNELS.general, { email: 5 });
      await assert.rejects(stream.next('lead.created', 500), /no 'lead.created' event/);
    } finally {
      stream.close();
    }
  });

  test('closing the sandbox ends open streams instead of hanging', async () => {
    const own = await startSandbox();
    const res = await fetch(`${own.url}/inbox/events`);
    const reader = res.body.getReader();
    await reader.read(); // the "connected" comment
    const started = Date.now();
    await own.stop();
    assert.ok(Date.now() - started < 2000, 'close() returned promptly');
    const rest = await reader.read().catch(() => ({ done: true }));
    assert.equal(rest.done, true);
  });
});

describe('filters, search and paging', () => {
  test('status, agent, channel and q (name, email, phone digits) combine; newest first; totals match', async () => {
    const fresh = await startSandbox();
    try {
      const post = (channel, lead) => postLead(fresh.url, channel, lead).then((r) => r.body.data);
      const a = await post(CHANNELS.newsletter, { first_name: 'Zelda', last_name: 'Quill', email: 'zq@example.com', phone_number: '(214) 555-7788' });
      const b = await post(CHANNELS.buyerClaim, { first_name: 'Yann', email: 'yann@example.com' });
      const c = await post(CHANNELS.newsletter, { first_name: 'Xena', email: 'x_100%@example.com' });
      const list = async (query) => (await request(`${fresh.url}/inbox/api/leads?${new URLSearchParams(query)}`)).body;
      const ids = async (query) => (await list(query)).leads.map((l) => l.id);

      assert.deepEqual(await ids({}), [c.id, b.id, a.id]);
      assert.deepEqual(await ids({ status: 'awaiting_claim' }), [b.id]);
      assert.deepEqual(await ids({ channel: CHANNELS.newsletter }), [c.id, a.id]);
      assert.deepEqual(await ids({ agent: 'johnson' }), [c.id, a.id]);
      assert.deepEqual(await ids({ agent: 'miller' }), [b.id], 'in the claim pool counts');
      assert.deepEqual(await ids({ q: 'zelda qu' }), [a.id]);
      assert.deepEqual(await ids({ q: 'ZQ@EXAMPLE' }), [a.id]);
      assert.deepEqual(await ids({ q: '555-77' }), [a.id]);
      assert.deepEqual(await ids({ q: '%' }), [c.id], 'LIKE wildcards are literal');
      assert.deepEqual(await ids({ q: '_' }), [c.id]);
      assert.deepEqual(await ids({ q: 'nobody' }), []);
      assert.deepEqual(await ids({ channel: CHANNELS.newsletter, q: 'xena' }), [c.id]);
      assert.equal((await list({ channel: CHANNELS.newsletter })).total, 2);

      const page1 = await list({ channel: CHANNELS.newsletter, limit: '1' });
      assert.deepEqual(page1.leads.map((l) => l.id), [c.id]);
      const page2 = await list({ channel: CHANNELS.newsletter, limit: '1', before: String(page1.leads[0].seq) });
      assert.deepEqual(page2.leads.map((l) => l.id), [a.id]);

      for (const bad of [{ status: 'open' }, { agent: 'nobody' }, { channel: 'x' }, { q: 'q'.repeat(201) }]) {
        const res = await request(`${fresh.url}/inbox/api/leads?${new URLSearchParams(bad)}`);
        assert.equal(res.status, 400, JSON.stringify(bad));
      }
    } finally {
      await fresh.stop();
    }
  });
});
