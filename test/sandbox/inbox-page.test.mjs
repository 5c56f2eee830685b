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

test('search and filters narrow the list from the API; the fields are labelled', async () => {
  await postLead(server.url, CHANNELS.newsletter, { first_name: 'Findable', last_name: 'Person', email: 'findable@example.com' });
  await page.locator('rechat-inbox-lead h3', { hasText: 'Findable Person' }).waitFor();
  await page.getByLabel('Search').fill('findable');
  await page.locator('#leads-heading', { hasText: '(1)' }).waitFor();
  assert.deepEqual(await page.locator('rechat-inbox-lead h3').allTextContents(), ['Findable Person']);
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Status').selectOption('awaiting_claim');
  await page.locator('#leads-heading', { hasText: '(0)' }).waitFor();
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Channel').selectOption({ label: 'Newsletter' });
  await page.locator('#leads-heading', { hasText: '(2)' }).waitFor();
  assert.deepEqual(await page.locator('rechat-inbox-lead h3').allTextContents(), ['Findable Person', 'Older Lead']);
  await page.getByLabel('Channel').selectOption('');
});

test("an agent's own view: waiting leads live, a notification, away switch, focus kept after a claim", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: server.url });
  const agentPage = await context.newPage();
  agentPage.on('pageerror', (error) => problems.push(error.message));
  try {
    // Record notifications instead of showing them.
    await agentPage.addInitScript(() => {
      window.shown = [];
      window.Notification = class {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        constructor(title, options) {
          window.shown.push([title, options?.body]);
        }
      };
    });
    await agentPage.goto(`${server.url}/inbox?agent=miller`);
    await agentPage.getByRole('heading', { name: /Waiting for Ava Miller to claim/ }).waitFor();
    await agentPage.locator('.connection-live').waitFor();
    await agentPage.locator('#leads-heading', { hasText: '(0)' }).waitFor();

    await postLead(server.url, CHANNELS.newsletter, { first_name: 'Not', last_name: 'Hers', email: 'nothers@example.com' });
    await postLead(server.url, CHANNELS.buyerClaim, { first_name: 'First', last_name: 'Waiting', email: 'w1@example.com' });
    await postLead(server.url, CHANNELS.buyerClaim, { first_name: 'Second', last_name: 'Waiting', email: 'w2@example.com' });
    await agentPage.locator('#leads-heading', { hasText: '(2)' }).waitFor();
    assert.deepEqual(await agentPage.locator('rechat-inbox-lead h3').allTextContents(), ['Second Waiting', 'First Waiting']);
    assert.deepEqual(await agentPage.evaluate(() => window.shown), [
      ['A lead is waiting for you to claim', 'First Waiting via Buyer consultations'],
      ['A lead is waiting for you to claim', 'Second Waiting via Buyer consultations'],
    ]);

    // Claim the first lead from the keyboard: it leaves this view and focus moves to the next one.
    const card = agentPage.locator('rechat-inbox-lead').first();
    await card.getByLabel('Claim as').selectOption('miller');
    await card.getByRole('button', { name: 'Claim lead from Second Waiting' }).focus();
    await agentPage.keyboard.press('Enter');
    await agentPage.locator('#leads-heading', { hasText: '(1)' }).waitFor();
    const focused = await agentPage.evaluate(() => document.activeElement?.querySelector('h3')?.textContent ?? document.activeElement?.outerHTML.slice(0, 120));
    assert.equal(focused, 'First Waiting');

    // Away: routing skips her, and the main inbox's switch shows it live.
    await agentPage.getByLabel("I'm away (routing skips me)").check();
    await page.locator('details.agents summary').click();
    await page.getByLabel('Ava Miller is away').and(page.locator(':checked')).waitFor();
    const data = (await postLead(server.url, CHANNELS.buyerClaim, { email: 'w3@example.com' })).body.data;
    assert.match(data.routing.reason, /\(Ava Miller away\)/);
    await agentPage.getByLabel("I'm away (routing skips me)").uncheck();
  } finally {
    await context.close();
  }
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
