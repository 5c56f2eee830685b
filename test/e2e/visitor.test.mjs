// The visitor phase end to end, as shipped on the demo site (data-visitor, data-track-pages,
// a consent banner): Debian's Chromium (playwright-core) against the real sandbox. What a
// visitor does on two pages before getting in touch reaches their lead's timeline on the
// third, in order, exactly once — sent at once, or queued offline and delivered later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, page, problems, server } from './demo-browser.mjs';
import { request, waitFor } from '../sandbox/helpers.mjs';

async function leadByEmail(email) {
  const { body } = await request(`${server.url}/inbox/api/leads?q=${encodeURIComponent(email)}`);
  return body.leads.find((l) => l.contact?.email === email);
}

/** How many activities the visitor database holds (read in the page). */
function keptInBrowser() {
  return page.evaluate(
    async () =>
      // Opening a database that does not exist would create it (empty): look first.
      (await indexedDB.databases()).some((db) => db.name === 'rechat-sdk-visitor') &&
      new Promise((resolve) => {
        const open = indexedDB.open('rechat-sdk-visitor');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('activity')) return resolve(0), db.close();
          const count = db.transaction('activity').objectStore('activity').count();
          count.onsuccess = () => (resolve(count.result), db.close());
        };
        open.onerror = () => resolve(0);
      }),
  );
}

/**
 * Pages 1 and 2: two listings, after accepting the banner on the first. Each page is left
 * once its activity is in IndexedDB (as a visitor who reads the page would).
 */
async function browseTwoListings() {
  await page.goto(`${server.url}/listing.html?id=L-1001`);
  await page.getByRole('button', { name: 'Accept' }).click();
  // Session start, page view, listing view.
  await waitFor(async () => (await keptInBrowser()) === 3, { what: 'page 1 kept' });
  await page.goto(`${server.url}/listing.html?id=L-1002`);
  await waitFor(async () => (await keptInBrowser()) === 5, { what: 'page 2 kept' });
}

/** Page 3: the contact form (`offline`: the connection drops once the page is there). */
async function sendContactForm(email, { offline = false } = {}) {
  await page.goto(`${server.url}/contact.html`);
  if (offline) await context.setOffline(true);
  await page.getByLabel('Email (required)').fill(email);
  await page.getByLabel('First name').fill('Vera');
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Waits until the lead's history has `count` activities; on a timeout, says what it has. */
async function mergedView(leadId, count) {
  let last;
  try {
    return await waitFor(async () => {
      ({ body: last } = await request(`${server.url}/inbox/api/leads/${leadId}`));
      return last.visitor.before_contact.length >= count && last;
    }, { what: 'the merged history' });
  } catch (error) {
    error.message += `: ${JSON.stringify(last?.timeline.map((a) => [a.action, a.notes?.slice(0, 50)]))}`;
    throw error;
  }
}

/** The lead's visitor history: in order, once each. */
function assertHistory(view) {
  const earlier = view.visitor.before_contact;
  assert.deepEqual(
    earlier.filter((a) => a.action === 'ContactViewedListing').map((a) => a.listing.id),
    ['L-1001', 'L-1002'],
  );
  const pages = earlier.filter((a) => a.action === 'ContactViewedPage').map((a) => new URL(a.notes.split(' ').pop()).pathname + new URL(a.notes.split(' ').pop()).search);
  assert.deepEqual(pages, ['/listing.html?id=L-1001', '/listing.html?id=L-1002', '/contact.html']);
  assert.equal(earlier.filter((a) => a.action === 'ContactStartedSession').length, 1);
  // Exactly once: no activity twice (same action, original time and subject).
  const keys = earlier.map((a) => JSON.stringify([a.action, a.at, a.notes ?? '', a.listing ?? null]));
  assert.equal(new Set(keys).size, keys.length);
  // In order of their original times.
  assert.deepEqual(earlier.map((a) => a.at), [...earlier.map((a) => a.at)].sort());
  assert.equal(view.visitor.listing_views, 2);
  assert.equal(view.visitor.sessions, 1);
}

test('activity on pages 1 and 2, a capture on page 3: the lead\'s timeline holds it, in order, once', async () => {
  await browseTwoListings();
  await sendContactForm('vera@example.com');
  await page.getByText('Thank you! An agent will contact you shortly.').waitFor();
  const lead = await waitFor(() => leadByEmail('vera@example.com'), { what: 'the lead' });
  const view = await mergedView(lead.id, 6);
  assertHistory(view);
  // Nothing more arrives after a further page: the visitor phase is over.
  await page.goto(`${server.url}/`);
  const { body: again } = await request(`${server.url}/inbox/api/leads/${lead.id}`);
  assert.equal(again.visitor.before_contact.length, view.visitor.before_contact.length);

  // The inbox shows it apart, with its summary.
  await page.goto(`${server.url}/inbox`);
  const card = page.locator('article.lead', { has: page.getByRole('heading', { name: /Vera/ }) });
  await card.locator('.visitor-history summary', { hasText: 'Before they got in touch: 2 listing views in 1 session' }).waitFor();
  assert.deepEqual(problems, []);
});

test('the same with the capture queued offline on page 3 and delivered from a later page', async () => {
  await browseTwoListings();
  await sendContactForm('vera-offline@example.com', { offline: true });
  await page.getByText('You are offline: your message is saved').waitFor();
  await context.setOffline(false);
  // A later page sends what was queued (lead first, then its merged history).
  await page.goto(`${server.url}/`);
  const lead = await waitFor(() => leadByEmail('vera-offline@example.com'), { what: 'the queued lead' });
  const view = await mergedView(lead.id, 6);
  assertHistory(view);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
});
