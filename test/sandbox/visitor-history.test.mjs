// The inbox's visitor history: the sandbox tells the activity the SDK merged at capture
// (notes written by the SDK's own mergedNotes) from the rest of a lead's timeline, and
// shows the attribution the SDK sent with the capture.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mergedNotes, BEFORE_CONTACT as SDK_PREFIX } from '../../dist/esm/core/visitor-merge.js';
import { BEFORE_CONTACT, leadAttribution, visitorHistory } from '../../dist/sandbox/leads/visitor-history.js';
import { CHANNELS, postLead, request, startSandbox, viewLead } from './helpers.mjs';

const at = (minutes) => Date.parse('2026-11-02T10:00:00.000Z') + minutes * 60_000;
const merged = (action, minutes, notes) => ({ action, created_at: '2026-11-03T09:00:00.000Z', notes: mergedNotes(at(minutes), notes) });

describe('visitorHistory (pure)', () => {
  test('the sandbox reads the prefix the SDK writes', () => {
    assert.equal(BEFORE_CONTACT, SDK_PREFIX);
  });

  test('splits merged activity (original time, own notes) from the rest; counts listing views and 30-minute sessions', () => {
    const timeline = [
      merged('ContactViewedListing', 0),
      merged('ContactViewedListing', 10, 'Asked about: parking'),
      merged('ContactFavoritedListing', 12),
      // 30 minutes without activity: a new session.
      merged('ContactViewedListing', 42),
      // Another day.
      merged('ContactViewedListing', 60 * 24),
      { action: 'ContactLoggedIn', created_at: '2026-11-03T09:05:00.000Z', notes: 'Before contact, they said' },
      { action: 'ContactViewedListing', created_at: '2026-11-03T09:06:00.000Z' },
    ];
    const history = visitorHistory(timeline);
    assert.deepEqual(
      history.before_contact.map((a) => [a.action, a.at, a.notes]),
      [
        ['ContactViewedListing', '2026-11-02T10:00:00.000Z', undefined],
        ['ContactViewedListing', '2026-11-02T10:10:00.000Z', 'Asked about: parking'],
        ['ContactFavoritedListing', '2026-11-02T10:12:00.000Z', undefined],
        ['ContactViewedListing', '2026-11-02T10:42:00.000Z', undefined],
        ['ContactViewedListing', '2026-11-03T10:00:00.000Z', undefined],
      ],
    );
    assert.equal(history.listing_views, 4);
    assert.equal(history.sessions, 3);
    // A note that only looks like the prefix, and the lead's own activity, stay in the timeline.
    assert.deepEqual(history.after_contact.map((a) => a.action), ['ContactLoggedIn', 'ContactViewedListing']);
  });

  test('a timeline with nothing merged has no history', () => {
    const history = visitorHistory([{ action: 'ContactLoggedIn', created_at: '2026-11-03T09:05:00.000Z' }]);
    assert.deepEqual(history, { before_contact: [], listing_views: 0, sessions: 0, after_contact: history.after_contact });
    assert.equal(history.after_contact.length, 1);
  });

  test('attribution from the raw payload: last touch fields (known or kept as extra), and the first touch', () => {
    assert.deepEqual(
      leadAttribution({
        referer_url: 'https://homes.example/?utm_source=google',
        lead_source: 'google',
        extra: { utm_source: 'newsletter', gclid: 'abc', landing_page: 'https://homes.example/open-house', first_touch: { utm_source: 'google', landing_page: 'https://homes.example/?utm_source=google' }, other: 'x' },
      }),
      {
        last: { utm_source: 'newsletter', gclid: 'abc', landing_page: 'https://homes.example/open-house', referer_url: 'https://homes.example/?utm_source=google' },
        first_touch: { utm_source: 'google', landing_page: 'https://homes.example/?utm_source=google' },
      },
    );
    assert.deepEqual(leadAttribution({ email: 'a@b.co' }), { last: {} });
  });
});

describe('the inbox API shows it', () => {
  let server;
  before(async () => {
    server = await startSandbox();
  });
  after(() => server.stop());

  test('a lead with merged activity and attribution', async () => {
    const { body: created } = await postLead(server.url, CHANNELS.general, {
      email: 'visitor@example.com',
      utm_source: 'google',
      landing_page: 'https://homes.example/?utm_source=google',
    });
    const id = created.data.id;
    for (const [action, minutes] of [['ContactViewedListing', 0], ['ContactViewedListing', 5], ['ContactViewedListing', 90]]) {
      const res = await request(`${server.url}/leads/${id}/timeline`, { method: 'POST', json: { action, listing: { id: `L${minutes}` }, notes: mergedNotes(at(minutes)) } });
      assert.ok(res.status < 300, `timeline ${res.status}`);
    }
    await request(`${server.url}/leads/${id}/timeline`, { method: 'POST', json: { action: 'ContactLoggedIn' } });
    const lead = await viewLead(server.url, id);
    assert.equal(lead.visitor.listing_views, 3);
    assert.equal(lead.visitor.sessions, 2);
    assert.deepEqual(lead.visitor.before_contact.map((a) => a.listing.id), ['L0', 'L5', 'L90']);
    assert.deepEqual(lead.visitor.after_contact.map((a) => a.action), ['ContactLoggedIn']);
    assert.equal(lead.attribution.last.utm_source, 'google');
    assert.equal(lead.attribution.last.landing_page, 'https://homes.example/?utm_source=google');
  });
});
