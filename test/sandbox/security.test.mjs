// The holes of the sandbox audit (issue 11), each as a test: CORS decided on the routed
// path, CSRF-proof inbox actions, Host checks and the inbox token, bounded input, SSE
// backpressure, dotfiles, nosniff, and errors in the API's shape.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, REPO_ROOT } from '../../dist/sandbox/main.js';
import { CHANNELS, postLead, rawRequest, request, startSandbox, tempDir, waitFor } from './helpers.mjs';

let server;
let base;
before(async () => {
  server = await startSandbox();
  base = server.url;
});
after(() => server.stop());

const count = () => server.sandbox.service.count();
const EVIL = 'https://evil.example';

describe('CORS is decided on the routed path', () => {
  test('an encoded inbox path gets no CORS headers and no other origin can read it', async () => {
    await postLead(base, CHANNELS.newsletter, { first_name: 'Secret', email: 'secret@example.com' });
    for (const path of ['/%69nbox/api/leads', '/inbox/api/leads', '/%69nbox/events', '/inbox/%61pi/config']) {
      const res = await rawRequest(base, path, { headers: { origin: EVIL } });
      assert.equal(res.headers['access-control-allow-origin'], undefined, path);
    }
  });

  test('a preflight for an inbox action, however encoded, is not allowed', async () => {
    for (const path of ['/inbox/api/leads/x/claim', '/%69nbox/api/leads/x/claim', '/inbox/api/agents/smith/availability']) {
      const res = await rawRequest(base, path, {
        method: 'OPTIONS',
        headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(res.headers['access-control-allow-origin'], undefined, path);
      assert.equal(res.headers['access-control-allow-methods'], undefined, path);
    }
  });

  test('the public API keeps its CORS, even when its path is encoded', async () => {
    const res = await rawRequest(base, `/le%61ds/channels/${CHANNELS.newsletter}/webhook`, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'enc@example.com' }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});

describe('inbox actions cannot be forged cross-site', () => {
  const claimable = async () => (await postLead(base, CHANNELS.buyerClaim, { email: `c${Math.random()}@example.com` })).body.data.id;
  const claim = (id, options) => request(`${base}/inbox/api/leads/${id}/claim`, { method: 'POST', ...options });
  const statusOf = async (id) => (await request(`${base}/inbox/api/leads/${id}`)).body.status;

  test('a no-preflight text/plain or form claim is refused and claims nothing', async () => {
    const id = await claimable();
    const plain = await claim(id, { body: JSON.stringify({ agent_id: 'smith' }), headers: { 'content-type': 'text/plain' } });
    assert.equal(plain.status, 415);
    assert.deepEqual(Object.keys(plain.body), ['code', 'message']);
    const form = await claim(id, { form: 'agent_id=smith' });
    assert.equal(form.status, 415);
    assert.equal(await statusOf(id), 'awaiting_claim');
  });

  test('a JSON claim from another origin is refused', async () => {
    const id = await claimable();
    const res = await claim(id, { json: { agent_id: 'smith' }, headers: { origin: EVIL } });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'Forbidden');
    const site = await claim(id, { json: { agent_id: 'smith' }, headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(site.status, 403);
    assert.equal(await statusOf(id), 'awaiting_claim');
  });

  test('a same-origin JSON claim works', async () => {
    const id = await claimable();
    const res = await claim(id, { json: { agent_id: 'smith' }, headers: { origin: base, 'sec-fetch-site': 'same-origin' } });
    assert.equal(res.status, 200);
    assert.equal(await statusOf(id), 'assigned');
  });
});

describe('Host header (DNS rebinding)', () => {
  test('a request naming another host is refused, on loopback too', async () => {
    const { port } = new URL(base);
    for (const host of [`evil.example:${port}`, 'attacker.example']) {
      const res = await rawRequest(base, '/inbox/api/leads', { headers: { host } });
      assert.equal(res.status, 421, host);
      assert.deepEqual(Object.keys(res.body), ['code', 'message']);
      assert.doesNotMatch(res.text, /secret@example\.com/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      assert.equal((await rawRequest(base, '/inbox/api/leads', { headers: { host } })).status, 200, host);
    }
  });

  test('ALLOWED_HOSTS adds names (a DNS name, a proxy)', async () => {
    const named = await startSandbox({ allowedHosts: ['Sandbox.Example'] });
    try {
      assert.equal((await rawRequest(named.url, '/inbox/api/leads', { headers: { host: 'sandbox.example:8080' } })).status, 200);
      assert.equal((await rawRequest(named.url, '/inbox/api/leads', { headers: { host: 'other.example' } })).status, 421);
    } finally {
      await named.stop();
    }
  });
});

describe('off loopback', () => {
  test('the inbox does not start without a token', async () => {
    const dir = tempDir();
    const sandbox = await createSandbox({ dataDir: dir, logger: false });
    try {
      await assert.rejects(sandbox.listen({ port: 0, host: '0.0.0.0' }), /INBOX_TOKEN/);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with a token: the inbox needs it, the public API does not', async () => {
    const token = 'test-token-0123456789abcdef';
    const open = await startSandbox({ host: '0.0.0.0', inboxToken: token });
    try {
      const url = open.url.replace('0.0.0.0', '127.0.0.1');
      assert.equal((await postLead(url, CHANNELS.newsletter, { email: 'off@example.com' })).status, 200);
      for (const path of ['/inbox', '/inbox/api/leads', '/inbox/events', '/%69nbox/api/leads']) {
        const res = await rawRequest(url, path);
        assert.equal(res.status, 401, path);
        assert.equal(res.body.code, 'Unauthorized');
      }
      assert.equal((await rawRequest(url, '/inbox/api/leads', { headers: { authorization: `Bearer ${token}x` } })).status, 401);
      const ok = await rawRequest(url, '/inbox/api/leads', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.total, 1);

      // The link printed at start logs the browser in with a cookie and drops the token from the URL.
      const login = await rawRequest(url, `/inbox?token=${token}`);
      assert.equal(login.status, 303);
      assert.equal(login.headers.location, '/inbox');
      const cookie = login.headers['set-cookie'][0];
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      const viaCookie = await rawRequest(url, '/inbox/api/leads', { headers: { cookie: cookie.split(';')[0] } });
      assert.equal(viaCookie.status, 200);
    } finally {
      await open.stop();
    }
  });
});

describe('start message', () => {
  test('off loopback, npm start generates an inbox token, prints its link and warns', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [new URL('../../dist/sandbox/main.js', import.meta.url).pathname], {
      env: { ...process.env, PORT: '0', HOST: '0.0.0.0', DATA_DIR: dir, INBOX_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      await waitFor(() => /Warning: listening on 0\.0\.0\.0/.test(output), { what: `the warning in: ${output}` });
      const [, port, token] = output.match(/:(\d+)\/inbox\?token=([\w-]{20,})/) ?? [];
      assert.ok(token, output);
      const url = `http://127.0.0.1:${port}`;
      assert.equal((await rawRequest(url, '/inbox/api/leads')).status, 401);
      assert.equal((await rawRequest(url, '/inbox/api/leads', { headers: { authorization: `Bearer ${token}` } })).status, 200);
      assert.match(output, /Host names .*localhost/);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bounded input', () => {
  const nested = (depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  test('deep nesting is a 400 before anything is stored, and the inbox still loads', async () => {
    const before = count();
    for (const depth of [40, 4100, 5000]) {
      const res = await request(`${base}/leads/channels/${CHANNELS.newsletter}/webhook`, {
        method: 'POST',
        body: `{"email":"deep@example.com","extra":${nested(depth)}}`,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.status, 400, `depth ${depth}`);
      assert.equal(res.body.code, 'BadRequest');
      assert.match(res.body.message, /nested/);
    }
    const form = await request(`${base}/leads/channels/${CHANNELS.newsletter}/webhook`, {
      method: 'POST',
      form: new URLSearchParams({ email: 'f@example.com', assignees: `[${nested(3000)}]` }),
    });
    assert.equal(form.status, 400);
    const timeline = await request(`${base}/leads/${CHANNELS.general}/timeline`, {
      method: 'POST',
      body: `{"action":"ContactViewedListing","listing":${nested(100)}}`,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(timeline.status, 400);
    assert.equal(count(), before);
    assert.equal((await request(`${base}/inbox/api/leads`)).status, 200);
    // Moderate nesting is a lead as before.
    assert.equal((await postLead(base, CHANNELS.newsletter, { email: 'ok@example.com', utm: JSON.parse(nested(8)) })).status, 200);
  });

  test('too many keys or too long a string is a 400 naming the limit', async () => {
    const before = count();
    const keys = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`k${i}`, 1]));
    const many = await postLead(base, CHANNELS.newsletter, { email: 'k@example.com', ...keys });
    assert.equal(many.status, 400);
    assert.match(many.body.message, /fields/);
    const long = await postLead(base, CHANNELS.newsletter, { email: 'l@example.com', note: 'x'.repeat(20_000) });
    assert.equal(long.status, 400);
    assert.match(long.body.message, /characters/);
    assert.equal(count(), before);
  });

  test('a failing event listener cannot turn an accepted lead into a 5xx', async () => {
    const unsubscribe = server.sandbox.events.subscribe(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const errors = console.error;
    console.error = () => {};
    try {
      const before = count();
      const res = await postLead(base, CHANNELS.newsletter, { email: 'after-commit@example.com' });
      assert.equal(res.status, 200);
      assert.equal(count(), before + 1);
    } finally {
      console.error = errors;
      unsubscribe();
    }
  });
});

describe('server-sent events', () => {
  /** Opens /inbox/events on a raw socket that never reads. */
  async function stalledClient(url) {
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`GET /inbox/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    socket.pause();
    return socket;
  }

  test('a client that stops reading is dropped once it falls behind; a reading one stays', async () => {
    // A small bound, so that the kernel's socket buffers (megabytes on loopback) fill quickly.
    const small = await startSandbox({ streamLimits: { maxClients: 5, maxBehindBytes: 32 * 1024 } });
    try {
      const stalled = await stalledClient(small.url);
      const reading = await stalledClient(small.url);
      let received = 0;
      reading.on('data', (chunk) => (received += chunk.length));
      reading.resume();
      await waitFor(() => small.sandbox.inboxStreams() === 2, { what: 'the streams to open' });
      const note = 'n'.repeat(9_000);
      for (let i = 0; small.sandbox.inboxStreams() > 1; i++) {
        assert.ok(i < 2000, 'dropped within 2000 leads of ~10 KB');
        await postLead(small.url, CHANNELS.newsletter, { email: `s${i}@example.com`, note });
      }
      assert.equal(small.sandbox.inboxStreams(), 1, 'the reading client is still connected');
      assert.ok(received > 0);
      // One message (~54 KB) larger than the bound (32 KB) still reaches a client that keeps up.
      const big = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, 'b'.repeat(9_000)]));
      const before = received;
      await postLead(small.url, CHANNELS.newsletter, { email: 'big@example.com', ...big });
      await waitFor(() => received - before > 54_000, { what: 'the large message to arrive' });
      assert.equal(small.sandbox.inboxStreams(), 1);
      stalled.resume();
      stalled.on('data', () => {});
      await once(stalled, 'close');
      reading.destroy();
    } finally {
      await small.stop();
    }
  });

  test('connections are capped with a 503 in the API shape', async () => {
    const sockets = [];
    try {
      let refused;
      for (let i = 0; i < 200 && !refused; i++) {
        const { port } = new URL(base);
        const res = await new Promise((resolve, reject) => {
          const socket = net.connect(Number(port), '127.0.0.1', () =>
            socket.write(`GET /inbox/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
          );
          sockets.push(socket);
          let text = '';
          socket.on('data', (chunk) => {
            text += chunk;
            if (text.includes('\r\n\r\n')) resolve(text);
          });
          socket.on('error', reject);
        });
        if (res.startsWith('HTTP/1.1 503')) refused = res;
      }
      assert.ok(refused, 'a connection beyond the cap was refused');
      assert.match(refused, /retry-after: \d+/i);
      assert.match(refused, /"code":"ServiceUnavailable"/);
    } finally {
      sockets.forEach((s) => s.destroy());
    }
  });
});

describe('static files and headers', () => {
  test('dotfiles are not served', async () => {
    const root = tempDir();
    try {
      for (const dir of ['dist', 'demo/site/.git', 'demo/inbox/public']) mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, 'dist', '.env'), 'SECRET=1');
      writeFileSync(join(root, 'demo', 'site', '.git', 'config'), '[core]');
      writeFileSync(join(root, 'demo', 'site', '.htpasswd'), 'x:y');
      writeFileSync(join(root, 'demo', 'site', 'index.html'), '<p>hi</p>');
      const site = await startSandbox({ rootDir: root, configPath: join(REPO_ROOT, 'demo', 'brokerage.json') });
      try {
        assert.equal((await fetch(`${site.url}/`)).status, 200);
        for (const path of ['/dist/.env', '/.git/config', '/.htpasswd', '/%2egit/config']) {
          const res = await rawRequest(site.url, path);
          assert.equal(res.status, 404, path);
          assert.doesNotMatch(res.text, /SECRET|core|x:y/);
        }
      } finally {
        await site.stop();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('every reply says X-Content-Type-Options: nosniff', async () => {
    const replies = [
      await rawRequest(base, '/'),
      await rawRequest(base, '/nope'),
      await rawRequest(base, '/dist/demo/inbox.js'),
      await rawRequest(base, '/site-data/agents.json'),
      await rawRequest(base, `/leads/channels/${CHANNELS.newsletter}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await rawRequest(base, `/leads/channels/${CHANNELS.newsletter}/webhook`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } }),
      await rawRequest(base, '/inbox/api/leads'),
      await rawRequest(base, '/leads/%zz/timeline', { method: 'POST' }),
    ];
    for (const res of replies) assert.equal(res.headers['x-content-type-options'], 'nosniff', String(res.status));
  });

  test('a too-long id, a bad URL and oversized headers get the API error shape', async () => {
    const cases = [
      [`/leads/${'a'.repeat(300)}/timeline`, 414],
      ['/leads/%zz/timeline', 400],
      ['/inbox/%E0%A4%A', 400],
    ];
    for (const [path, status] of cases) {
      const res = await rawRequest(base, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(res.status, status, path);
      assert.deepEqual(Object.keys(res.body), ['code', 'message'], path);
    }
    const big = await rawRequest(base, '/', { headers: { 'x-padding': 'p'.repeat(20_000) } });
    assert.equal(big.status, 431);
    assert.deepEqual(Object.keys(big.body), ['code', 'message']);
  });

  test('a 413 is readable by a client that sends its whole body first', async () => {
    const body = JSON.stringify({ email: 'big@example.com', note: 'x'.repeat(4_000_000) });
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/leads/channels/${CHANNELS.newsletter}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).code, 'PayloadTooLarge');
    }
  });
});
