import { expect } from '@open-wc/testing';
import { channelId, clearCookies, cookieValue, fakeApi, setOffline, type FakeApi } from '../helpers/fake-api.js';
import { CoreVisitorSdk, eraseVisitorDb, keptNow, resetVisitorPage, settleVisitorSdks } from '../helpers/visitor-sdk.js';
import { VISITOR_DB_NAME } from '../../src/store/visitor-store.js';
import { Sdk } from '../../src/offline-sdk.js';
import { pageOutbox, resetPageOutbox } from '../../src/store/outbox.js';
import { BEFORE_CONTACT } from '../../src/core/visitor-merge.js';

/** Every store of the browser context this page can read: cookies, Web Storage, every IndexedDB database and its records. */
async function everyStore(): Promise<unknown> {
  const databases: Record<string, unknown> = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name!);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const stores: Record<string, unknown> = {};
    for (const store of Array.from(db.objectStoreNames)) {
      stores[store] = await new Promise((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
      });
    }
    databases[name!] = { version: db.version, stores };
    db.close();
  }
  return {
    cookie: document.cookie,
    localStorage: { ...localStorage },
    sessionStorage: { ...sessionStorage },
    databases,
  };
}

const start = location.href;

describe('Consent', () => {
  let api: FakeApi;
  const sdks: CoreVisitorSdk[] = [];
  const make = (settings: ConstructorParameters<typeof CoreVisitorSdk>[0] = {}) => {
    const sdk = new CoreVisitorSdk({ apiUrl: api.url, visitor: true, ...settings });
    sdks.push(sdk);
    return sdk;
  };

  beforeEach(async () => {
    await resetVisitorPage();
    api = await fakeApi();
  });
  afterEach(async () => {
    await settleVisitorSdks(sdks, start);
    delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  });

  it('pending writes nothing to any store; granted then persists what memory held', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}&rechat_user_id=U1&utm_source=google`);
    const before = await everyStore();
    const sdk = make({ consent: 'pending', trackPages: true });
    expect(sdk.consent()).to.equal('pending');
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    history.pushState(null, '', '/listing/L2');
    await sdk.Leads.Tracker.favoritedListing({ id: 'L2' });
    await sdk.phase!.settled();
    expect(await everyStore()).to.deep.equal(before);
    expect(await api.requests()).to.have.length(0);

    expect(sdk.consent('granted')).to.equal('granted');
    await sdk.phase!.settled();
    const { activities } = await keptNow();
    expect(activities.map((a) => a.body.action)).to.deep.equal([
      'ContactStartedSession', 'ContactViewedPage', 'ContactViewedListing', 'ContactViewedPage', 'ContactFavoritedListing',
    ]);
    expect(JSON.parse(sessionStorage.getItem('rechat-sdk-touches')!).first.utm_source).to.equal('google');
  });

  it('pending keeps the tracking id of a new lead in memory; granted writes the cookie', async () => {
    const before = await everyStore();
    const sdk = make({ consent: 'pending' });
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'p@example.com' });
    await api.waitForRequests(2);
    await sdk.phase!.settled();
    expect(sdk.Leads.Tracker.leadId).to.equal(lead.id);
    expect(await everyStore()).to.deep.equal(before);
    sdk.consent('granted');
    expect(cookieValue()).to.equal(lead.id);
  });

  it('denied drops what pending held, and tracks nothing', async () => {
    const sdk = make({ consent: 'pending' });
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    expect(sdk.consent('denied')).to.equal('denied');
    const skipped = await sdk.Leads.Tracker.viewedListing({ id: 'L2' });
    expect(skipped).to.include({ skipped: 'consent', queued: false });
    sdk.consent('granted');
    await sdk.phase!.settled();
    expect((await keptNow()).activities).to.have.length(0);
  });

  it('denied: a submitted lead is sent but does not identify; no cookie', async () => {
    const sdk = make({ consent: 'denied' });
    const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'd@example.com' });
    expect(lead.id).to.be.a('string');
    expect(await api.requests()).to.have.length(1);
    expect(cookieValue()).to.equal(undefined);
    expect(sdk.Leads.Tracker.leadId).to.equal(null);
    expect(await indexedDB.databases()).not.to.deep.include({ name: VISITOR_DB_NAME, version: 1 });
  });

  it('Global Privacy Control counts as denied until the visitor grants', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    const sdk = make();
    expect(sdk.consent()).to.equal('denied');
    expect(await sdk.Leads.Tracker.loggedIn()).to.include({ skipped: 'consent' });
    await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'gpc@example.com' });
    expect(cookieValue()).to.equal(undefined);
    expect(sdk.consent('pending')).to.equal('denied');
    expect(sdk.consent('granted')).to.equal('granted');
    expect(await sdk.Leads.Tracker.loggedIn()).to.include({ visitor: true, queued: true });
  });

  it('forget() erases the cookie, the session attribution and kept visitor activity', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}&rechat_user_id=U1&utm_source=mail`);
    const sdk = make();
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    sdk.Leads.Tracker.identify('lead-1');
    expect(sessionStorage.length).to.be.greaterThan(0);
    expect((await keptNow()).activities).to.have.length(1);
    await sdk.forget();
    expect(cookieValue()).to.equal(undefined);
    expect(sessionStorage.getItem('rechat-sdk-attribution')).to.equal(null);
    expect(sessionStorage.getItem('rechat-sdk-touches')).to.equal(null);
    expect((await keptNow()).activities).to.have.length(0);
  });

  it('campaign attribution alone (no visitor, no trackPages) creates no database', async () => {
    const sdk = new CoreVisitorSdk({ apiUrl: api.url });
    sdks.push(sdk);
    sdk.Leads.Tracker.identify('lead-2');
    await sdk.Leads.Tracker.loggedIn();
    await sdk.phase!.settled();
    expect((await indexedDB.databases()).map((db) => db.name)).not.to.include(VISITOR_DB_NAME);
  });
});

/** The Sdk of the package's main entry and of the script tag: outbox and visitor store as shipped. */
describe('Consent, with the offline Sdk as shipped', () => {
  let api: FakeApi;
  const made: Sdk[] = [];
  let queued: string[] = [];
  const make = (settings: ConstructorParameters<typeof Sdk>[0] = {}) => {
    const sdk = new Sdk({ apiUrl: api.url, visitor: true, ...settings });
    sdk.addEventListener('queued', (event) => queued.push(event.detail.record.kind));
    made.push(sdk);
    return sdk;
  };
  /** Resolves once `count` requests were queued (the merge queues its activity after the capture resolves). */
  const queuedCount = async (count: number) => {
    while (queued.length < count) await new Promise((resolve) => made[0]!.addEventListener('queued', resolve, { once: true }));
    return queued.slice();
  };
  const deleteDb = (name: string) =>
    new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = () => resolve();
    });

  beforeEach(async () => {
    clearCookies();
    sessionStorage.clear();
    localStorage.clear();
    await eraseVisitorDb();
    await deleteDb('rechat-sdk');
    queued = [];
    resetPageOutbox();
    api = await fakeApi();
  });
  afterEach(async () => {
    for (const sdk of made.splice(0)) sdk.release();
    // Nothing of this test's outbox may reopen a database during the next one.
    await pageOutbox().flush();
    pageOutbox().close();
    history.replaceState(null, '', start);
  });

  it('pending: tracking, a capture and its merge write nothing to any store; granted persists', async () => {
    const before = await everyStore();
    const sdk = make({ consent: 'pending', trackPages: true });
    expect(await sdk.Leads.Tracker.viewedListing({ id: 'L1' })).to.include({ visitor: true, queued: true });
    const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'pending@example.com' });
    // The lead, then the kept activity (session start, page view, listing view), in order.
    const received = await api.waitForRequests(4);
    expect(received.slice(1).map((r) => (r.body as { action: string }).action)).to.deep.equal([
      'ContactStartedSession', 'ContactViewedPage', 'ContactViewedListing',
    ]);
    for (const request of received.slice(1)) {
      expect(request.path).to.equal(`/leads/${lead.id}/timeline`);
      expect((request.body as { notes: string }).notes.startsWith(BEFORE_CONTACT)).to.equal(true);
    }
    expect(await everyStore()).to.deep.equal(before);

    expect(sdk.consent('granted')).to.equal('granted');
    expect(cookieValue()).to.equal(lead.id);
    await sdk.Leads.Tracker.loggedIn();
    expect((await api.waitForRequests(5))[4]!.path).to.equal(`/leads/${lead.id}/timeline`);
    expect(await sdk.outbox.persistent()).to.equal(true);
  });

  it('pending: a capture queued offline lives in memory only, and is delivered with its merge once back', async () => {
    const before = await everyStore();
    const sdk = make({ consent: 'pending' });
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    await setOffline(true);
    try {
      const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'queued@example.com' });
      expect(lead.queued).to.equal(true);
      expect(await queuedCount(2)).to.deep.equal(['lead', 'activity']);
      expect((await sdk.outbox.pending()).map((r) => r.kind)).to.deep.equal(['lead', 'activity']);
      expect(await sdk.outbox.persistent()).to.equal(false);
      expect(await everyStore()).to.deep.equal(before);
    } finally {
      await setOffline(false);
    }
    await sdk.flush();
    const received = await api.waitForRequests(2);
    expect(received[1]!.path).to.match(/^\/leads\/[^/{}]+\/timeline$/);
    expect(received[1]!.body.notes.startsWith(BEFORE_CONTACT)).to.equal(true);
    expect(await everyStore()).to.deep.equal(before);
  });

  it('denied at start writes nothing to any store; a lead is still sent', async () => {
    const before = await everyStore();
    const sdk = make({ consent: 'denied', trackPages: true });
    expect(await sdk.Leads.Tracker.capture({ listing_id: 'L9' })).to.include({ skipped: 'consent' });
    await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'denied@example.com' });
    expect(await api.requests()).to.have.length(1);
    expect(await everyStore()).to.deep.equal(before);
  });

  it('forget() discards undelivered activity and keeps the undelivered lead', async () => {
    const sdk = make();
    await setOffline(true);
    try {
      await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
      await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'forget@example.com' });
      await queuedCount(2);
      await sdk.Leads.Tracker.favoritedListing({ id: 'L2' });
      expect((await sdk.outbox.pending()).map((r) => r.kind)).to.deep.equal(['lead', 'activity', 'activity']);
      await sdk.forget();
      expect((await sdk.outbox.pending()).map((r) => r.kind)).to.deep.equal(['lead']);
      expect(cookieValue()).to.equal(undefined);
      expect((await keptNow()).activities).to.have.length(0);
    } finally {
      await setOffline(false);
    }
  });
});

describe('Consent, with a tab that holds the visitor database', () => {
  let api: FakeApi;
  const sdks: CoreVisitorSdk[] = [];
  const make = () => {
    const sdk = new CoreVisitorSdk({ apiUrl: api.url, visitor: true });
    sdks.push(sdk);
    return sdk;
  };

  beforeEach(async () => {
    await resetVisitorPage();
    api = await fakeApi();
  });
  afterEach(() => settleVisitorSdks(sdks, start));

  it('forget() while another tab holds the visitor database and never lets go: it resolves, tracking goes on, the erase completes once that tab lets go', async () => {
    const sdk = make();
    await sdk.Leads.Tracker.viewedListing({ id: 'L1' });
    await sdk.phase!.settled();
    // A tab that cannot answer (a frozen one): its connection ignores versionchange.
    const stuck = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(VISITOR_DB_NAME);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      await sdk.forget();
      expect(await sdk.Leads.Tracker.viewedListing({ id: 'L2' })).to.include({ visitor: true, queued: true });
      await sdk.phase!.settled();
    } finally {
      stuck.close();
    }
    // The erase went on in the browser: what the visitor did before forget() is gone.
    const kept = (await keptNow()).activities.map((a) => (a.body.listing as { id?: string } | undefined)?.id);
    expect(kept).not.to.include('L1');
  });
});
