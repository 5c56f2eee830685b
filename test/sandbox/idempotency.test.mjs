// The sandbox side of the idempotency-key protocol (/work/prompts/idempotency.md): a
// repeat of a key gets the first reply and creates nothing, on every Lead Capture API
// write, across restarts; the key comes from the header, else the webhook body.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CHANNELS, postLead, request, startSandbox, tempDir, viewLead } from './helpers.mjs';

let server;
let base;
before(async () => {
  server = await startSandbox();
  base = server.url;
});
after(() => server.stop());

const count = () => server.sandbox.service.count();
const withKey = (key) => ({ headers: { 'idempotency-key': key } });

describe('webhook', () => {
  test('a repeated body key gets the same reply, stores one lead and takes no round-robin step', async () => {
    const first = await postLead(base, CHANNELS.general, { email: 'once@example.com', idempotency_key: 'rr-key-1' });
    assert.equal(first.status, 200);
    const stored = count();
    const again = await postLead(base, CHANNELS.general, { email: 'once@example.com', idempotency_key: 'rr-key-1' });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal(count(), stored, 'no second lead');

    // The next lead without a key takes the very next round-robin position.
    const next = await postLead(base, CHANNELS.general, { email: 'next@example.com' });
    assert.equal(next.body.data.routing.position, first.body.data.routing.position + 1);
    // The key is the request's, not a lead field.
    const lead = await viewLead(base, first.body.data.id);
    assert.equal(lead.lead.extra, undefined);
    assert.equal(JSON.stringify(lead).includes('rr-key-1'), false);
  });

  test('concurrent repeats of one key store one lead', async () => {
    const before = count();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => postLead(base, CHANNELS.uptown, { email: 'race@example.com' }, withKey('race-key'))),
    );
    assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([200]));
    assert.equal(new Set(replies.map((r) => r.body.data.id)).size, 1);
    assert.equal(count(), before + 1);
  });

  test('the header wins over the body; a body key alone is a key of its own', async () => {
    const a = await postLead(base, CHANNELS.newsletter, { email: 'hb@example.com', idempotency_key: 'body-1' }, withKey('header-1'));
    const b = await postLead(base, CHANNELS.newsletter, { email: 'hb@example.com', idempotency_key: 'body-2' }, withKey('header-1'));
    assert.equal(b.body.data.id, a.body.data.id, 'same header key: a repeat');
    const c = await postLead(base, CHANNELS.newsletter, { email: 'hb@example.com', idempotency_key: 'body-1' });
    assert.notEqual(c.body.data.id, a.body.data.id, 'body-1 was never the key: the header was');
    const d = await postLead(base, CHANNELS.newsletter, { email: 'hb@example.com', idempotency_key: 'body-1' });
    assert.equal(d.body.data.id, c.body.data.id);
  });

  test('keys are scoped per endpoint: one key on two channels is two leads', async () => {
    const a = await postLead(base, CHANNELS.newsletter, { email: 's1@example.com' }, withKey('scoped'));
    const b = await postLead(base, CHANNELS.agentProfile, { email: 's1@example.com' }, withKey('scoped'));
    assert.notEqual(a.body.data.id, b.body.data.id);
    assert.equal(b.body.data.lead_channel, CHANNELS.agentProfile);
  });

  test('a 4xx is not remembered: the same key then succeeds once', async () => {
    const before = count();
    const bad = await postLead(base, CHANNELS.newsletter, { email: 'not an email', idempotency_key: 'fix-me' });
    assert.equal(bad.status, 400);
    assert.equal(count(), before, 'nothing stored on a 400');
    const unknown = await postLead(base, '00000000-0000-4000-8000-000000000000', { email: 'x@example.com', idempotency_key: 'fix-me' });
    assert.equal(unknown.status, 404);
    const good = await postLead(base, CHANNELS.newsletter, { email: 'fixed@example.com', idempotency_key: 'fix-me' });
    assert.equal(good.status, 200);
    assert.equal(count(), before + 1);
  });

  test('a bad key is a 400 in the API shape and stores nothing', async () => {
    const before = count();
    const cases = [
      [{ email: 'k@example.com' }, withKey('x'.repeat(201))],
      [{ email: 'k@example.com' }, withKey('caf\u00e9')],
      [{ email: 'k@example.com', idempotency_key: '' }, {}],
      [{ email: 'k@example.com', idempotency_key: 'x'.repeat(201) }, {}],
      [{ email: 'k@example.com', idempotency_key: 'tab\there' }, {}],
      [{ email: 'k@example.com', idempotency_key: 42 }, {}],
      [{ email: 'k@example.com', idempotency_key: ['a'] }, {}],
    ];
    for (const [lead, options] of cases) {
      const res = await postLead(base, CHANNELS.newsletter, lead, options);
      assert.equal(res.status, 400, JSON.stringify(lead));
      assert.equal(res.body.code, 'BadRequest');
      assert.match(res.body.message, /idempotency|Idempotency-Key/i);
      assert.equal(res.headers.get('rechat-idempotency'), 'header');
    }
    assert.equal(count(), before);
    const longest = await postLead(base, CHANNELS.newsletter, { email: 'k@example.com' }, withKey('~'.repeat(200)));
    assert.equal(longest.status, 200);
  });

  test('a form body key works like a JSON one', async () => {
    const form = 'email=form%40example.com&idempotency_key=form-key';
    const url = `${base}/leads/channels/${CHANNELS.newsletter}/webhook`;
    const a = await request(url, { method: 'POST', form });
    const b = await request(url, { method: 'POST', form });
    assert.equal(a.status, 200);
    assert.deepEqual(b.body, a.body);
  });
});

describe('timeline and assignees', () => {
  test('a repeated timeline activity is one entry', async () => {
    const { id } = (await postLead(base, CHANNELS.newsletter, { email: 't@example.com' })).body.data;
    const post = () => request(`${base}/leads/${id}/timeline`, { method: 'POST', json: { action: 'ContactViewedListing' }, ...withKey('act-1') });
    const first = await post();
    const second = await post();
    assert.equal(first.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal((await viewLead(base, id)).timeline.length, 1);
    // The same key on another lead's timeline is another endpoint.
    const other = (await postLead(base, CHANNELS.newsletter, { email: 't2@example.com' })).body.data.id;
    await request(`${base}/leads/${other}/timeline`, { method: 'POST', json: { action: 'ContactViewedListing' }, ...withKey('act-1') });
    assert.equal((await viewLead(base, other)).timeline.length, 1);
  });

  test('a repeated reassignment changes the lead once', async () => {
    const { id } = (await postLead(base, CHANNELS.newsletter, { email: 'a@example.com' })).body.data;
    const put = (email) =>
      request(`${base}/leads/${id}/assignees`, { method: 'PUT', json: [{ email }], ...withKey('move-1') });
    const first = await put('liam.williams@adler.example');
    assert.equal(first.status, 200);
    const second = await put('ava.miller@adler.example');
    assert.deepEqual(second.body, first.body);
    const lead = await viewLead(base, id);
    assert.deepEqual(lead.assignees.map((a) => a.id), ['williams'], 'the repeat did not reassign');
    assert.equal(lead.history.filter((h) => h.event === 'reassigned').length, 1);
  });
});

describe('headers', () => {
  test('every Lead Capture API reply says Rechat-Idempotency: header, errors included', async () => {
    const replies = [
      await postLead(base, CHANNELS.newsletter, { email: 'h@example.com' }),
      await postLead(base, CHANNELS.newsletter, { email: 'nope' }),
      await request(`${base}/leads/not-a-uuid/timeline`, { method: 'POST', json: { action: 'ContactSignedUp' } }),
      await request(`${base}/leads/${CHANNELS.general}/assignees`, { method: 'PUT', json: [{ email: 'x@example.com' }] }),
      await request(`${base}/leads/channels/${CHANNELS.general}/webhook`, { method: 'POST', body: 'x', headers: { 'content-type': 'image/png' } }),
    ];
    for (const res of replies) assert.equal(res.headers.get('rechat-idempotency'), 'header', String(res.status));
  });

  test('CORS lets pages send Idempotency-Key and read Rechat-Idempotency', async () => {
    const preflight = await fetch(`${base}/leads/channels/${CHANNELS.general}/webhook`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://agent-site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers'), /idempotency-key/i);
    const res = await postLead(base, CHANNELS.newsletter, { email: 'c@example.com' }, { headers: { origin: 'https://agent-site.example' } });
    assert.match(res.headers.get('access-control-expose-headers'), /rechat-idempotency/i);
  });
});

describe('restart', () => {
  test('keys survive a restart and expire after 7 days', async () => {
    const dir = tempDir();
    try {
      const first = await startSandbox({ dataDir: dir });
      const a = await postLead(first.url, CHANNELS.general, { email: 'r@example.com' }, withKey('survivor'));
      await first.stop();
      const second = await startSandbox({ dataDir: dir });
      try {
        const b = await postLead(second.url, CHANNELS.general, { email: 'r@example.com' }, withKey('survivor'));
        assert.deepEqual(b.body, a.body);
        assert.equal(second.sandbox.service.count(), 1);
        assert.equal(second.sandbox.service.pruneIdempotencyKeys(Date.now() + 6 * 86_400_000), 0, 'kept for 6 days');
        assert.equal(second.sandbox.service.pruneIdempotencyKeys(Date.now() + 8 * 86_400_000), 1, 'gone after 7');
        const c = await postLead(second.url, CHANNELS.general, { email: 'r@example.com' }, withKey('survivor'));
        assert.notEqual(c.body.data.id, a.body.data.id);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
