import { expect } from '@open-wc/testing';
import { RechatError, Sdk } from '../../src/core/index.js';
import { channelId, clearCookies, cookieValue, fakeApi, rejection, type FakeApi } from '../helpers/fake-api.js';




describe('Leads.capture', () => {
  let api: FakeApi;
  let sdk: Sdk;
  let lead_channel: string;

  beforeEach(async () => {
    clearCookies();
    sessionStorage.clear();
    api = await fakeApi();
    sdk = new Sdk({ apiUrl: api.url });
    lead_channel = channelId();
  });

  it('posts the lead to the channel webhook as JSON and resolves the created lead', async () => {
    const lead = await sdk.Leads.capture(
      { lead_channel },
      { first_name: 'John', last_name: 'Doe', email: 'john-doe@gmail.com', phone_number: '+18189191212' },
    );
    const [request] = await api.requests();
    expect(request.method).to.equal('POST');
    expect(request.path).to.equal(`/leads/channels/${lead_channel}/webhook`);
    expect(request.contentType).to.equal('application/json');
    expect(request.body).to.deep.equal({
      first_name: 'John',
      last_name: 'Doe',
      email: 'john-doe@gmail.com',
      phone_number: '+18189191212',
    });
    expect(lead.id).to.match(/^[0-9a-f-]{36}$/);
    expect(lead.contact).to.match(/^[0-9a-f-]{36}$/);
    expect(lead.lead_channel).to.equal(lead_channel);
    expect(Date.parse(lead.created_at!)).to.be.closeTo(Date.now(), 60_000);
    expect(lead.source_type).to.equal('Website');
    expect(lead.queued).to.equal(false);
  });

  it('identifies the new lead for tracking: the cookie holds its id', async () => {
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
    expect(cookieValue()).to.equal(lead.id);
    expect(sdk.Leads.Tracker.leadId).to.equal(lead.id);
  });

  it('works with new Sdk() and no argument', () => {
    const plain = new Sdk();
    expect(plain.apiUrl).to.equal('https://api.rechat.com');
    expect(plain.Leads.Tracker).to.exist;
  });

  it('sends tag as a list, maps phone to phone_number and leaves blank values out', async () => {
    await sdk.Leads.capture({ lead_channel }, {
      first_name: '  José ',
      last_name: '',
      phone: '(555) 123-4567',
      tag: 'Buyer, Website Inquiry',
      note: '   ',
      lead_source: 'Listing page',
    });
    const [{ body }] = await api.requests();
    expect(body).to.deep.equal({
      first_name: 'José',
      phone_number: '(555) 123-4567',
      tag: ['Buyer', 'Website Inquiry'],
      lead_source: 'Listing page',
    });
  });

  it('sends a single tag string and a tag list both as lists', async () => {
    await sdk.Leads.capture({ lead_channel }, { tag: 'Newsletter' });
    await sdk.Leads.capture({ lead_channel }, { tag: ['A', 'B'] });
    const [first, second] = await api.requests();
    expect(first.body.tag).to.deep.equal(['Newsletter']);
    expect(second.body.tag).to.deep.equal(['A', 'B']);
  });

  it('sends the assignees and every documented field', async () => {
    const fields = {
      first_name: 'A', last_name: 'B', email: 'a@b.co', phone_number: '1', lead_source: 's', note: 'n',
      address: '1 Main St', referer_url: 'https://example.com/x', mlsid: 'M1', listing_id: 'L1',
      agent_mlsid: 'AG1', source_type: 'Website',
      assignees: [{ email: 'smith@adler.example', mls: 'NTREIS', mlsid: '123' }],
    };
    await sdk.Leads.capture({ lead_channel }, fields);
    const [{ body }] = await api.requests();
    expect(body).to.deep.equal(fields);
  });

  it('sends the channel attribution fields in the body, and not the channel id', async () => {
    await sdk.Leads.capture(
      { lead_channel, user_id: 'u1', brand_id: 'b1', ad_campaign_id: 'ad1', email_campaign_id: 'e1', email_campaign_email_id: 'ee1' },
      { email: 'x@y.co' },
    );
    const [{ body }] = await api.requests();
    expect(body).to.deep.equal({
      email: 'x@y.co', user_id: 'u1', brand_id: 'b1', ad_campaign_id: 'ad1', email_campaign_id: 'e1', email_campaign_email_id: 'ee1',
    });
  });

  describe('attribution from rechat_* URL parameters', () => {
    const original = location.href;
    afterEach(() => {
      history.replaceState(null, '', original);
      sessionStorage.clear();
    });

    it('merges them in, lets explicit values win, and keeps them for the session', async () => {
      history.replaceState(null, '', `${location.pathname}?rechat_ad_campaign_id=ad-42&rechat_brand_id=brand-url&other=1`);
      await sdk.Leads.capture({ lead_channel, brand_id: 'brand-explicit' }, { email: 'a@b.co' });
      // A later page of the same session, without the parameters.
      history.replaceState(null, '', location.pathname);
      await sdk.Leads.capture({ lead_channel }, { email: 'c@d.co' });
      const [first, second] = await api.requests();
      expect(first.body.ad_campaign_id).to.equal('ad-42');
      expect(first.body.brand_id).to.equal('brand-explicit');
      expect(first.body).not.to.have.property('other');
      expect(second.body.ad_campaign_id).to.equal('ad-42');
      expect(second.body.brand_id).to.equal('brand-url');
    });

    it('sends none when the session never saw any', async () => {
      await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' });
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ email: 'a@b.co' });
    });
  });

  describe('bad input rejects before any request', () => {
    const cases: Array<[string, () => Promise<unknown>, string]> = [
      ['no channel at all', () => sdk.Leads.capture(undefined as never, {}), 'invalid_channel'],
      ['a channel with no lead_channel', () => sdk.Leads.capture({} as never, {}), 'invalid_channel'],
      ['a lead_channel that is not a UUID', () => sdk.Leads.capture({ lead_channel: 'my-channel' }, {}), 'invalid_channel'],
      ['a lead_channel that is a number', () => sdk.Leads.capture({ lead_channel: 42 as never }, {}), 'invalid_channel'],
      ['a lead that is a string', () => sdk.Leads.capture({ lead_channel }, 'John' as never), 'invalid_input'],
      ['a lead that is an array', () => sdk.Leads.capture({ lead_channel }, [] as never), 'invalid_input'],
      ['a lead that is null', () => sdk.Leads.capture({ lead_channel }, null as never), 'invalid_input'],
      ['an email that is not one', () => sdk.Leads.capture({ lead_channel }, { email: 'John Doe' }), 'invalid_input'],
      ['a first_name that is an object', () => sdk.Leads.capture({ lead_channel }, { first_name: {} as never }), 'invalid_input'],
      ['assignees that are strings', () => sdk.Leads.capture({ lead_channel }, { assignees: ['smith'] as never }), 'invalid_input'],
    ];
    for (const [name, call, code] of cases) {
      it(`${name} → ${code}`, async () => {
        const error = await rejection(call());
        expect(error.code).to.equal(code);
        expect(error.message).to.be.a('string').and.not.be.empty;
        expect(await api.requests()).to.have.length(0);
      });
    }
  });

  it('resolves with no id and identifies nobody when the API answers 204', async () => {
    await api.script({ path: 'webhook', status: 204 });
    const lead = await sdk.Leads.capture({ lead_channel }, { email: 'a@b.co', source_type: 'Website' });
    expect(lead).to.deep.equal({
      id: null, contact: null, created_at: null, lead_channel, source_type: 'Website', queued: false,
    });
    expect(cookieValue()).to.equal(undefined);
  });

  it('rejects a 4xx with an http RechatError carrying the status and the server message', async () => {
    await api.script({ path: 'webhook', status: 422, body: { code: 'Validation', message: 'email is invalid' } });
    const error = await rejection(sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' }));
    expect(error.code).to.equal('http');
    expect(error.status).to.equal(422);
    expect(error.message).to.contain('email is invalid');
    expect(error.body).to.deep.equal({ code: 'Validation', message: 'email is invalid' });
    expect(cookieValue()).to.equal(undefined);
  });

  it('rejects with a network RechatError when the connection drops with no answer', async () => {
    await api.script({ path: 'webhook', status: 0, hangup: true });
    const error = await rejection(sdk.Leads.capture({ lead_channel }, { email: 'a@b.co' }));
    expect(error.code).to.equal('network');
    expect(error.status).to.equal(undefined);
  });

  it('rejects with a network RechatError when nothing listens at the API URL', async () => {
    const down = new Sdk({ apiUrl: 'http://127.0.0.1:9' });
    const error = await rejection(down.Leads.capture({ lead_channel }, { email: 'a@b.co' }));
    expect(error.code).to.equal('network');
  });

  it('rejects with a network RechatError when the API does not answer in time', async () => {
    await api.script({ path: 'webhook', status: 200, body: {}, delayMs: 1500 });
    const slow = new Sdk({ apiUrl: api.url, timeoutMs: 200 });
    const error = await rejection(slow.Leads.capture({ lead_channel }, { email: 'a@b.co' }));
    expect(error.code).to.equal('network');
    expect(error.message).to.contain('within');
  });
});

describe('Sdk settings', () => {
  it('rejects settings that are not an object, and an apiUrl that is not http(s)', () => {
    expect(() => new Sdk('https://api.rechat.com' as never)).to.throw(RechatError, /settings must be an object/);
    expect(() => new Sdk({ apiUrl: 'ftp://x' })).to.throw(RechatError, /http/);
    expect(() => new Sdk({ tracker: 'off' as never })).to.throw(RechatError, /tracker/);
  });

  it('strips a trailing slash from apiUrl and resolves a relative one against the page', () => {
    expect(new Sdk({ apiUrl: 'https://api.example.com/v1/' }).apiUrl).to.equal('https://api.example.com/v1');
    expect(new Sdk({ apiUrl: '/' }).apiUrl).to.equal(location.origin);
  });
});

describe('Leads.assign', () => {
  it('puts the list of assignees to the lead', async () => {
    const api = await fakeApi();
    const sdk = new Sdk({ apiUrl: api.url });
    const leadId = crypto.randomUUID();
    const result = await sdk.Leads.assign(leadId, [{ email: 'smith@adler.example' }, { first_name: 'Ann', last_name: 'Moore', phone_number: '' }]);
    const [request] = await api.requests();
    expect(request.method).to.equal('PUT');
    expect(request.path).to.equal(`/leads/${leadId}/assignees`);
    expect(request.body).to.deep.equal([{ email: 'smith@adler.example' }, { first_name: 'Ann', last_name: 'Moore' }]);
    expect(result).to.deep.equal({ queued: false, body: { success: true, message: 'Lead reassigned successfully' } });
  });

  it('rejects a missing lead id or an empty assignee before any request', async () => {
    const api = await fakeApi();
    const sdk = new Sdk({ apiUrl: api.url });
    expect((await rejection(sdk.Leads.assign('', [{ email: 'a@b.co' }]))).code).to.equal('invalid_input');
    expect((await rejection(sdk.Leads.assign('x', [{}]))).code).to.equal('invalid_input');
    expect(await api.requests()).to.have.length(0);
  });
});
