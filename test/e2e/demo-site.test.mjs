// The demo site end to end, as a visitor uses it: Debian's Chromium (playwright-core)
// against the real sandbox (dist/sandbox) with its own database. Every page must run
// clean under the site's strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, page, problems, server } from './demo-browser.mjs';
import { request } from '../sandbox/helpers.mjs';

/** Leads in the sandbox's inbox API, newest first. */
async function leads() {
  const { body } = await request(`${server.url}/inbox/api/leads`);
  return body.leads ?? body;
}

async function waitFor(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the contact page: the plain form bound by sdk.Leads.form reaches the inbox, routed', async () => {
  await page.goto(`${server.url}/contact.html`);
  await page.getByLabel('First name').fill('Grace');
  await page.getByLabel('Last name').fill('Hopper');
  await page.getByLabel('Email (required)').fill('grace@example.com');
  await page.getByLabel('I am').selectOption('Seller');
  await page.getByLabel('Message').fill('Thinking of selling in spring.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thank you! An agent will contact you shortly.').waitFor();

  const lead = await waitFor(async () => (await leads()).find((l) => l.contact?.email === 'grace@example.com'), 'the lead');
  // General contact routes sellers to Williams (demo/brokerage.json).
  assert.deepEqual(lead.assignees.map((a) => a.last_name), ['Williams']);
  assert.match(lead.routing.reason, /Seller/);

  // And the person watching the inbox sees it, with the agent and the reason.
  await page.goto(`${server.url}/inbox`);
  const card = page.locator('article.lead', { has: page.getByRole('heading', { name: 'Grace Hopper' }) });
  await card.waitFor();
  assert.match(await card.locator('.assignees').innerText(), /Liam Williams/);
  assert.match(await card.locator('.reason').innerText(), /Seller/);
  assert.deepEqual(problems, []);
});

test('offline: the contact form is saved, and delivered when the connection returns', async () => {
  await page.goto(`${server.url}/contact.html`);
  await context.setOffline(true);
  await page.getByLabel('Email (required)').fill('offline-visitor@example.com');
  await page.getByLabel('First name').fill('Ada');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('You are offline: your message is saved').waitFor();
  // The queue is shown in the footer's folded "Demo tools" panel: present, not visible. The
  // lead, then the visitor's page view and session start (track-pages) merged behind it.
  await page.locator('#queue-status', { hasText: '3 waiting to be sent' }).waitFor({ state: 'attached' });
  assert.equal((await leads()).some((l) => l.contact?.email === 'offline-visitor@example.com'), false);

  await context.setOffline(false);
  const lead = await waitFor(async () => (await leads()).find((l) => l.contact?.email === 'offline-visitor@example.com'), 'the queued lead');
  assert.equal(lead.contact.first_name, 'Ada');
  await page.locator('#queue-status', { hasText: 'nothing waiting' }).waitFor({ state: 'attached' });
  const { body: view } = await request(`${server.url}/inbox/api/leads/${lead.id}`);
  assert.deepEqual(view.visitor.before_contact.map((a) => a.action), ['ContactStartedSession', 'ContactViewedPage']);
  // Offline fetches fail with console errors in Chromium; anything else is a problem.
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
});

test('a listing page: the view is tracked, and the enquiry form reaches the listing agent', async () => {
  // L-1001 is listed by Sophia Moore (demo/site/data.js); the form names her as assignee.
  await page.goto(`${server.url}/listing.html?id=L-1001`);
  const form = page.locator('rechat-lead-form');
  await form.getByLabel('First name').fill('Zoë');
  await form.getByLabel('Last name').fill('Łukasz-李');
  await form.getByLabel('Email').fill('zoe@example.com');
  await form.getByLabel('Phone').fill('+44 (0)20 7946-0958');
  await form.getByLabel('Message').fill('Is the pool heated?');
  // The form ignores submissions faster than a person can type (its anti-spam timer).
  await page.waitForTimeout(1600);
  await form.getByRole('button', { name: 'Ask about this home' }).click();
  await form.getByText('Sophia will be in touch shortly').waitFor();
  assert.equal(await form.getAttribute('state'), 'success');

  const lead = await waitFor(async () => (await leads()).find((l) => l.contact?.email === 'zoe@example.com'), 'the lead');
  assert.deepEqual(lead.assignees.map((a) => `${a.first_name} ${a.last_name}`), ['Sophia Moore']);
  assert.match(lead.routing.reason, /email/i);

  // The visitor is now a lead: saving the listing lands on their timeline.
  await page.getByRole('button', { name: '♡ Save' }).click();
  await waitFor(async () => {
    const { body } = await request(`${server.url}/inbox/api/leads/${lead.id}`);
    return body.timeline?.some((a) => a.action === 'ContactFavoritedListing');
  }, 'the favourite on the timeline');

  await page.goto(`${server.url}/inbox`);
  const card = page.locator('article.lead', { has: page.getByRole('heading', { name: /Zoë/ }) });
  await card.waitFor();
  assert.match(await card.locator('.assignees').innerText(), /Sophia Moore/);
  assert.deepEqual(problems, []);
});

test('every demo page runs clean under its Content-Security-Policy', async () => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  for (const path of ['/', '/listing.html?id=L-1002', '/search.html', '/contact.html', '/agent.html', '/agent.html?id=smith', '/demo.html']) {
    const response = await page.goto(`${server.url}${path}`);
    assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
    await page.locator('#queue-status', { hasText: 'Online' }).waitFor({ state: 'attached' });
  }
  assert.deepEqual(violations, []);
  // Anonymous visitors are not tracked (no lead yet): that is reported on the page, not thrown.
  assert.deepEqual(problems, []);
});
