import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { RechatSdkElement, RechatTrackSearchElement } from '../../src/index.js';
import { clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { identifyVisitor, recordEvents, settle } from './helpers.js';

describe('<rechat-track-search>', () => {
  let api: FakeApi;
  // Searches are sent once per page view: each test searches for something of its own.
  let query: string;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    query = `pool ${crypto.randomUUID()}`;
  });

  async function mount(template: unknown) {
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}>${template}</rechat-sdk>`);
    return provider.querySelector('rechat-track-search')!;
  }

  const timeline = async () => (await api.requests()).filter((r) => r.path.endsWith('/timeline'));

  it('is accessible', async () => {
    identifyVisitor(api.url);
    const el = await mount(html`<rechat-track-search search=${query}><h1>Results</h1><button>Save this search</button></rechat-track-search>`);
    await expect(el).to.be.accessible();
  });

  it('defaults: a search, sent on load, every field empty', () => {
    const el = document.createElement('rechat-track-search');
    expect(el.action).to.equal('searched');
    expect(el.trigger).to.equal('load');
    for (const name of ['url', 'search', 'minimumPrice', 'maximumPrice', 'minimumBedrooms', 'maximumBedrooms',
      'minimumBathrooms', 'maximumBathrooms', 'propertyTypes', 'postalCodes', 'pool', 'notes', 'title']) {
      expect((el as any)[name], name).to.equal('');
    }
  });

  it('reads each kebab-case attribute into its camelCase property; unknown enumerated values fall back', async () => {
    const el = await mount(html`<rechat-track-search trigger="click" action="created" title="Austin pools" url="https://example.com/s"
      search=${query} minimum-price="500000" maximum-price="$1,000,000" minimum-bedrooms="2" maximum-bedrooms="4"
      minimum-bathrooms="1" maximum-bathrooms="3" property-types="Condo,Townhouse" postal-codes="78701, 78702" pool="yes"></rechat-track-search>`);
    expect(el).to.include({
      trigger: 'click', action: 'created', title: 'Austin pools', url: 'https://example.com/s', search: query,
      minimumPrice: '500000', maximumPrice: '$1,000,000', minimumBedrooms: '2', maximumBedrooms: '4', minimumBathrooms: '1',
      maximumBathrooms: '3', propertyTypes: 'Condo,Townhouse', postalCodes: '78701, 78702', pool: 'yes',
    });
    el.setAttribute('action', 'favorited');
    expect(el.action).to.equal('searched');
    el.setAttribute('trigger', '');
    expect(el.trigger).to.equal('load');
  });

  it('on load: records the search, normalised, and fires rechat-track', async () => {
    const leadId = identifyVisitor(api.url);
    const tracked = new Promise<CustomEvent>((resolve) => addEventListener('rechat-track', resolve as never, { once: true }));
    await mount(html`<rechat-track-search title="Austin pools" url="https://example.com/s" search=${query}
      minimum-price="500000" maximum-price="$1,000,000" minimum-bedrooms="2" property-types="Condo,Townhouse"
      postal-codes="78701, 78702" pool="yes" notes="From the home page"></rechat-track-search>`);
    const { detail } = await tracked;
    const search = {
      title: 'Austin pools', url: 'https://example.com/s', search: query, minimum_price: 500000, maximum_price: 1000000,
      minimum_bedrooms: 2, property_types: ['Condo', 'Townhouse'], postal_codes: ['78701', '78702'], pool: true,
    };
    expect(detail).to.deep.equal({ action: 'ContactSearchedListings', queued: false, search });
    const [request] = await timeline();
    expect(request.path).to.equal(`/leads/${leadId}/timeline`);
    expect(request.body).to.deep.equal({ action: 'ContactSearchedListings', search, notes: 'From the home page' });
  });

  it('sends created and removed as saved-search actions, on click', async () => {
    identifyVisitor(api.url);
    const provider = await fixture(html`<rechat-sdk api-url=${api.url}>
      <rechat-track-search trigger="click" action="created" search=${query}><button>Save</button></rechat-track-search>
      <rechat-track-search trigger="click" action="removed" search=${query}><button>Remove</button></rechat-track-search>
    </rechat-sdk>`);
    await settle();
    expect(await timeline()).to.have.length(0);
    for (const button of provider.querySelectorAll('button')) {
      const done = oneEvent(button.closest('rechat-track-search')!, 'rechat-track');
      button.click();
      await done;
    }
    expect((await timeline()).map((r) => r.body.action)).to.deep.equal(['ContactCreatedSearch', 'ContactRemovedSearch']);
  });

  it('the same search is sent once per page view; another search is sent too', async () => {
    identifyVisitor(api.url);
    await mount(html`
      <rechat-track-search search=${query}></rechat-track-search>
      <rechat-track-search search=${query}></rechat-track-search>
      <rechat-track-search search=${`${query} 2`}></rechat-track-search>`);
    await settle(300);
    expect((await timeline()).map((r) => r.body.search.search)).to.have.members([query, `${query} 2`]);
  });

  it('with no lead identified: only rechat-track-error (no_tracking_id)', async () => {
    const failed = new Promise<CustomEvent>((resolve) => addEventListener('rechat-track-error', resolve as never, { once: true }));
    const el = await mount(html`<rechat-track-search trigger="none" search=${query}></rechat-track-search>`);
    const seen = recordEvents(el, ['rechat-track', 'rechat-track-error']);
    await el.track();
    expect((await failed).detail.error.code).to.equal('no_tracking_id');
    expect(seen.map((e) => e.type)).to.deep.equal(['rechat-track-error']);
    expect(await api.requests()).to.have.length(0);
  });

  it('attribute values are sent as text and never become markup', async () => {
    identifyVisitor(api.url);
    const attack = '<img src=x onerror="window.__xss=1">';
    const el = await mount(html`<rechat-track-search trigger="none" title=${attack} search=${attack}></rechat-track-search>`);
    const result = await (el as RechatTrackSearchElement).track();
    expect(result?.queued).to.equal(false);
    const [request] = await timeline();
    expect(request.body.search).to.deep.equal({ title: attack, search: attack });
    expect(el.querySelectorAll('img')).to.have.length(0);
    expect((window as any).__xss).to.equal(undefined);
  });
});
