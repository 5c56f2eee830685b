import { expect } from '@open-wc/testing';
import { ACTIONS, NO_TRACKING_ID_MESSAGE, RechatError, Sdk, type Tracker } from '../../src/core/index.js';
import { resetTrackerWarnings } from '../../src/core/tracker.js';
import { channelId, clearCookies, cookieValue, fakeApi, pageCookies, rejection, type FakeApi } from '../helpers/fake-api.js';



describe('Leads.Tracker', () => {
  let api: FakeApi;
  let sdk: Sdk;
  let tracker: Tracker;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    sdk = new Sdk({ apiUrl: api.url });
    tracker = sdk.Leads.Tracker;
  });

  describe('with no lead identified', () => {
    const calls: Array<[string, (t: Tracker) => Promise<unknown>]> = [
      ['viewedListing', (t) => t.viewedListing({ mls_number: '1' })],
      ['sharedListing', (t) => t.sharedListing({ mls_number: '1' })],
      ['favoritedListing', (t) => t.favoritedListing({ mls_number: '1' })],
      ['removedFavoriteListing', (t) => t.removedFavoriteListing({ mls_number: '1' })],
      ['valuedListing', (t) => t.valuedListing({ mls_number: '1' })],
      ['searchedListings', (t) => t.searchedListings({ search: 'Dallas' }, 'n')],
      ['createdSearch', (t) => t.createdSearch({ search: 'Dallas' }, 'n')],
      ['removedSearch', (t) => t.removedSearch({ search: 'Dallas' }, 'n')],
      ['signedUp', (t) => t.signedUp()],
      ['loggedIn', (t) => t.loggedIn()],
      ['capture', (t) => t.capture({ action: 'ContactOpenedBrochure' })],
    ];
    for (const [name, call] of calls) {
      it(`${name} rejects with exactly "${NO_TRACKING_ID_MESSAGE}" and sends nothing`, async () => {
        const error = await rejection(call(tracker));
        expect(error.message).to.equal('No tracking id is found');
        expect(error.code).to.equal('no_tracking_id');
        expect(await api.requests()).to.have.length(0);
      });
    }
  });

  describe('with a lead identified', () => {
    let leadId: string;
    beforeEach(() => {
      leadId = crypto.randomUUID();
      tracker.identify(leadId);
    });

    const helpers: Array<[keyof typeof ACTIONS, string, (t: Tracker) => Promise<unknown>, Record<string, unknown>]> = [
      ['viewedListing', 'ContactViewedListing', (t) => t.viewedListing({ mls_number: '1841395151', price: 1250000 }), { listing: { mls_number: '1841395151', price: 1250000 } }],
      ['sharedListing', 'ContactSharedListing', (t) => t.sharedListing({ id: 'L1' }, 'by email'), { listing: { id: 'L1' }, notes: 'by email' }],
      ['favoritedListing', 'ContactFavoritedListing', (t) => t.favoritedListing({ id: 'L1' }), { listing: { id: 'L1' } }],
      ['removedFavoriteListing', 'ContactRemovedFavoriteListing', (t) => t.removedFavoriteListing({ id: 'L1' }), { listing: { id: 'L1' } }],
      ['valuedListing', 'ContactValuedListing', (t) => t.valuedListing({ url: 'https://x.example/1' }), { listing: { url: 'https://x.example/1' } }],
      ['searchedListings', 'ContactSearchedListings', (t) => t.searchedListings({ search: 'Dallas' }, 'from home'), { search: { search: 'Dallas' }, notes: 'from home' }],
      ['createdSearch', 'ContactCreatedSearch', (t) => t.createdSearch({ title: 'Pools' }, 'saved'), { search: { title: 'Pools' }, notes: 'saved' }],
      ['removedSearch', 'ContactRemovedSearch', (t) => t.removedSearch({ title: 'Pools' }, 'gone'), { search: { title: 'Pools' }, notes: 'gone' }],
      ['signedUp', 'ContactSignedUp', (t) => t.signedUp('newsletter'), { notes: 'newsletter' }],
      ['loggedIn', 'ContactLoggedIn', (t) => t.loggedIn(), {}],
    ];
    for (const [name, action, call, rest] of helpers) {
      it(`${name} posts ${action} to the lead's timeline`, async () => {
        const result = await call(tracker);
        const [request] = await api.requests();
        expect(request.method).to.equal('POST');
        expect(request.path).to.equal(`/leads/${leadId}/timeline`);
        expect(request.body).to.deep.equal({ action, ...rest });
        expect(result).to.deep.equal({ action, lead_id: leadId, queued: false });
        expect(ACTIONS[name]).to.equal(action);
      });
    }

    it('capture() sends a custom action with its listing, search and notes', async () => {
      await tracker.capture({ action: 'ContactRequestedShowing', listing: { id: 'L9' }, notes: 'Saturday' });
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ action: 'ContactRequestedShowing', listing: { id: 'L9' }, notes: 'Saturday' });
    });

    it('capture({ listing_id }) with no action is a listing view, with one console warning', async () => {
      resetTrackerWarnings();
      const warnings: unknown[][] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        await tracker.capture({ listing_id: 'L42' });
        await tracker.capture({ listing_id: 'L43', notes: 'again' });
      } finally {
        console.warn = original;
      }
      const [first, second] = await api.requests();
      expect(first.body).to.deep.equal({ action: 'ContactViewedListing', listing: { id: 'L42' } });
      expect(second.body).to.deep.equal({ action: 'ContactViewedListing', listing: { id: 'L43' }, notes: 'again' });
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]![0])).to.contain('recorded as ContactViewedListing');
    });

    it('normalises what listing pages send: price strings, numeric ids, blank fields', async () => {
      await tracker.viewedListing({ id: 1234 as never, price: '1,250,000', mls: ' NTREIS ', url: '', cover_image_url: 'https://x.example/a.jpg', property: { bedrooms: 3 } });
      const [{ body }] = await api.requests();
      expect(body.listing).to.deep.equal({ id: '1234', price: 1250000, mls: 'NTREIS', cover_image_url: 'https://x.example/a.jpg', property: { bedrooms: 3 } });
    });

    it('normalises what search pages send: numbers, comma lists, flags, blanks dropped', async () => {
      await tracker.createdSearch(
        {
          title: 'Family homes',
          minimum_price: '300000',
          maximum_price: '$750,000',
          minimum_bedrooms: '3',
          maximum_bathrooms: '',
          property_types: 'Residential, Condo',
          postal_codes: ['75201', '75204'],
          pool: 'true',
          search: 'Uptown',
        },
        'saved from the map',
      );
      const [{ body }] = await api.requests();
      expect(body.search).to.deep.equal({
        title: 'Family homes',
        minimum_price: 300000,
        maximum_price: 750000,
        minimum_bedrooms: 3,
        property_types: ['Residential', 'Condo'],
        postal_codes: ['75201', '75204'],
        pool: true,
        search: 'Uptown',
      });
    });

    const badCalls: Array<[string, (t: Tracker) => Promise<unknown>]> = [
      ['a listing that is not an object', (t) => t.viewedListing('L1' as never)],
      ['a price that is not a number', (t) => t.viewedListing({ price: 'call us' })],
      ['a search that is not an object', (t) => t.createdSearch(null as never, '')],
      ['a pool flag that is not a flag', (t) => t.createdSearch({ pool: 'maybe' }, '')],
      ['an activity with no action and no listing', (t) => t.capture({ notes: 'hi' })],
      ['an action that is not a string', (t) => t.capture({ action: 7 as never })],
    ];
    for (const [name, call] of badCalls) {
      it(`rejects ${name} with invalid_input and sends nothing`, async () => {
        const error = await rejection(call(tracker));
        expect(error.code).to.equal('invalid_input');
        expect(await api.requests()).to.have.length(0);
      });
    }

    it('rejects with the http status when the API answers 404 for an unknown lead', async () => {
      await api.script({ path: 'timeline', status: 404, body: { message: 'Lead not found' } });
      const error = await rejection(tracker.signedUp());
      expect(error.code).to.equal('http');
      expect(error.status).to.equal(404);
      expect(error.message).to.contain('Lead not found');
    });
  });

  describe('identify and stop', () => {
    it('identify() sets the cookie; stop() erases it and later calls reject', async () => {
      const leadId = crypto.randomUUID();
      tracker.identify(leadId);
      expect(cookieValue('rechat-sdk-tracker')).to.equal(leadId);
      await tracker.loggedIn();
      tracker.stop();
      expect(cookieValue('rechat-sdk-tracker')).to.equal(undefined);
      expect((await rejection(tracker.loggedIn())).code).to.equal('no_tracking_id');
      expect(await api.requests()).to.have.length(1);
    });

    it('after stop(), a capture does not identify the visitor again until identify()', async () => {
      tracker.stop();
      await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'a@b.co' });
      expect(cookieValue('rechat-sdk-tracker')).to.equal(undefined);
      tracker.identify('lead-1');
      const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'a@b.co' });
      expect(cookieValue('rechat-sdk-tracker')).to.equal(lead.id);
    });

    it('identify() rejects a blank lead id', () => {
      expect(() => tracker.identify('  ')).to.throw(RechatError, /lead id/);
    });

    it('is shared by every Sdk on the page through the cookie', async () => {
      tracker.identify('lead-shared');
      const other = new Sdk({ apiUrl: api.url });
      await other.Leads.Tracker.signedUp();
      const [request] = await api.requests();
      expect(request.path).to.equal('/leads/lead-shared/timeline');
    });
  });

  describe('tracker: false', () => {
    it('does not identify new leads, and keeps an existing cookie', async () => {
      tracker.identify('existing-lead');
      const off = new Sdk({ apiUrl: api.url, tracker: false });
      const lead = await off.Leads.capture({ lead_channel: channelId() }, { email: 'a@b.co' });
      expect(lead.id).to.be.a('string');
      expect(cookieValue('rechat-sdk-tracker')).to.equal('existing-lead');
      // The existing visitor is still tracked.
      await off.Leads.Tracker.loggedIn();
      const requests = await api.requests();
      expect(requests[1].path).to.equal('/leads/existing-lead/timeline');
    });

    it('sets no cookie for a new visitor', async () => {
      const off = new Sdk({ apiUrl: api.url, tracker: false });
      await off.Leads.capture({ lead_channel: channelId() }, { email: 'a@b.co' });
      expect(cookieValue('rechat-sdk-tracker')).to.equal(undefined);
      expect((await rejection(off.Leads.Tracker.signedUp())).code).to.equal('no_tracking_id');
    });
  });

  describe('the tracking cookie', () => {
    it('defaults to rechat-sdk-tracker, path=/, SameSite=Lax, one year', async () => {
      const before = Date.now() / 1000;
      const lead = await sdk.Leads.capture({ lead_channel: channelId() }, { email: 'a@b.co' });
      const cookie = (await pageCookies()).find((c) => c.name === 'rechat-sdk-tracker');
      expect(cookie?.value).to.equal(lead.id);
      expect(cookie?.path).to.equal('/');
      expect(cookie?.sameSite).to.equal('Lax');
      // Not https here, so not Secure.
      expect(cookie?.secure).to.equal(false);
      expect(cookie!.expires - before).to.be.closeTo(365 * 24 * 3600, 120);
    });

    it('takes the documented name and the standard serialize options', async () => {
      const custom = new Sdk({
        apiUrl: api.url,
        tracker: { cookie: { name: 'my-awesome-tracker', options: { maxAge: 3600, sameSite: 'strict', domain: location.hostname, path: '/' } } },
      });
      const before = Date.now() / 1000;
      const lead = await custom.Leads.capture({ lead_channel: channelId() }, { email: 'a@b.co' });
      const cookies = await pageCookies();
      const cookie = cookies.find((c) => c.name === 'my-awesome-tracker');
      expect(cookie?.value).to.equal(lead.id);
      expect(cookie?.sameSite).to.equal('Strict');
      expect(cookie!.domain.replace(/^\./, '')).to.equal(location.hostname);
      expect(cookie!.expires - before).to.be.closeTo(3600, 60);
      expect(cookies.some((c) => c.name === 'rechat-sdk-tracker')).to.equal(false);
      custom.Leads.Tracker.stop();
      expect((await pageCookies()).some((c) => c.name === 'my-awesome-tracker')).to.equal(false);
    });

    it('rejects cookie settings the cookie grammar forbids when the Sdk is made', () => {
      expect(() => new Sdk({ tracker: { cookie: { name: 'bad name;' } } })).to.throw(RechatError, /cookie/i);
      expect(() => new Sdk({ tracker: { cookie: { options: { maxAge: 1.5 } } } })).to.throw(RechatError, /maxAge/);
    });
  });
});
