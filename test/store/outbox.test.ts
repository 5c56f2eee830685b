import { expect, oneEvent } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import { RechatError, Sdk, type OutboxRecord } from '../../src/index.js';
import { openIdbStore } from '../../src/store/idb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { pageOutbox, resetPageOutbox, type OutboxOptions } from '../../src/store/outbox.js';
import { channelId, clearCookies, cookieValue, fakeApi, setOffline, type FakeApi } from '../helpers/fake-api.js';
import { openBundlePage, runSandboxed, until } from '../helpers/frames.js';

const FAST_RETRY: OutboxOptions = { retry: { baseMs: 20, capMs: 100 } };

/** The pending and failed records, read straight from IndexedDB. */
async function stored() {
  // Made (or upgraded) by the SDK's own code first, so that this read never creates an empty database.
  (await openIdbStore()).close();
  const db = await openDB('rechat-sdk');
  const result = { pending: (await db.getAll('outbox')) as OutboxRecord[], failed: await db.getAll('failed') };
  db.close();
  return result;
}

async function clearStore() {
  (await openIdbStore()).close();
  const db = await openDB('rechat-sdk');
  for (const name of ['outbox', 'failed', 'delivered']) await db.clear(name as never);
  db.close();
}


describe('the offline outbox', () => {
  let api: FakeApi;
  let sdk: Sdk;
  let lead_channel: string;

  /** A fresh page outbox with `options` (and a fast retry), and an Sdk on it. */
  async function freshOutbox(options: OutboxOptions = {}) {
    await pageOutbox().flush();
    resetPageOutbox({ ...FAST_RETRY, ...options });
    await clearStore();
    sdk = new Sdk({ apiUrl: api.url });
  }

  beforeEach(async () => {
    await setOffline(false);
    clearCookies();
    api = await fakeApi();
    await freshOutbox();
    lead_channel = channelId();
  });

  afterEach(async () => {
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
    // The lead the capture created, as announced once the capture is out of the store: that
    // can be after its activities reached the API (they go in the same pass).
    const created = new Promise<unknown>((resolve) =>
      sdk.addEventListener('delivered', (e) => e.detail.record.kind === 'lead' && resolve(e.detail.lead?.id)),
    );
    await setOffline(false);
    const requests = await api.waitForRequests(4);
    expect(requests[0].status).to.equal(200);
    const leadId = await created;
    expect(leadId).to.be.a('string');
    expect(cookieValue()).to.equal(leadId);
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

  it('503 twice then 200: queued, retried with backoff and one idempotency key, delivered exactly once', async () => {
    await api.script({ path: 'webhook', status: 503, body: { message: 'busy' }, times: 2 });
    const delivered = oneEvent(sdk, 'delivered');
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    expect(lead.queued).to.equal(true);
    await delivered;
    await until(async () => (await stored()).pending.length === 0, 'the record to be removed');
    // The outbox is empty and not flushing: nothing more can be on its way.
    await pageOutbox().flush();
    const requests = await api.requests();
    expect(requests.map((r) => r.status)).to.deep.equal([503, 503, 200]);
    expect(requests.map((r) => r.key)).to.deep.equal([lead.outbox_id, lead.outbox_id, lead.outbox_id]);
    // The API never said it takes the header: none is sent (no change to the CORS preflight).
    expect(requests.map((r) => r.keyHeader)).to.deep.equal([undefined, undefined, undefined]);
  });

  it('sends the Idempotency-Key header once the API said it takes it, and with the idempotencyHeader setting', async () => {
    await api.script({ path: 'webhook', status: 200, body: { code: 'OK', data: { id: 'lead-h' } }, headers: { 'Rechat-Idempotency': 'header' }, times: 1 });
    await sdk.Leads.capture({ lead_channel }, { email: 'first@b.co' });
    sdk.Leads.Tracker.identify('lead-h');
    await sdk.Leads.Tracker.signedUp();
    const other = await fakeApi();
    const explicit = new Sdk({ apiUrl: other.url, idempotencyHeader: true });
    explicit.Leads.Tracker.identify('lead-x');
    await explicit.Leads.Tracker.loggedIn();
    const [capture, activity] = await api.requests();
    expect(capture!.keyHeader).to.equal(undefined);
    expect(capture!.key).to.be.a('string');
    expect(activity!.keyHeader).to.match(/^[0-9a-f-]{36}$/);
    expect(activity!.key).to.equal(undefined);
    expect((await other.requests())[0]!.keyHeader).to.match(/^[0-9a-f-]{36}$/);
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
    await freshOutbox({ retry: { baseMs: 1, capMs: 1 } });
    await api.script({ path: 'timeline', status: 429, headers: { 'Retry-After': '1' }, times: 1 });
    sdk.Leads.Tracker.identify('lead-1');
    await sdk.Leads.Tracker.loggedIn();
    const [first, second] = await api.waitForRequests(2, 4000);
    expect(second.at - first.at).to.be.at.least(950);
  });

  it('a 400 rejects, moves to the failed store with an event, and is never sent again', async () => {
    await api.script({ path: 'webhook', status: 400, body: { message: 'lead_channel is archived' }, times: 1 });
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
    window.dispatchEvent(new Event('online'));
    await pageOutbox().flush();
    expect(await api.requests()).to.have.length(1);
    // It is readable, retryable and discardable through the Sdk.
    const [failedRecord] = await sdk.failed();
    expect(failedRecord!.error.status).to.equal(400);
    const redelivered = oneEvent(sdk, 'delivered');
    expect(await sdk.retry(failedRecord!.id)).to.equal(true);
    expect((await redelivered).detail.record.id).to.equal(failedRecord!.id);
    const requests = await api.requests();
    expect(requests).to.have.length(2);
    expect(requests[1]!.key).to.equal(requests[0]!.key);
    expect(await sdk.failed()).to.deep.equal([]);
    expect(await sdk.retry(failedRecord!.id)).to.equal(false);
  });

  it('discard(id) forgets a failed record', async () => {
    await api.script({ path: 'timeline', status: 422, body: { message: 'bad action' } });
    sdk.Leads.Tracker.identify('lead-1');
    await sdk.Leads.Tracker.signedUp().catch(() => undefined);
    const [record] = await sdk.failed();
    expect(await sdk.discard(record!.id)).to.equal(true);
    expect(await sdk.failed()).to.deep.equal([]);
    expect((await stored()).failed).to.deep.equal([]);
  });

  it('an activity whose queued capture fails for good is dropped as orphaned', async () => {
    await setOffline(true);
    await sdk.Leads.capture({ lead_channel }, { email: 'x@b.co' });
    await sdk.Leads.Tracker.signedUp('after');
    await api.script({ path: 'webhook', status: 400, body: { message: 'archived channel' } });
    const dropped = oneEvent(sdk, 'dropped');
    await setOffline(false);
    const { detail } = await dropped;
    expect(detail.reason).to.equal('orphaned');
    expect((detail.record.body as { notes: string }).notes).to.equal('after');
    expect((await api.requests()).map((r) => r.path)).to.deep.equal([`/leads/channels/${lead_channel}/webhook`]);
  });

  it('stop() while a capture is queued: its delivery does not identify the visitor', async () => {
    await setOffline(true);
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'quiet@b.co' });
    expect(cookieValue()).to.equal(`pending:${lead.outbox_id}`);
    sdk.Leads.Tracker.stop();
    expect(cookieValue()).to.equal(undefined);
    const delivered = oneEvent(sdk, 'delivered');
    await setOffline(false);
    expect((await delivered).detail.lead.id).to.be.a('string');
    expect(cookieValue()).to.equal(undefined);
  });

  it('a caller-given id already pending or delivered is a no-op', async () => {
    const outbox = pageOutbox();
    const request = { kind: 'activity' as const, apiUrl: api.url, method: 'POST' as const, path: '/leads/lead-m/timeline', body: { action: 'ContactSignedUp' } };
    const id = crypto.randomUUID();
    await setOffline(true);
    expect(await outbox.dispatch(request, { timeoutMs: 1000, id })).to.deep.equal({ state: 'queued', recordId: id });
    expect(await outbox.dispatch(request, { timeoutMs: 1000, id })).to.deep.equal({ state: 'queued', recordId: id });
    expect((await stored()).pending).to.have.length(1);
    const delivered = oneEvent(outbox, 'delivered');
    await setOffline(false);
    await delivered;
    // Once the pass that delivered it is over, the id is remembered as delivered.
    await outbox.flush();
    const again = await outbox.dispatch(request, { timeoutMs: 1000, id });
    expect(again).to.include({ state: 'sent', repeat: true });
    await outbox.flush();
    expect(await api.requests()).to.have.length(1);
  });

  it('ids dispatched together (a merge) are looked up together: the pending and delivered ones are no-ops', async () => {
    const outbox = pageOutbox();
    const request = (i: number) => ({ kind: 'activity' as const, apiUrl: api.url, method: 'POST' as const, path: '/leads/lead-m/timeline', body: { action: 'ContactSignedUp', notes: `n${i}` } });
    const dispatch = (ids: string[], from = 0) => Promise.all(ids.map((id, i) => outbox.dispatch(request(from + i), { timeoutMs: 1000, id })));
    // More ids than are looked up one by one: 8 delivered, 8 pending, 8 new.
    const ids = Array.from({ length: 24 }, () => crypto.randomUUID());
    await dispatch(ids.slice(0, 8));
    await outbox.flush();
    await setOffline(true);
    await dispatch(ids.slice(8, 16), 8);
    const outcomes = await dispatch(ids);
    expect(outcomes.slice(0, 8)).to.deep.equal(ids.slice(0, 8).map(() => ({ state: 'sent', reply: { status: 200, body: null }, repeat: true })));
    expect(outcomes.slice(8)).to.deep.equal(ids.slice(8).map((id) => ({ state: 'queued', recordId: id })));
    expect((await stored()).pending.map((r) => r.id)).to.have.members(ids.slice(8));
    await setOffline(false);
    await outbox.flush();
    const received = await api.waitForRequests(24);
    expect(received.map((r) => r.body.notes)).to.deep.equal(ids.map((_, i) => `n${i}`));
  });

  for (const lockHeld of [false, true]) {
    it(`two tabs dispatching the same caller-given ids at once (a merge both resume): each is sent once${lockHeld ? ', also when they save before either may send' : ''}`, async () => {
      const { Outbox } = await import('../../src/store/outbox.js');
      const otherTab = new Outbox(FAST_RETRY);
      const request = (i: number) => ({ kind: 'activity' as const, apiUrl: api.url, method: 'POST' as const, path: '/leads/lead-t/timeline', body: { action: 'ContactViewedListing', notes: `n${i}` } });
      const ids = Array.from({ length: 20 }, () => crypto.randomUUID());
      // A third tab sending holds the lock past the wait after which each saves at once.
      let release = () => {};
      const held = lockHeld && new Promise<void>((granted) => navigator.locks.request('rechat-sdk-outbox', () => new Promise<void>((resolve) => ((release = resolve), granted()))));
      await held;
      try {
        // Both look the ids up before either has saved them: neither knows of the other's.
        const sending = Promise.all([pageOutbox(), otherTab].flatMap((outbox) => ids.map((id, i) => outbox.dispatch(request(i), { timeoutMs: 30000, id }))));
        if (lockHeld) setTimeout(() => release(), 300);
        const outcomes = await sending;
        await Promise.all([pageOutbox().flush(), otherTab.flush()]);
        const received = await api.requests();
        expect(received.map((r) => r.body.notes)).to.deep.equal(ids.map((_, i) => `n${i}`));
        // Every caller hears from a pass, long before its 30 s wait is over (which would time
        // the test out): sent by its own tab, sent (`repeat`) by the other one, or kept
        // (`queued`) when a send of its tab failed on the way (a busy CI machine).
        for (const outcome of outcomes) expect(outcome.state).to.be.oneOf(['sent', 'queued']);
        expect((await stored()).pending).to.deep.equal([]);
      } finally {
        release();
        otherTab.close();
      }
    });
  }

  it('a caller-given id that cannot be looked up is not taken: it rejects as storage, to be dispatched again', async () => {
    const broken = Object.assign(new MemoryStore(), { whereAre: () => Promise.reject(new DOMException('closed', 'InvalidStateError')) });
    await freshOutbox({ openStore: async () => broken });
    const outbox = pageOutbox();
    const request = { kind: 'activity' as const, apiUrl: api.url, method: 'POST' as const, path: '/leads/lead-m/timeline', body: { action: 'ContactSignedUp' } };
    const error = await outbox.dispatch(request, { timeoutMs: 1000, id: crypto.randomUUID() }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RechatError);
    expect((error as RechatError).code).to.equal('storage');
    expect(await broken.all()).to.deep.equal([]);
  });

  it('a lead sent while persistence is being turned off (a refusal at start) is kept and sent', async () => {
    resetPageOutbox(FAST_RETRY);
    // A first visit: no database yet.
    await deleteDB('rechat-sdk');
    const outbox = pageOutbox();
    sdk = new Sdk({ apiUrl: api.url });
    // A page's first flush looks for a database before anything else: meanwhile persistence
    // goes off, and the lead is saved in the memory store made for it.
    const flushing = outbox.flush();
    const turning = outbox.setPersistence(false);
    const lead = sdk.Leads.capture({ lead_channel }, { email: 'turning@b.co' });
    await Promise.all([flushing, turning]);
    expect((await lead).queued).to.equal(false);
    expect((await api.requests()).map((r) => r.body.email)).to.deep.equal(['turning@b.co']);
    expect(await outbox.pending()).to.deep.equal([]);
  });

  it('a released Sdk gets no more outbox events; the others still do', async () => {
    const replaced = new Sdk({ apiUrl: api.url });
    const heard: string[] = [];
    replaced.addEventListener('queued', () => heard.push('replaced'));
    sdk.addEventListener('queued', () => heard.push('current'));
    replaced.release();
    await setOffline(true);
    await sdk.Leads.capture({ lead_channel }, { email: 'r@b.co' });
    expect(heard).to.deep.equal(['current']);
  });

  describe('with a database another tab upgraded or holds', () => {
    let stopBusy = () => {};

    afterEach(async () => {
      // What a test held open lets go, also when it failed half-way.
      stopBusy();
      stopBusy = () => {};
      // The newer version is these tests' alone: the tests after them start from the SDK's own.
      await deleteDB('rechat-sdk');
    });

    /** Upgrades the database past the SDK's version, as a newer SDK in another tab does. */
    async function upgradeAsNewerSdk(): Promise<void> {
      const current = await openDB('rechat-sdk');
      current.close();
      (await openDB('rechat-sdk', current.version + 1)).close();
    }

    it("a database of that name without the outbox's stores, at a version it cannot upgrade, is not used", async () => {
      // Someone else's database, at a version past the SDK's, with none of its stores (a name
      // of this test's own: the page's outbox never opens it).
      const name = `rechat-sdk-foreign-${crypto.randomUUID()}`;
      (await openDB(name, 5)).close();
      try {
        const error = await openIdbStore(name).then(
          () => undefined,
          (e: unknown) => e,
        );
        // The outbox goes on in memory on any open that fails (tested above, with no IndexedDB).
        expect((error as DOMException | undefined)?.name).to.equal('NotFoundError');
      } finally {
        await deleteDB(name);
      }
    });

    it('keeps working after another tab upgrades the database (versionchange closes this connection)', async () => {
      await sdk.Leads.capture({ lead_channel }, { email: 'before@b.co' });
      // What a newer SDK in another tab does: open a higher version (ours closes to let it).
      await upgradeAsNewerSdk();
      await setOffline(true);
      const lead = await sdk.Leads.capture({ lead_channel }, { email: 'after@b.co' });
      expect(lead.queued).to.equal(true);
      expect(await pageOutbox().persistent()).to.equal(true);
      expect((await stored()).pending.map((r) => r.id)).to.deep.equal([lead.outbox_id]);
    });

    it('keeps using IndexedDB while another tab keeps the newer database busy (Firefox waited for good)', async () => {
      await upgradeAsNewerSdk();
      // Another tab of the newer SDK, busy: one read always under way on the database.
      const busy = await openDB('rechat-sdk');
      let busyReads = 0;
      let stopped = false;
      const reading = async () => {
        while (!stopped) {
          await busy.get('meta', 'anything');
          busyReads++;
        }
      };
      const readers = Promise.all([reading(), reading()]);
      stopBusy = () => {
        stopped = true;
        void readers.then(() => busy.close());
      };
      await until(() => busyReads > 10, 'the other tab to be busy');
      // A page of this (older) SDK that opens the database now.
      resetPageOutbox(FAST_RETRY);
      sdk = new Sdk({ apiUrl: api.url });
      await setOffline(true);
      const lead = await sdk.Leads.capture({ lead_channel }, { email: 'busy@b.co' });
      expect(lead.queued).to.equal(true);
      expect(await pageOutbox().persistent()).to.equal(true);
      stopBusy();
      await readers;
      expect((await stored()).pending.map((r) => r.id)).to.deep.equal([lead.outbox_id]);
    });

    it('an open that another tab holds up for good goes on in memory, says so once, and still sends', async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        resetPageOutbox(FAST_RETRY);
        sdk = new Sdk({ apiUrl: api.url });
        // A tab whose connection never lets go (no versionchange handler), and a newer SDK's
        // upgrade that it blocks: every later open of the database waits behind that upgrade.
        const holder = await openDB('rechat-sdk');
        let blocked!: () => void;
        const isBlocked = new Promise<void>((resolve) => (blocked = resolve));
        const upgraded = openDB('rechat-sdk', holder.version + 1, { blocked: () => blocked() });
        await isBlocked;
        stopBusy = () => {
          holder.close();
          void upgraded.then((db) => db.close());
        };
        await setOffline(true);
        const lead = await sdk.Leads.capture({ lead_channel }, { email: 'held@b.co' });
        expect(lead.queued).to.equal(true);
        await sdk.Leads.capture({ lead_channel }, { email: 'held-too@b.co' });
        expect(await pageOutbox().persistent()).to.equal(false);
      } finally {
        console.warn = warn;
      }
      expect(warnings.filter(([message]) => String(message).includes('No IndexedDB'))).to.have.length(1);
      const delivered = new Promise<void>((resolve) => {
        let count = 0;
        sdk.addEventListener('delivered', () => ++count === 2 && resolve());
      });
      await setOffline(false);
      await delivered;
      // Both, once each. (Two leads are two lanes: a first send that fails as the network
      // comes back waits out its backoff while the other lead goes.)
      expect((await api.requests()).map((r) => r.body.email)).to.have.members(['held@b.co', 'held-too@b.co']);
    });
  });

  it('discard(predicate) drops matching pending records, keeping the others', async () => {
    await setOffline(true);
    await sdk.Leads.capture({ lead_channel }, { email: 'keep@b.co' });
    await sdk.Leads.Tracker.signedUp('gone');
    const dropped: string[] = [];
    sdk.addEventListener('dropped', (e) => dropped.push(e.detail.reason));
    const gone = await pageOutbox().discard((r) => r.kind === 'activity');
    expect(gone).to.have.length(1);
    expect(dropped).to.deep.equal(['discarded']);
    expect((await stored()).pending.map((r) => r.kind)).to.deep.equal(['lead']);
  });

  it('memory-only until persistence is turned on, then copied into IndexedDB', async () => {
    await freshOutbox({ persistent: false });
    await setOffline(true);
    await sdk.Leads.capture({ lead_channel }, { email: 'later@b.co' });
    expect(await pageOutbox().persistent()).to.equal(false);
    expect((await stored()).pending).to.deep.equal([]);
    await pageOutbox().setPersistence(true);
    expect(await pageOutbox().persistent()).to.equal(true);
    expect((await stored()).pending.map((r) => r.body)).to.deep.equal([{ email: 'later@b.co' }]);
    await pageOutbox().setPersistence(false);
    await sdk.Leads.Tracker.signedUp('memory only');
    expect((await stored()).pending).to.have.length(1);
    expect(await pageOutbox().pending()).to.have.length(1);
  });

  it('an activity queued after persistence is turned off waits for its capture kept in IndexedDB, then goes once', async () => {
    await setOffline(true);
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'before@b.co' });
    await pageOutbox().setPersistence(false);
    await sdk.Leads.Tracker.signedUp('after');
    const dropped: string[] = [];
    sdk.addEventListener('dropped', (e) => dropped.push(e.detail.reason));
    await setOffline(false);
    await pageOutbox().flush();
    expect(dropped).to.deep.equal([]);
    expect((await pageOutbox().pending()).map((r) => (r.body as { notes: string }).notes)).to.deep.equal(['after']);
    await pageOutbox().setPersistence(true);
    await pageOutbox().flush();
    expect(dropped).to.deep.equal([]);
    const requests = await api.requests();
    const captures = requests.filter((r) => r.key === lead.outbox_id);
    expect(captures).to.have.length(1);
    const activities = requests.filter((r) => r.body.notes === 'after');
    expect(activities).to.have.length(1);
    expect(activities[0].path).to.match(/^\/leads\/[^/]+\/timeline$/).and.not.include('lead_id');
    expect((await stored()).pending).to.deep.equal([]);
  });

  it('a dispatch that cannot get the lock within its timeout is saved and resolves queued', async () => {
    await freshOutbox({ name: 'rechat-sdk-outbox' });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const taken = new Promise<void>((r) => navigator.locks.request('rechat-sdk-outbox', () => (r(), held)));
    await taken;
    const fast = new Sdk({ apiUrl: api.url, timeoutMs: 200 });
    const lead = await fast.Leads.capture({ lead_channel }, { email: 'locked@b.co' });
    expect(lead.queued).to.equal(true);
    expect((await stored()).pending.map((r) => r.id)).to.deep.equal([lead.outbox_id]);
    expect(await api.requests()).to.have.length(0);
    const delivered = oneEvent(fast, 'delivered');
    release();
    expect((await delivered).detail.record.id).to.equal(lead.outbox_id);
    expect(await api.requests()).to.have.length(1);
  });

  it('a record left behind after its 2xx (the page died before removing it) is sent again with the same key', async () => {
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'once@b.co' });
    const [first] = await api.requests();
    // What a page that died between the reply and the removal leaves in IndexedDB.
    const db = await openDB('rechat-sdk');
    await db.put('outbox', {
      id: first!.key, seq: 1, kind: 'lead', apiUrl: api.url, method: 'POST', path: `/leads/channels/${lead_channel}/webhook`,
      body: { email: 'once@b.co' }, createdAt: Date.now(), attempts: 0, notBefore: 0, timeoutMs: 5000,
    });
    db.close();
    await pageOutbox().flush();
    const requests = await api.requests();
    expect(requests.map((r) => r.key)).to.deep.equal([first!.key, first!.key]);
    expect(lead.id).to.be.a('string');
    expect((await stored()).pending).to.deep.equal([]);
  });

  it('drops activity beyond the cap, oldest first, with an event; never leads', async () => {
    await freshOutbox({ limits: { activityCap: 3 } });
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
    await freshOutbox({ limits: { maxAgeMs: 0 } });
    sdk.Leads.Tracker.identify('lead-old');
    await setOffline(true);
    await sdk.Leads.Tracker.signedUp('old');
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

  it('another outbox of the origin hears the outcome of a record it queued', async () => {
    const { Outbox } = await import('../../src/store/outbox.js');
    const otherTab = new Outbox();
    const other = new Sdk({ apiUrl: api.url, dispatcher: { dispatch: (r) => otherTab.dispatch(r, { timeoutMs: 5000 }) } });
    await setOffline(true);
    const lead = await other.Leads.capture({ lead_channel }, { email: 'tab@b.co' });
    expect(lead.queued).to.equal(true);
    const heardHere = oneEvent(otherTab, 'delivered');
    const deliveredThere = oneEvent(sdk, 'delivered');
    await setOffline(false);
    const [here, there] = await Promise.all([heardHere, deliveredThere]);
    expect(here.detail.record.id).to.equal(lead.outbox_id);
    expect(there.detail.record.id).to.equal(lead.outbox_id);
    await Promise.all([otherTab.flush(), pageOutbox().flush()]);
    expect(await api.requests()).to.have.length(1);
    otherTab.close();
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
    // Offline, the page makes no page-exit send (Firefox's emulated offline mode would let a
    // keepalive request through): the record stays for the next page.
    first.frame.remove();
    await setOffline(false);
    const next = await openBundlePage(api.url);
    frames.push(next.frame);
    await until(async () => (await stored()).pending.length === 0, 'the outbox to empty');
    const requests = await api.requests();
    expect(requests.map((r) => [r.body.email, r.key])).to.deep.equal([['reload@b.co', lead.outbox_id]]);
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
    await Promise.all([a.sdk.flush(), b.sdk.flush()]);
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
    expect(requests[1].key).to.equal(lead.outbox_id);
  });

  it('pagehide sends no activity whose key cannot travel (API not known to take the header)', async () => {
    const page = await openBundlePage(api.url);
    frames.push(page.frame);
    page.sdk.Leads.Tracker.identify('lead-exit');
    await api.script({ path: 'timeline', status: 503, times: 20 }, { path: 'webhook', status: 503, times: 1 });
    expect((await page.sdk.Leads.Tracker.signedUp('keyless')).queued).to.equal(true);
    expect((await page.sdk.Leads.capture({ lead_channel: channelId() }, { email: 'keyed@b.co' })).queued).to.equal(true);
    const keylessBefore = (await api.requests()).filter((r) => r.body.notes === 'keyless').length;
    page.frame.remove();
    // The capture (its key is in its body) is the signal that the page-exit send happened.
    await until(async () => (await api.requests()).some((r) => r.body.email === 'keyed@b.co' && r.status === 200), 'the capture');
    expect((await api.requests()).filter((r) => r.body.notes === 'keyless')).to.have.length(keylessBefore);
  });

  it('pagehide does not send again a record that is in flight', async () => {
    const page = await openBundlePage(api.url);
    frames.push(page.frame);
    await api.script({ path: 'webhook', status: 200, delayMs: 1500, times: 1 });
    void page.sdk.Leads.capture({ lead_channel: channelId() }, { email: 'in-flight@b.co' });
    await api.waitForRequests(1);
    // Made while the capture is on the wire: saved, waiting for the pass that sends it.
    void page.sdk.Leads.capture({ lead_channel: channelId() }, { email: 'marker@b.co' });
    // Read through the page's own connection: it is pending only while the capture is on the
    // wire (1.5 s), and a new connection from this page took longer than that in Firefox.
    const marker = (records: OutboxRecord[]) => records.some((r) => (r.body as { email?: string }).email === 'marker@b.co');
    await until(async () => marker(await page.sdk.outbox.pending()), 'the marker to be saved');
    page.frame.remove();
    // The marker is this page's only record not in flight: once it arrives, the page-exit send is done.
    await until(async () => (await api.requests()).some((r) => r.body.email === 'marker@b.co'), 'the marker');
    const requests = await api.requests();
    expect(requests.filter((r) => r.body.email === 'in-flight@b.co')).to.have.length(1);
    expect(requests).to.have.length(2);
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
