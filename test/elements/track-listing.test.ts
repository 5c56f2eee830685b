import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { RechatTrackListingElement, Sdk, type RechatSdkElement } from '../../src/index.js';
import { clearCookies, fakeApi, setOffline, type FakeApi } from '../helpers/fake-api.js';
import { identifyVisitor, recordEvents, settle } from './helpers.js';

const EVENTS = ['rechat-track', 'rechat-track-error'];

describe('<rechat-track-listing>', () => {
  let api: FakeApi;
  // Views are sent once per page view, and every test of this file shares the page:
  // each test tracks listings of its own.
  let id: string;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    id = crypto.randomUUID();
  });

  afterEach(() => setOffline(false));

  async function mount(template: unknown) {
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}>${template}</rechat-sdk>`);
    return provider.querySelector('rechat-track-listing')!;
  }

  const timeline = async () => (await api.requests()).filter((r) => r.path.endsWith('/timeline'));

  it('is accessible, and shows its content as it is', async () => {
    identifyVisitor(api.url);
    const el = await mount(html`<rechat-track-listing listing-id=${id}><article><h2>12 Elm St</h2><a href="#">Details</a></article></rechat-track-listing>`);
    await expect(el).to.be.accessible();
    expect(el.querySelector('h2')!.textContent).to.equal('12 Elm St');
    expect(getComputedStyle(el).display).to.equal('block');
  });

  it('defaults: a view, sent on load, every field empty', async () => {
    const el = document.createElement('rechat-track-listing');
    expect(el.action).to.equal('viewed');
    expect(el.trigger).to.equal('load');
    for (const name of ['listingId', 'mlsNumber', 'mls', 'price', 'url', 'address', 'coverImageUrl', 'notes']) {
      expect((el as any)[name], name).to.equal('');
    }
  });

  it('reads each kebab-case attribute into its camelCase property; unknown enumerated values fall back', async () => {
    const el = await mount(html`<rechat-track-listing trigger="none" action="favorited" listing-id="L1" mls-number="123" mls="NTREIS"
      price="$1,250,000" url="https://example.com/l/1" address="12 Elm St" cover-image-url="https://example.com/1.jpg" notes="Saved"></rechat-track-listing>`);
    expect(el).to.include({
      trigger: 'none', action: 'favorited', listingId: 'L1', mlsNumber: '123', mls: 'NTREIS', price: '$1,250,000',
      url: 'https://example.com/l/1', address: '12 Elm St', coverImageUrl: 'https://example.com/1.jpg', notes: 'Saved',
    });
    el.setAttribute('trigger', 'sometimes');
    el.setAttribute('action', 'liked');
    expect(el.trigger).to.equal('load');
    expect(el.action).to.equal('viewed');
    el.setAttribute('action', 'removed-favorite');
    expect(el.action).to.equal('removed-favorite');
    el.removeAttribute('listing-id');
    expect(el.listingId).to.equal('');
    el.mlsNumber = '456';
    el.action = 'shared';
    expect(el.getAttribute('mls-number')).to.equal('456');
    expect(el.getAttribute('action')).to.equal('shared');
    el.trigger = 'click';
    expect(el.trigger).to.equal('click');
    expect(el.getAttribute('trigger')).to.equal('click');
  });

  it('on load: records the view with the listing, normalised, and fires rechat-track', async () => {
    const leadId = identifyVisitor(api.url);
    const tracked = new Promise<CustomEvent>((resolve) => addEventListener('rechat-track', resolve as never, { once: true }));
    const el = await mount(html`<rechat-track-listing listing-id=${id} mls-number="1841395151" mls="CRMLS" price="1,250,000"
      url="https://example.com/l/1" address="12 Elm St" cover-image-url="https://example.com/1.jpg" notes="From the map"></rechat-track-listing>`);
    const event = await tracked;
    expect(event.target === el, 'fired by the element').to.equal(true);
    expect(event.composed).to.equal(true);
    const listing = {
      id, mls_number: '1841395151', mls: 'CRMLS', price: 1250000, url: 'https://example.com/l/1',
      cover_image_url: 'https://example.com/1.jpg', property: { address: '12 Elm St' },
    };
    expect(event.detail).to.deep.equal({ action: 'ContactViewedListing', queued: false, listing });
    const [request] = await timeline();
    expect(request.path).to.equal(`/leads/${leadId}/timeline`);
    expect(request.body).to.deep.equal({ action: 'ContactViewedListing', listing, notes: 'From the map' });
  });

  it('sends each action as its timeline action', async () => {
    identifyVisitor(api.url);
    const actions = { viewed: 'ContactViewedListing', shared: 'ContactSharedListing', favorited: 'ContactFavoritedListing',
      'removed-favorite': 'ContactRemovedFavoriteListing', valued: 'ContactValuedListing' };
    const provider = await fixture(html`<rechat-sdk api-url=${api.url}>
      ${Object.keys(actions).map((action) => html`<rechat-track-listing trigger="none" action=${action} listing-id=${id}></rechat-track-listing>`)}
    </rechat-sdk>`);
    for (const el of provider.querySelectorAll('rechat-track-listing')) await el.track();
    expect((await timeline()).map((r) => r.body.action)).to.deep.equal(Object.values(actions));
  });

  it('with no lead identified: rechat-track-error (no_tracking_id), nothing sent, no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
    addEventListener('unhandledrejection', onRejection);
    const failed = new Promise<CustomEvent>((resolve) => addEventListener('rechat-track-error', resolve as never, { once: true }));
    const el = await mount(html`<rechat-track-listing listing-id=${id}></rechat-track-listing>`);
    const { detail } = await failed;
    const seen = recordEvents(el, EVENTS);
    expect(detail.error.code).to.equal('no_tracking_id');
    expect(detail.error.message).to.equal('No tracking id is found');
    expect(await el.track()).to.equal(undefined);
    await settle();
    removeEventListener('unhandledrejection', onRejection);
    expect(rejections).to.deep.equal([]);
    expect(seen.map((e) => e.type)).to.deep.equal(['rechat-track-error']);
    expect(await api.requests()).to.have.length(0);
  });

  it('a value that is not a number is a rechat-track-error, not a throw', async () => {
    identifyVisitor(api.url);
    const el = await mount(html`<rechat-track-listing trigger="none" listing-id=${id} price="call us"></rechat-track-listing>`);
    const failed = oneEvent(el, 'rechat-track-error');
    await el.track();
    expect((await failed).detail.error.code).to.equal('invalid_input');
  });

  it('the same view is sent once per page view, however many elements show that listing', async () => {
    identifyVisitor(api.url);
    await mount(html`
      <rechat-track-listing listing-id=${id} price="100"></rechat-track-listing>
      <rechat-track-listing listing-id=${id} url="https://example.com/other-card"></rechat-track-listing>
      <rechat-track-listing listing-id=${id} action="valued"></rechat-track-listing>`);
    await settle(300);
    await fixture(html`<rechat-sdk api-url=${api.url}><rechat-track-listing listing-id=${id}></rechat-track-listing></rechat-sdk>`);
    await settle(300);
    expect((await timeline()).map((r) => r.body.action)).to.deep.equal(['ContactViewedListing', 'ContactValuedListing']);
  });

  it('made by a script that appends it, then sets its attributes: the view of that listing, once', async () => {
    identifyVisitor(api.url);
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}></rechat-sdk>`);
    const tracked = new Promise<CustomEvent[]>((resolve) => {
      const seen: CustomEvent[] = [];
      provider.addEventListener('rechat-track', (e) => seen.push(e as CustomEvent) === 3 && resolve(seen));
    });
    // As a page builder does: cards appended empty and filled in after; the second is
    // made a click card after it was appended (no view), the last one's view comes last.
    const card = (listing: string, trigger?: string) => {
      const el = document.createElement('rechat-track-listing');
      provider.append(el);
      el.setAttribute('listing-id', listing);
      el.setAttribute('price', '100');
      if (trigger) el.setAttribute('trigger', trigger);
    };
    card(id);
    card(`${id}-click`, 'click');
    card(`${id}-2`);
    card(`${id}-3`);
    const seen = await tracked;
    const views = [id, `${id}-2`, `${id}-3`];
    expect(seen.map((e) => e.detail.listing.id)).to.deep.equal(views);
    // Sent in order: a view of the click card would have reached the API before the last.
    expect((await timeline()).map((r) => r.body.listing.id)).to.deep.equal(views);
  });

  it('properties a framework set before the element was defined become its attributes, and later changes take effect', async () => {
    identifyVisitor(api.url);
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}></rechat-sdk>`);
    // A tag of its own, defined only after the element is on the page, as with a late script.
    const tag = `rechat-track-late-${crypto.randomUUID().slice(0, 8)}`;
    const el = document.createElement(tag) as RechatTrackListingElement;
    Object.assign(el, { trigger: 'click', listingId: id, action: 'shared' });
    el.append(document.createElement('button'));
    provider.append(el);
    class LateListing extends RechatTrackListingElement {}
    LateListing.define(tag);
    expect(el).to.be.instanceOf(LateListing);
    expect([el.getAttribute('trigger'), el.getAttribute('listing-id'), el.getAttribute('action')]).to.deep.equal(['click', id, 'shared']);
    const shared = oneEvent(el, 'rechat-track');
    el.querySelector('button')!.click();
    expect((await shared).detail.action).to.equal('ContactSharedListing');
    // Changed after the upgrade: no longer a click card.
    el.trigger = 'none';
    expect(el.getAttribute('trigger')).to.equal('none');
    el.querySelector('button')!.click();
    await el.track();
    expect((await timeline()).map((r) => r.body.action)).to.deep.equal(['ContactSharedListing', 'ContactSharedListing']);
  });

  it('a view that failed (no lead yet) is sent by a later element once the visitor is a lead', async () => {
    const failed = new Promise((resolve) => addEventListener('rechat-track-error', resolve, { once: true }));
    await mount(html`<rechat-track-listing listing-id=${id}></rechat-track-listing>`);
    await failed;
    identifyVisitor(api.url);
    const tracked = new Promise((resolve) => addEventListener('rechat-track', resolve, { once: true }));
    await mount(html`<rechat-track-listing listing-id=${id}></rechat-track-listing>`);
    await tracked;
    expect(await timeline()).to.have.length(1);
  });

  it('trigger="click": nothing on load, one activity per click', async () => {
    identifyVisitor(api.url);
    const el = await mount(html`<rechat-track-listing trigger="click" action="shared" listing-id=${id}><button>Share</button></rechat-track-listing>`);
    await settle();
    expect(await timeline()).to.have.length(0);
    const seen = recordEvents(el, EVENTS);
    const first = oneEvent(el, 'rechat-track');
    el.querySelector('button')!.click();
    await first;
    const second = oneEvent(el, 'rechat-track');
    el.querySelector('button')!.click();
    await second;
    expect((await timeline()).map((r) => r.body.action)).to.deep.equal(['ContactSharedListing', 'ContactSharedListing']);
    expect(seen.map((e) => e.type)).to.deep.equal(['rechat-track', 'rechat-track']);
  });

  it('trigger="none": only track() records, and resolves with the result', async () => {
    const leadId = identifyVisitor(api.url);
    const el = await mount(html`<rechat-track-listing trigger="none" listing-id=${id}><button>x</button></rechat-track-listing>`);
    el.querySelector('button')!.click();
    await settle();
    expect(await timeline()).to.have.length(0);
    expect(await el.track()).to.deep.equal({ action: 'ContactViewedListing', lead_id: leadId, queued: false });
    expect(await timeline()).to.have.length(1);
  });

  it('trigger="visible": sent the first time it is at least half on screen, once', async () => {
    identifyVisitor(api.url);
    const el = await mount(html`<div style="height: 300vh"></div><rechat-track-listing trigger="visible" listing-id=${id}><div style="height: 200px">Card</div></rechat-track-listing>`);
    await settle(300);
    expect(await timeline(), 'below the fold').to.have.length(0);
    const tracked = oneEvent(el, 'rechat-track');
    el.scrollIntoView();
    await tracked;
    window.scrollTo(0, 0);
    await settle(200);
    el.scrollIntoView();
    await settle(300);
    expect(await timeline()).to.have.length(1);
    window.scrollTo(0, 0);
  });

  it('trigger="visible" on 300 cards: one IntersectionObserver watches them all', async () => {
    identifyVisitor(api.url);
    // Which observer watched which element, from the prototype: it counts observers made
    // before this test (the page's one may exist already) as well as any made during it.
    const proto = IntersectionObserver.prototype;
    const observe = proto.observe;
    const watchers = new Map<Element, Set<IntersectionObserver>>();
    proto.observe = function (this: IntersectionObserver, target: Element) {
      if (!watchers.has(target)) watchers.set(target, new Set());
      watchers.get(target)!.add(this);
      return observe.call(this, target);
    };
    try {
      const ids = Array.from({ length: 300 }, () => crypto.randomUUID());
      const first = await mount(html`${ids.map((listingId) => html`<rechat-track-listing trigger="visible" listing-id=${listingId}><p>Card</p></rechat-track-listing>`)}`);
      const cards = [...first.parentElement!.querySelectorAll('rechat-track-listing')];
      expect(cards).to.have.length(300);
      expect(cards.every((card) => watchers.get(card)?.size === 1), 'each card is watched by one observer').to.equal(true);
      const observers = new Set(cards.flatMap((card) => [...watchers.get(card)!]));
      expect(observers.size, 'one observer for the page').to.equal(1);
      const sent = (await api.waitForRequests(1)).map((r) => r.body.listing.id);
      await settle(300);
      const all = (await timeline()).map((r) => r.body.listing.id);
      expect(sent.length, 'the cards on screen are sent').to.be.greaterThan(0);
      expect(all.length, 'the cards below the fold are not').to.be.lessThan(300);
      expect(all.every((listingId) => ids.includes(listingId))).to.equal(true);
    } finally {
      proto.observe = observe;
    }
  });

  it('offline: the view is kept and rechat-track says it is queued', async () => {
    identifyVisitor(api.url);
    await setOffline(true);
    const tracked = new Promise<CustomEvent>((resolve) => addEventListener('rechat-track', resolve as never, { once: true }));
    await mount(html`<rechat-track-listing listing-id=${id}></rechat-track-listing>`);
    const { detail } = await tracked;
    expect(detail.queued).to.equal(true);
    expect(await api.requests()).to.have.length(0);
    await setOffline(false);
    await api.waitForRequests(1);
  });

  it('without a provider, it uses the page\'s shared Sdk', async () => {
    const leadId = identifyVisitor(api.url);
    // The first (and only) Sdk.shared() of this page: no other test of this file sends without a provider.
    const shared = Sdk.shared({ apiUrl: api.url });
    expect(shared.apiUrl).to.equal(api.url);
    const tracked = new Promise<Event>((resolve) => addEventListener('rechat-track', resolve, { once: true }));
    const el = await fixture<RechatTrackListingElement>(html`<rechat-track-listing listing-id=${id}></rechat-track-listing>`);
    expect((await tracked).target).to.equal(el);
    const [request] = await timeline();
    expect(request.path).to.equal(`/leads/${leadId}/timeline`);
  });

  it('attribute values are sent as text and never become markup', async () => {
    identifyVisitor(api.url);
    const attack = '<img src=x onerror="window.__xss=1">';
    const tracked = new Promise<CustomEvent>((resolve) => addEventListener('rechat-track', resolve as never, { once: true }));
    const el = await mount(html`<rechat-track-listing listing-id=${id} address=${attack} notes=${attack} url=${attack}></rechat-track-listing>`);
    const { detail } = await tracked;
    expect(detail.listing.property.address).to.equal(attack);
    const [request] = await timeline();
    expect(request.body.notes).to.equal(attack);
    expect(request.body.listing.url).to.equal(attack);
    await settle(50);
    expect(el.querySelectorAll('img')).to.have.length(0);
    expect(el.childNodes).to.have.length(0);
    expect((window as any).__xss).to.equal(undefined);
  });
});
