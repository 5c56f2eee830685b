// The audit's cross-site cases, in a real browser (Debian's Chromium): a page on another
// origin can post leads (a public API) but can neither read the inbox, however its URL is
// encoded, nor claim a lead or change an agent's availability with a no-preflight request.
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ensureBrowser } from '../../scripts/browsers.mjs';
import { CHANNELS, postLead, request, startSandbox, viewLead } from './helpers.mjs';

let server;
let other;
let browser;
let page;

before(async () => {
  server = await startSandbox();
  // Another origin (same host, another port) serving an empty page.
  other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other site</title>'));
  other.listen(0, '127.0.0.1');
  await once(other, 'listening');
  browser = await chromium.launch({ executablePath: ensureBrowser('chromium'), args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${other.address().port}/`);
});

after(async () => {
  await browser?.close();
  other?.close();
  await server?.stop();
});

test('another origin cannot read the inbox, however the path is encoded', async () => {
  await postLead(server.url, CHANNELS.newsletter, { first_name: 'Private', email: 'private@example.com' });
  for (const path of ['/inbox/api/leads', '/%69nbox/api/leads', '/inbox/%61pi/leads', '/inbox/api/config']) {
    const outcome = await page.evaluate(async (url) => {
      try {
        const res = await fetch(url);
        return `read ${res.status}: ${(await res.text()).slice(0, 80)}`;
      } catch (error) {
        return `blocked: ${error.name}`;
      }
    }, `${server.url}${path}`);
    assert.equal(outcome, 'blocked: TypeError', path);
  }
});

test('another origin cannot claim a lead or mark an agent away, with or without a preflight', async () => {
  const { id } = (await postLead(server.url, CHANNELS.buyerClaim, { email: 'claimme@example.com' })).body.data;
  const results = await page.evaluate(
    async ({ base, id }) => {
      const attempt = (path, init) => fetch(`${base}${path}`, init).then((r) => `sent (${r.type})`, (e) => `blocked: ${e.name}`);
      const body = JSON.stringify({ agent_id: 'smith' });
      return [
        await attempt(`/inbox/api/leads/${id}/claim`, { method: 'POST', mode: 'no-cors', body, headers: { 'content-type': 'text/plain' } }),
        await attempt(`/%69nbox/api/leads/${id}/claim`, { method: 'POST', mode: 'no-cors', body: 'agent_id=smith', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        await attempt(`/inbox/api/leads/${id}/claim`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
        await attempt('/inbox/api/agents/smith/availability', { method: 'PUT', body: '{"away":true}', headers: { 'content-type': 'application/json' } }),
      ];
    },
    { base: server.url, id },
  );
  // The no-cors requests reach the server (the browser cannot stop them) and are refused
  // there; the JSON ones never leave the browser, whose preflight is not granted.
  assert.deepEqual(results, ['sent (opaque)', 'sent (opaque)', 'blocked: TypeError', 'blocked: TypeError']);
  assert.equal((await viewLead(server.url, id)).status, 'awaiting_claim');
  const config = (await request(`${server.url}/inbox/api/config`)).body;
  assert.equal(config.agents.find((a) => a.id === 'smith').away, false);
});

test('another origin can post a lead and read the reply, as the public API allows', async () => {
  const reply = await page.evaluate(async (url) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'page-1' }, body: '{"email":"site@example.com"}' });
    return { status: res.status, code: (await res.json()).code, idempotency: res.headers.get('rechat-idempotency') };
  }, `${server.url}/leads/channels/${CHANNELS.newsletter}/webhook`);
  assert.deepEqual(reply, { status: 200, code: 'OK', idempotency: 'header' });
});
