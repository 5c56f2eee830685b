import { expect, oneEvent } from '@open-wc/testing';
import { openDB } from 'idb';
import { RechatError, Sdk, outboxLimits, retryPolicy, type OutboxRecord } from '../../src/index.js';
import { pageOutbox } from '../../src/store/outbox.js';
import { channelId, clearCookies, cookieValue, fakeApi, setOffline, type FakeApi } from '../helpers/fake-api.js';
import { openBundlePage, runSandboxed, until } from '../helpers/frames.js';

const defaults = { ...retryPolicy };
const limits = { ...outboxLimits };

/** The pending and failed records, read straight from IndexedDB. */
async function stored() {
  const db = await openDB('rechat-sdk');
  const result = { pending: (await db.getAll('outbox')) as OutboxRecord[], failed: await db.getAll('failed') };
  db.close();
  return result;
}

async function clearStore() {
  const db = await openDB('rechat-sdk');
  for (const name of ['outbox', 'failed', 'leads']) await db.clear(name as never);
  db.close();
}


describe('the offline outbox', () => {
  let api: FakeApi;
  let sdk: Sdk;
  let lead_channel: string;

  beforeEach(async () => {
    await setOffline(false);
    clearCookies();
    api = await fakeApi();
    sdk = new Sdk({ apiUrl: api.url });
    await pageOutbox().flush();
    await clearStore();
    lead_channel = channelId();
    Object.assign(retryPolicy, { baseMs: 20, capMs: 100 });
  });

  afterEach(async () => {
    Object.assign(retryPolicy, defaults);
    Object.assign(outboxLimits, limits);
    await setOffline(false);
  });

  it('online: sends at once, resolves the lead, reports no queued delivery, and leaves nothing stored', async () => {
    const queued: Event[] = [];
    sdk.addEventListener('queued', (e) => queued.push(e));
    sdk.addEventListener('delivered', (e) => queued.push(e));
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    expect(lead.queued).to.equal(false);
    expect(lead.id).to.be.a('string');
    expect(cookieValue()).to.equal(lead.id);
    await pageOutbox().flush();
    expect((await stored()).pending).to.deep.equal([]);
    expect(queued).to.have.length(0);
    expect(await api.requests()).to.have.length(1);
  });

  it('offline: saves the lead before anything else, resolves queued, and delivers it once back online', async () => {
    await setOffline(true);
    const queuedEvent = oneEvent(sdk, 'queued');
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'offline@b.co', first_name: 'Ada' });
    expect(lead).to.include({ queued: true, id: null, lead_channel });
    expect(lead.outbox_id).to.be.a('string');
    expect((await queuedEvent).detail.record.id).to.equal(lead.outbox_id);
    const { pending } = await stored();
    expect(pending.map((r) => r.id)).to.deep.equal([lead.outbox_id]);
    expect(pending[0].body).to.deep.equal({ email: 'offline@b.co', first_name: 'Ada' });
    expect(cookieValue()).to.equal(`pending:${lead.outbox_id}`);
    expect(await api.requests()).to.have.length(0);

    const delivered = oneEvent(sdk, 'delivered');
    await setOffline(false);
    const { detail } = await delivered;
    expect(detail.record.id).to.equal(lead.outbox_id);
    expect(detail.lead.id).to.be.a('string');
    expect(cookieValue()).to.equal(detail.lead.id);
    const requests = await api.requests();
    expect(requests).to.have.length(1);
    expect(requests[0].body).to.deep.equal({ email: 'offline@b.co', first_name: 'Ada' });
    await until(async () => (await stored()).pending.length === 0, 'the record to be removed');
  });

  it('tracker calls made while the capture is queued go to that lead, after it, in order', async () => {
    await setOffline(true);
    await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    const first = await sdk.Leads.Tracker.viewedListing({ mls_number: '1' });
    await sdk.Leads.Tracker.favoritedListing({ mls_number: '1' });
    await sdk.Leads.Tracker.createdSearch({ title: 'Pools' }, 'saved');
    expect(first).to.deep.equal({ action: 'ContactViewedListing', lead_id: null, queued: true });
    await setOffline(false);
    const requests = await api.waitForRequests(4);
    const leadId = requests[0].status === 200 && cookieValue();
    expect(requests.map((r) => r.path)).to.deep.equal([
      `/leads/channels/${lead_channel}/webhook`,
      `/leads/${leadId}/timeline`,
      `/leads/${leadId}/timeline`,
      `/leads/${leadId}/timeline`,
    ]);
    expect(requests.slice(1).map((r) => r.body.action)).to.deep.equal([
      'ContactViewedListing',
      'ContactFavoritedListing',
      'ContactCreatedSearch',
    ]);
  });

  it('503 twice then 200: queued, retried with backoff, delivered exactly once', async () => {
    await api.script({ path: 'webhook', status: 503, body: { message: 'busy' }, times: 2 });
    const delivered = oneEvent(sdk, 'delivered');
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    expect(lead.queued).to.equal(true);
    await delivered;
    await new Promise((r) => setTimeout(r, 300));
    const requests = await api.requests();
    expect(requests.map((r) => r.status)).to.deep.equal([503, 503, 200]);
    expect((await stored()).pending).to.have.length(0);
  });

  it('408, 429 and a dropped connection are retried as well', async () => {
    await api.script(
      { path: 'timeline', status: 408, times: 1 },
      { path: 'timeline', status: 429, times: 1 },
      { path: 'timeline', status: 0, hangup: true, times: 1 },
    );
    sdk.Leads.Tracker.identify('lead-1');
    const result = await sdk.Leads.Tracker.signedUp();
    expect(result.queued).to.equal(true);
    const requests = await api.waitForRequests(4);
    expect(requests.map((r) => r.status)).to.deep.equal([408, 429, undefined, 200]);
  });

  it("honours the server's Retry-After", async () => {
    Object.assign(retryPolicy, { baseMs: 1, capMs: 1 });
    await api.script({ path: 'timeline', status: 429, headers: { 'Retry-After': '1' }, times: 1 });
    sdk.Leads.Tracker.identify('lead-1');
    await sdk.Leads.Tracker.loggedIn();
    const [first, second] = await api.waitForRequests(2, 4000);
    expect(second.at - first.at).to.be.at.least(950);
  });

  it('a 400 rejects, moves to the failed store with an event, and is never sent again', async () => {
    await api.script({ path: 'webhook', status: 400, body: { message: 'lead_channel is archived' } });
    const failed = oneEvent(sdk, 'failed');
    let error: RechatError | undefined;
    try {
      await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    } catch (e) {
      error = e as RechatError;
    }
    expect(error).to.be.instanceOf(RechatError);
    expect(error!.status).to.equal(400);
    expect(error!.message).to.contain('lead_channel is archived');
    expect((await failed).detail.error.status).to.equal(400);
    const { pending, failed: kept } = await stored();
    expect(pending).to.have.length(0);
    expect(kept).to.have.length(1);
    expect(kept[0].error.status).to.equal(400);
    await pageOutbox().flush();
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 200));
    expect(await api.requests()).to.have.length(1);
  });

  it('drops activity beyond the cap, oldest first, with an event; never leads', async () => {
    Object.assign(outboxLimits, { activityCap: 3 });
    sdk.Leads.Tracker.identify('lead-cap');
    await setOffline(true);
    const dropped: string[] = [];
    sdk.addEventListener('dropped', (e) => dropped.push(`${e.detail.reason}:${(e.detail.record.body as { notes: string }).notes}`));
    for (let i = 1; i <= 5; i++) await sdk.Leads.Tracker.signedUp(`n${i}`);
    await sdk.Leads.capture({ lead_channel }, { email: 'kept@b.co' });
    expect(dropped).to.deep.equal(['cap:n1', 'cap:n2']);
    const { pending } = await stored();
    expect(pending.filter((r) => r.kind === 'activity').map((r) => (r.body as { notes: string }).notes).sort()).to.deep.equal(['n3', 'n4', 'n5']);
    expect(pending.filter((r) => r.kind === 'lead')).to.have.length(1);
  });

  it('drops records older than the maximum age, with an event', async () => {
    sdk.Leads.Tracker.identify('lead-old');
    await setOffline(true);
    await sdk.Leads.Tracker.signedUp('old');
    Object.assign(outboxLimits, { maxAgeMs: 0 });
    const dropped = oneEvent(sdk, 'dropped');
    await setOffline(false);
    expect((await dropped).detail.reason).to.equal('expired');
    expect(await api.requests()).to.have.length(0);
  });

  it('a network failure for one API does not hold up another', async () => {
    const down = new Sdk({ apiUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    down.Leads.Tracker.identify('lead-down');
    const stuck = await down.Leads.Tracker.signedUp();
    expect(stuck.queued).to.equal(true);
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    expect(lead.queued).to.equal(false);
  });

  it('another outbox of the origin (another tab) hears the outcome of a record it queued', async () => {
    const { Outbox } = await import('../../src/store/outbox.js');
    const otherTab = new Outbox();
    const other = new Sdk({ apiUrl: api.url, dispatcher: { dispatch: (r) => otherTab.dispatch(r, 5000) } });
    await setOffline(true);
    const lead = await other.Leads.capture({ lead_channel }, { email: 'tab@b.co' });
    expect(lead.queued).to.equal(true);
    const heardHere = oneEvent(otherTab, 'delivered');
    const deliveredThere = oneEvent(sdk, 'delivered');
    await setOffline(false);
    const [here, there] = await Promise.all([heardHere, deliveredThere]);
    expect(here.detail.record.id).to.equal(lead.outbox_id);
    expect(there.detail.record.id).to.equal(lead.outbox_id);
    await new Promise((r) => setTimeout(r, 200));
    expect(await api.requests()).to.have.length(1);
  });
});

describe('outbox record ids', () => {
  it('are UUIDs also where crypto.randomUUID is missing (plain-http pages)', async () => {
    const { newId } = await import('../../src/store/outbox.js');
    const native = crypto.randomUUID;
    // Insecure contexts lack randomUUID; this page is a secure one, so take it away here.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = Array.from({ length: 200 }, () => newId());
      for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(ids).size).to.equal(200);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: native, configurable: true });
    }
  });
});

describe('the outbox across pages', () => {
  let api: FakeApi;
  const frames: HTMLIFrameElement[] = [];

  beforeEach(async () => {
    await setOffline(false);
    clearCookies();
    api = await fakeApi();
    await clearStore();
  });

  afterEach(async () => {
    for (const frame of frames.splice(0)) frame.remove();
    await setOffline(false);
  });

  it('keeps a lead queued by a page that then closed, and the next page sends it', async () => {
    const first = await openBundlePage(api.url);
    frames.push(first.frame);
    await setOffline(true);
    const lead = await first.sdk.Leads.capture({ lead_channel: channelId() }, { email: 'reload@b.co' });
    expect(lead.queued).to.equal(true);
    first.frame.remove();
    await setOffline(false);
    await new Promise((r) => setTimeout(r, 200));
    // The page that queued it is gone; nothing was sent yet? It may have been sent by
    // its pagehide flush: either way exactly one copy must arrive once the next page loads.
    const next = await openBundlePage(api.url);
    frames.push(next.frame);
    const requests = await api.waitForRequests(1);
    expect(requests.filter((r) => r.body.email === 'reload@b.co').length).to.be.at.least(1);
    await until(async () => (await stored()).pending.length === 0, 'the outbox to empty');
  });

  it('two pages queuing offline: every record is delivered exactly once', async () => {
    const a = await openBundlePage(api.url);
    const b = await openBundlePage(api.url);
    frames.push(a.frame, b.frame);
    await setOffline(true);
    const channel = { lead_channel: channelId() };
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      calls.push(a.sdk.Leads.capture(channel, { email: `a${i}@b.co` }));
      calls.push(b.sdk.Leads.capture(channel, { email: `b${i}@b.co` }));
    }
    await Promise.all(calls);
    expect(await api.requests()).to.have.length(0);
    await setOffline(false);
    await until(async () => (await stored()).pending.length === 0, 'every record to be delivered');
    await new Promise((r) => setTimeout(r, 300));
    const emails = (await api.requests()).map((r) => r.body.email).sort();
    expect(emails).to.have.length(20);
    expect(new Set(emails).size).to.equal(20);
  });

  it('pagehide sends what is pending with keepalive, even during backoff', async () => {
    const page = await openBundlePage(api.url);
    frames.push(page.frame);
    await api.script({ path: 'webhook', status: 503, times: 1 });
    const lead = await page.sdk.Leads.capture({ lead_channel: channelId() }, { email: 'leaving@b.co' });
    expect(lead.queued).to.equal(true);
    expect(await api.requests()).to.have.length(1);
    page.frame.remove();
    const requests = await api.waitForRequests(2, 3000);
    expect(requests[1].body.email).to.equal('leaving@b.co');
    expect(requests[1].status).to.equal(200);
  });

  it('falls back to memory where IndexedDB is blocked, says so once, and still sends online', async () => {
    // A sandboxed frame without allow-same-origin has an opaque origin: no IndexedDB, no cookies.
    const { result, frame } = await runSandboxed<{
      first: { queued: boolean; id: string | null };
      second: { queued: boolean };
      persistent: boolean;
      pageErrors: string[];
      warnings: string[];
    }>(
      api.url,
      `const first = await sdk.Leads.capture({ lead_channel: '${channelId()}' }, { email: 'private@b.co' });
       const second = await sdk.Leads.capture({ lead_channel: '${channelId()}' }, { email: 'again@b.co' });
       return { first, second, persistent: await sdk.outbox.persistent() };`,
    );
    frames.push(frame);
    expect(result.first.queued).to.equal(false);
    expect(result.first.id).to.be.a('string');
    expect(result.second.queued).to.equal(false);
    expect(result.persistent).to.equal(false);
    expect(result.warnings.filter((w) => w.includes('IndexedDB'))).to.have.length(1);
    expect(result.pageErrors).to.deep.equal([]);
    expect((await api.requests()).map((r) => r.body.email)).to.deep.equal(['private@b.co', 'again@b.co']);
  });
});
