import { expect, waitUntil } from '@open-wc/testing';
import { BEFORE_CONTACT } from '../../src/core/visitor-merge.js';
import { VISITOR_LIFETIME_MS } from '../../src/core/visitor-lifetime.js';
import { SESSION_TIMEOUT_MS } from '../../src/core/session.js';
import { channelId, cookieValue, fakeApi, rejection, setOffline, type FakeApi } from '../helpers/fake-api.js';
import { clock, keptByEarlierPage, keptNow, resetVisitorPage, settleVisitorSdks, VisitorSdk } from '../helpers/visitor-sdk.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { resetPageOutbox } from '../../src/store/outbox.js';

const start = location.href;

describe('The visitor phase', () => {
  let api: FakeApi;
  const sdks: VisitorSdk[] = [];
  const make = (settings: ConstructorParameters<typeof VisitorSdk>[0] = {}) => {
    const sdk = new VisitorSdk({ apiUrl: api.url, visitor: true, ...settings });
    sdks.push(sdk);
    return sdk;
  };

  beforeEach(async () => {
    await resetVisitorPage();
    api = await fakeApi();
  });
  afterEach(async () => {
    await settleVisitorSdks(sdks, start);
  });

  it('is off by default: tracker calls reject with "No tracking id is found"', async () => {
    const sdk = new VisitorSdk({ apiUrl: api.url });
    const error = await rejection(sdk.Leads.Tracker.viewedListing({ id: 'L1' }));
    expect(error.message).to.equal('No tracking id is found');
    expect((await keptNow()).activities).to.have.length(0);
  });

  it('Tracker.ready says whether a call does more than reject: a lead, the visitor phase on, or consent denied', async () => {
    // The full Sdk always has a visitor phase (for attribution); off, it keeps nothing.
    const off = new VisitorSdk({ apiUrl: api.url });
    sdks.push(off);
    expect(off.Leads.Tracker.ready).to.equal(false);
    expect((await rejection(off.Leads.Tracker.loggedIn())).code).to.equal('no_tracking_id');
    expect(make().Leads.Tracker.ready).to.equal(true);
    const denied = new VisitorSdk({ apiUrl: api.url, consent: 'denied' });
    sdks.push(denied);
    expect(denied.Leads.Tracker.ready).to.equal(true);
    off.Leads.Tracker.identify('lead-r');
    expect(off.Leads.Tracker.ready).to.equal(true);
  });

  it('keeps tracker calls in the browser, sends nothing, and resolves { visitor, queued, action }', async () => {
    const sdk = make();
    const t = sdk.Leads.Tracker;
    const results = await Promise.all([
      t.viewedListing({ id: 'L1' }),
      t.capture({ listing_id: 'L2' }),
      t.createdSearch({ title: 'Pools' }, 'saved'),
      t.capture({ action: 'ContactOpenedBrochure' }),
    ]);
    expect(results.map((r) => [r.visitor, r.queued, r.action])).to.deep.equal([
      [true, true, 'ContactViewedListing'],
      [true, true, 'ContactViewedListing'],
      [true, true, 'ContactCreatedSearch'],
      [true, true, 'ContactOpenedBrochure'],
    ]);
    const { activities, state } = await keptNow();
    expect(activities.map((a) => a.body.action)).to.deep.equal([
      'ContactViewedListing', 'ContactViewedListing', 'ContactCreatedSearch', 'ContactOpenedBrochure',
    ]);
    expect(state.visitor?.id).to.match(/^[0-9a-f-]{36}$/);
    expect(await api.requests()).to.have.length(0);
  });

  it('merges the kept activity onto the lead a capture creates: in order, once, with original times', async () => {
    let now = Date.UTC(2026, 10, 1, 10, 0, 0);
    clock.now = () => now;
    const sdk = make();
    const t = sdk.Leads.Tracker;
    await t.viewedListing({ id: 'L1' });
    now += 60_000;
    await t.viewedListing({ id: 'L2' }, 'twice');
    now += 60_000;
    await t.favoritedListing({ id: 'L2' });
    const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'visitor@example.com' });
    expect(cookieValue()).to.equal(lead.id);
    const received = await api.waitForRequests(4);
    // After the merge, the visitor is a lead: the next call goes straight to the timeline.
    const next = await t.sharedListing({ id: 'L3' });
    expect(next.lead_id).to.equal(lead.id);
    const all = await api.waitForRequests(5);
    expect(all.map((r) => r.path)).to.deep.equal([
      received[0]!.path,
      `/leads/${lead.id}/timeline`,
      `/leads/${lead.id}/timeline`,
      `/leads/${lead.id}/timeline`,
      `/leads/${lead.id}/timeline`,
    ]);
    expect(all.slice(1, 4).map((r) => r.body)).to.deep.equal([
      { action: 'ContactViewedListing', listing: { id: 'L1' }, notes: `${BEFORE_CONTACT}2026-11-01T10:00:00.000Z` },
      { action: 'ContactViewedListing', listing: { id: 'L2' }, notes: `${BEFORE_CONTACT}2026-11-01T10:01:00.000Z: twice` },
      { action: 'ContactFavoritedListing', listing: { id: 'L2' }, notes: `${BEFORE_CONTACT}2026-11-01T10:02:00.000Z` },
    ]);
    expect(all[4]!.body).to.deep.equal({ action: 'ContactSharedListing', listing: { id: 'L3' } });
    const kept = await keptNow();
    expect(kept.activities).to.have.length(0);
    expect(kept.state.merging).to.equal(undefined);
    expect(kept.state.visitor).to.equal(undefined);
  });

  it('merges after a capture queued offline, behind it, once it is delivered', async () => {
    const sdk = make();
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    await sdk.Leads.Tracker.valuedListing({ id: 'L1' });
    await setOffline(true);
    let lead;
    try {
      lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'offline@example.com' });
      expect(lead.queued).to.equal(true);
      await sdk.phase!.settled();
      expect((await keptNow()).activities).to.have.length(0);
    } finally {
      await setOffline(false);
    }
    await sdk.flush();
    const received = await api.waitForRequests(3);
    expect(received[0]!.path).to.match(/\/webhook$/);
    const leadId = cookieValue();
    expect(leadId).to.match(/^[0-9a-f-]{36}$/);
    expect(received.slice(1).map((r) => [r.path, r.body.action])).to.deep.equal([
      [`/leads/${leadId}/timeline`, 'ContactViewedListing'],
      [`/leads/${leadId}/timeline`, 'ContactValuedListing'],
    ]);
    await sdk.Leads.Tracker.loggedIn();
    expect(await api.waitForRequests(4)).to.have.length(4);
  });

  it('deletes a visitor 45 days after their last activity, with their activity', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    clock.now = () => t0;
    const first = make();
    await first.Leads.Tracker.viewedListing({ id: 'OLD' });
    const before = await keptNow();
    expect(before.activities).to.have.length(1);
    first.phase!.stop();

    // Day 44: still the same visitor.
    clock.now = () => t0 + VISITOR_LIFETIME_MS - 24 * 3600_000;
    const second = make();
    await second.Leads.Tracker.viewedListing({ id: 'DAY44' });
    const alive = await keptNow();
    expect(alive.state.visitor!.id).to.equal(before.state.visitor!.id);
    expect(alive.activities.map((a) => a.body.listing)).to.deep.equal([{ id: 'OLD' }, { id: 'DAY44' }]);

    // 45 days and a minute after DAY44: gone, and a new visitor starts.
    const last = t0 + VISITOR_LIFETIME_MS - 24 * 3600_000;
    clock.now = () => last + VISITOR_LIFETIME_MS + 60_000;
    const third = make();
    await third.phase!.settled();
    expect((await keptNow()).activities).to.have.length(0);
    await third.Leads.Tracker.viewedListing({ id: 'NEW' });
    const renewed = await keptNow();
    expect(renewed.activities.map((a) => a.body.listing)).to.deep.equal([{ id: 'NEW' }]);
    expect(renewed.state.visitor!.id).not.to.equal(before.state.visitor!.id);
  });

  it('starts a session with the first activity and ends it after 30 minutes without one', async () => {
    const t0 = Date.UTC(2026, 5, 1, 9, 0, 0);
    let now = t0;
    clock.now = () => now;
    const sdk = make({ trackPages: true });
    await sdk.phase!.settled();
    now += SESSION_TIMEOUT_MS - 1; // 29:59.999 later: the same session
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    now += SESSION_TIMEOUT_MS; // exactly 30 minutes after the last: a new one
    await sdk.Leads.Tracker.viewedListing({ id: 'L2' });
    const { activities } = await keptNow();
    expect(activities.map((a) => [a.body.action, a.at - t0])).to.deep.equal([
      ['ContactStartedSession', 0],
      ['ContactViewedPage', 0],
      ['ContactViewedListing', SESSION_TIMEOUT_MS - 1],
      ['ContactEndedSession', 2 * SESSION_TIMEOUT_MS - 1],
      ['ContactStartedSession', 2 * SESSION_TIMEOUT_MS - 1],
      ['ContactViewedListing', 2 * SESSION_TIMEOUT_MS - 1],
    ]);
    expect(activities[1]!.body.notes).to.contain(location.pathname);
  });

  it('records one page view per URL change of a single-page app', async () => {
    const sdk = make({ trackPages: true });
    const views = async () => (await sdk.phase!.settled(), (await keptNow()).activities.filter((a) => a.body.action === 'ContactViewedPage').map((a) => new URL(String(a.body.notes).split(' ').pop()!).pathname + new URL(String(a.body.notes).split(' ').pop()!).search));
    await sdk.phase!.settled();
    const base = location.pathname + location.search;
    history.pushState(null, '', '/listings?page=1');
    history.replaceState({ scroll: 10 }, '', '/listings?page=1'); // same URL: no new view
    history.replaceState(null, '', '/listings?page=1#map'); // only the hash: no new view
    history.pushState(null, '', '/listings/L-1004');
    history.replaceState(null, '', '/listings/L-1004/photos'); // a new path by replaceState
    const back = new Promise((r) => addEventListener('popstate', r, { once: true }));
    history.back();
    await back;
    // A signal that every navigation above was seen: a view recorded after them.
    history.pushState(null, '', '/done');
    await sdk.phase!.settled();
    expect(await views()).to.deep.equal([
      base,
      '/listings',
      '/listings/L-1004',
      '/listings/L-1004/photos',
      '/listings',
      '/done',
    ].map((p) => (p === '/listings' ? '/listings?page=1' : p)));
  });

  it('records page views and sessions on the lead\'s timeline once a lead is known', async () => {
    const sdk = new VisitorSdk({ apiUrl: api.url, trackPages: true });
    sdks.push(sdk);
    await sdk.phase!.settled();
    expect(await api.requests()).to.have.length(0);
    sdk.Leads.Tracker.identify('lead-7');
    history.pushState(null, '', '/about');
    const received = await api.waitForRequests(2);
    expect(received.map((r) => [r.path, r.body.action])).to.deep.equal([
      ['/leads/lead-7/timeline', 'ContactStartedSession'],
      ['/leads/lead-7/timeline', 'ContactViewedPage'],
    ]);
  });

  it('finishes a merge that an earlier page began, with the same activities, once', async () => {
    // An earlier page kept two activities and began merging them onto lead-9, then closed.
    const at = Date.UTC(2026, 2, 3, 4, 5, 6);
    await keptByEarlierPage(
      [
        { id: 'k1', seq: 1, at, body: { action: 'ContactViewedListing', listing: { id: 'A' } } },
        { id: 'k2', seq: 2, at: at + 1000, body: { action: 'ContactSharedListing', listing: { id: 'A' } } },
      ],
      { merging: { leadId: 'lead-9' } },
    );
    const sdk = make();
    sdk.Leads.Tracker.identify('lead-9');
    const received = await api.waitForRequests(2);
    await sdk.phase!.settled();
    await sdk.Leads.Tracker.loggedIn();
    const all = await api.waitForRequests(3);
    expect(all.map((r) => [r.path, r.body.action])).to.deep.equal([
      ['/leads/lead-9/timeline', 'ContactViewedListing'],
      ['/leads/lead-9/timeline', 'ContactSharedListing'],
      ['/leads/lead-9/timeline', 'ContactLoggedIn'],
    ]);
    expect(received[0]!.body.notes).to.equal(`${BEFORE_CONTACT}2026-03-03T04:05:06.000Z`);
    expect(await keptNow()).to.deep.equal({ state: {}, activities: [] });
  });

  it('a long merge removes what is handed over as it goes: a page closed mid-merge leaves only the rest', async () => {
    // An earlier page kept 120 activities and began merging them onto lead-p.
    const at = Date.UTC(2026, 2, 3, 4, 5, 6);
    const kept = Array.from({ length: 120 }, (_, i) => ({ id: `p${i}`, seq: i + 1, at, body: { action: 'ContactViewedListing', listing: { id: `L${i}` } } }));
    await keptByEarlierPage(kept, { merging: { leadId: 'lead-p' } });
    // The API answers the first 100 at once, then holds the 101st for a while.
    await api.script({ path: 'timeline', status: 200, times: 100 }, { path: 'timeline', status: 200, delayMs: 1500, times: 1 });
    const sdk = make();
    sdk.Leads.Tracker.identify('lead-p');
    await api.waitForRequests(101);
    // While the 101st is on its way, the hundred delivered are already gone from the store.
    await waitUntil(async () => (await keptNow()).activities.length === 20, 'the first 100 removed', { timeout: 1400 });
    expect((await keptNow()).state.merging).to.deep.equal({ leadId: 'lead-p' });
    await sdk.phase!.settled();
    const all = await api.waitForRequests(120);
    expect(all.map((r) => r.body.listing.id)).to.deep.equal(kept.map((a) => a.body.listing.id));
    expect(await keptNow()).to.deep.equal({ state: {}, activities: [] });
  });

  it('a merge an earlier page began waits, while consent is pending, until it is granted', async () => {
    const at = Date.UTC(2026, 2, 3, 4, 5, 6);
    await keptByEarlierPage([{ id: 'w1', seq: 1, at, body: { action: 'ContactViewedListing', listing: { id: 'W' } } }], { merging: { leadId: 'lead-w' } });
    const sdk = make({ consent: 'pending' });
    await sdk.phase!.settled();
    // Pending, the outbox keeps requests in memory, where it cannot tell what an earlier page sent.
    expect(await api.requests()).to.have.length(0);
    expect((await keptNow()).state.merging).to.deep.equal({ leadId: 'lead-w' });
    sdk.consent('granted');
    const [received] = await api.waitForRequests(1);
    expect([received!.path, received!.body.listing]).to.deep.equal(['/leads/lead-w/timeline', { id: 'W' }]);
    await sdk.phase!.settled();
    expect(await keptNow()).to.deep.equal({ state: {}, activities: [] });
  });

  it('a merge whose requests cannot be checked in the outbox keeps the activity for the next page', async () => {
    const at = Date.UTC(2026, 2, 3, 4, 5, 6);
    await keptByEarlierPage([{ id: 'c1', seq: 1, at, body: { action: 'ContactViewedListing', listing: { id: 'C' } } }], { merging: { leadId: 'lead-c' } });
    const broken = Object.assign(new MemoryStore(), { whereAre: () => Promise.reject(new DOMException('closed', 'InvalidStateError')) });
    resetPageOutbox({ openStore: async () => broken });
    try {
      const sdk = make();
      await sdk.phase!.settled();
      expect(await api.requests()).to.have.length(0);
      const kept = await keptNow();
      expect(kept.activities.map((a) => a.id)).to.deep.equal(['c1']);
      expect(kept.state.merging).to.deep.equal({ leadId: 'lead-c' });
    } finally {
      // The next tests get a working outbox even when this one failed.
      resetPageOutbox();
    }
  });

  it('forget() during a merge leaves nothing behind: the merge does not write its state back', async () => {
    const at = Date.UTC(2026, 2, 3, 4, 5, 6);
    await keptByEarlierPage(
      [{ id: 'f1', seq: 1, at, body: { action: 'ContactViewedListing', listing: { id: 'F' } } }],
      { merging: { leadId: 'lead-f' }, session: { startedAt: at, lastActivityAt: at } },
    );
    // The API holds the merged activity while the visitor asks to be forgotten.
    await api.script({ path: 'timeline', status: 200, delayMs: 500, times: 1 });
    const sdk = make();
    await api.waitForRequests(1);
    await sdk.forget();
    await sdk.phase!.settled();
    expect(await keptNow()).to.deep.equal({ state: {}, activities: [] });
  });

  it('two captures at once merge the kept activity once', async () => {
    const sdk = make();
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    await sdk.Leads.Tracker.viewedListing({ id: 'L2' });
    const channel = channelId();
    await Promise.all([
      sdk.Leads.capture({ lead_channel: channel }, { email: 'one@example.com' }),
      sdk.Leads.capture({ lead_channel: channel }, { email: 'two@example.com' }),
    ]);
    await sdk.phase!.settled();
    await sdk.Leads.Tracker.loggedIn();
    const all = await api.waitForRequests(5);
    const timeline = all.filter((r) => r.path.endsWith('/timeline')).map((r) => r.body.listing?.id ?? r.body.action);
    expect(timeline).to.deep.equal(['L1', 'L2', 'ContactLoggedIn']);
  });
});
