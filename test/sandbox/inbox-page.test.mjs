// The inbox in a real browser (Debian's Chromium through playwright-core): it renders
// under its CSP, shows lead data only as text, updates live and claims with the keyboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ensureBrowser } from '../../scripts/browsers.mjs';
import { CHANNELS, postLead, startSandbox, viewLead } from './helpers.mjs';

// Finds Chromium, installs Debian's package, or stops with the command to run: never skips.
const executablePath = ensureBrowser('chromium');

let server;
let browser;
let page;
const problems = [];

before(async () => {
  server = await startSandbox();
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  page = await browser.newPage();
  // Any CSP violation or script error fails the last test: the page must run clean.
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${msg.text()} ${msg.location().url ?? ''}`.trim());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('renders leads newest first with channel, assignees and reason; lead data stays text', async () => {
  await postLead(server.url, CHANNELS.newsletter, { first_name: 'Older', last_name: 'Lead', email: 'older@example.com' });
  await postLead(server.url, CHANNELS.listing, {
    first_name: '<img src=x onerror="window.pwned=1">',
    last_name: 'Newer',
    email: 'newer@example.com',
    note: '<b>bold?</b>',
    price: 1500000,
  });
  await page.goto(`${server.url}/inbox`);
  await page.locator('rechat-inbox-lead').nth(1).waitFor();

  const titles = await page.locator('rechat-inbox-lead h3').allTextContents();
  assert.deepEqual(titles, ['<img src=x onerror="window.pwned=1"> Newer', 'Older Lead']);
  assert.equal(await page.locator('rechat-inbox img, rechat-inbox b').count(), 0, 'no markup from lead data');
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  const newest = page.locator('rechat-inbox-lead').first();
  const text = await newest.innerText();
  assert.match(text, /Listing inquiries/);
  assert.match(text, /Sophia Moore/);
  assert.match(text, /Rule 1 'Luxury listings' \(Round robin over pool 'Luxury team'\): next agent Sophia Moore/);
  assert.match(text, /<b>bold\?<\/b>/);
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
  assert.equal(await page.getByRole('list', { name: /Leads/ }).count(), 1);
});

test('a lead posted while the page is open appears on top and is announced', async () => {
  await page.locator('.connection-live').waitFor();
  await postLead(server.url, CHANNELS.buyerClaim, { first_name: 'Live', last_name: 'Arrival', email: 'live@example.com' });
  await page.locator('rechat-inbox-lead h3', { hasText: 'Live Arrival' }).waitFor();
  assert.equal(await page.locator('rechat-inbox-lead h3').first().textContent(), 'Live Arrival');
  const status = page.getByRole('status');
  assert.match(await status.textContent(), /New lead from Live Arrival via Buyer consultations, waiting for an agent to claim it\./);
});

test('an awaiting lead is claimed from the keyboard; the inbox and the server agree', async () => {
  const card = page.locator('rechat-inbox-lead').first();
  const select = card.getByLabel('Claim as');
  await select.focus();
  await select.selectOption('wilson');
  await page.keyboard.press('Tab');
  const button = card.getByRole('button', { name: 'Claim lead from Live Arrival' });
  assert.equal(await button.evaluate((el) => el === document.activeElement), true, 'Tab reaches the claim button');
  await page.keyboard.press('Enter');
  await card.locator('.badge', { hasText: 'Assigned' }).waitFor();
  assert.match(await card.innerText(), /Claimed by Ethan Wilson/);
  assert.equal(await card.getByRole('button', { name: /Claim lead/ }).count(), 0);

  const id = await card.locator('article').getAttribute('aria-labelledby');
  const lead = await viewLead(server.url, id.replace(/^lead-/, '').replace(/-title$/, ''));
  assert.deepEqual(lead.assignees.map((a) => a.id), ['wilson']);
});

test('the page ran without CSP violations or script errors', async () => {
  assert.deepEqual(problems, []);
  // A way to look at the inbox: RECHAT_INBOX_SCREENSHOT=/tmp/inbox.png node --test this file.
  // (chromium --screenshot captures at the load event, before the leads have been fetched.)
  if (process.env.RECHAT_INBOX_SCREENSHOT) {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.screenshot({ path: process.env.RECHAT_INBOX_SCREENSHOT, fullPage: true });
  }
});
