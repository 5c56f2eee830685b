import { expect } from '@open-wc/testing';
import { addTouches, eraseTouches, nextTouches, noteArrival, pageArrival } from '../../src/core/campaign.js';
import { channelId, fakeApi, type FakeApi } from '../helpers/fake-api.js';

const site = 'https://homes.example';

describe('Campaign attribution: the pure parts', () => {
  it('reads UTM parameters, click ids, an external referrer and the landing page', () => {
    const { touch, arrived } = pageArrival(
      `${site}/listing?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=condo&utm_content=ad1&gclid=G1&fbclid=F1&x=1#top`,
      'https://www.google.com/',
    );
    expect(arrived).to.equal(true);
    expect(touch).to.deep.equal({
      utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring', utm_term: 'condo', utm_content: 'ad1', gclid: 'G1', fbclid: 'F1',
      referrer: 'https://www.google.com/',
      landing_page: `${site}/listing?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=condo&utm_content=ad1&gclid=G1&fbclid=F1&x=1`,
    });
  });

  it('a same-site referrer or none is no arrival', () => {
    expect(pageArrival(`${site}/a`, `${site}/b`)).to.deep.equal({ touch: { landing_page: `${site}/a` }, arrived: false });
    expect(pageArrival(`${site}/a`, '')).to.deep.equal({ touch: { landing_page: `${site}/a` }, arrived: false });
  });

  it('keeps the first touch, moves the last touch on each arrival, and changes nothing on a plain page', () => {
    const land = pageArrival(`${site}/?utm_source=google`, '');
    const inner = pageArrival(`${site}/listing`, '');
    const back = pageArrival(`${site}/?utm_source=newsletter`, '');
    const first = nextTouches(undefined, land)!;
    expect(first).to.deep.equal({ first: land.touch, last: land.touch });
    expect(nextTouches(first, inner)).to.equal(undefined);
    expect(nextTouches(first, back)).to.deep.equal({ first: land.touch, last: back.touch });
    // A direct first page is still the session's landing page.
    expect(nextTouches(undefined, inner)).to.deep.equal({ first: inner.touch, last: inner.touch });
  });

  describe('addTouches', () => {
    // Before too: a page of an earlier test file (same tab) may have left the session's touches.
    beforeEach(() => eraseTouches());
    afterEach(() => eraseTouches());

    it('fills referer_url, lead_source and the fields, never over what the page set', () => {
      noteArrival(true, `${site}/?utm_source=google&utm_campaign=spring`, '');
      noteArrival(true, `${site}/open-house?utm_source=newsletter`, 'https://mail.example/');
      const body: Record<string, unknown> = { email: 'a@b.co', lead_source: 'Website' };
      addTouches(body);
      expect(body).to.deep.equal({
        email: 'a@b.co',
        lead_source: 'Website',
        referer_url: `${site}/?utm_source=google&utm_campaign=spring`,
        utm_source: 'newsletter',
        referrer: 'https://mail.example/',
        landing_page: `${site}/open-house?utm_source=newsletter`,
        first_touch: { utm_source: 'google', utm_campaign: 'spring', landing_page: `${site}/?utm_source=google&utm_campaign=spring` },
      });
    });

    it('prefers the visitor\'s 45-day first touch to the session\'s', () => {
      noteArrival(true, `${site}/?utm_source=bing`, '');
      const body: Record<string, unknown> = {};
      addTouches(body, { utm_source: 'google', landing_page: `${site}/old` });
      expect(body.first_touch).to.deep.equal({ utm_source: 'google', landing_page: `${site}/old` });
      expect(body.lead_source).to.equal('bing');
    });

    it('adds nothing for a direct visit', () => {
      noteArrival(true, `${site}/listing`, '');
      const body = { email: 'a@b.co' };
      addTouches(body);
      expect(body).to.deep.equal({ email: 'a@b.co' });
    });
  });
});

describe('Attribution across the pages of a session', () => {
  let api: FakeApi;
  beforeEach(async () => {
    sessionStorage.clear();
    api = await fakeApi();
  });
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
    sessionStorage.clear();
  });

  /** Opens a page of the site in a same-origin frame and resolves with what it reports. */
  function openPage(query: string): Promise<{ page: string; lead: { id: string } | null }> {
    const frame = document.createElement('iframe');
    frame.src = `/test/core/pages/attribution-page.html?${query}&api=${encodeURIComponent(api.url)}`;
    return new Promise((resolve) => {
      const listen = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow) return;
        removeEventListener('message', listen);
        resolve(event.data);
      };
      addEventListener('message', listen);
      document.body.append(frame);
    });
  }

  it('a landing page that captures nothing attributes a capture on a later page: rechat_*, first and last touch', async () => {
    const landing = await openPage('rechat_user_id=U1&utm_source=google&utm_campaign=spring');
    const later = await openPage('utm_source=newsletter&utm_medium=email');
    const channel = channelId();
    const submitted = await openPage(`capture=${channel}`);
    expect(submitted.lead?.id).to.be.a('string');
    const [request] = await api.requests();
    expect(request!.path).to.equal(`/leads/channels/${channel}/webhook`);
    expect(request!.body).to.deep.equal({
      email: 'frame@example.com',
      user_id: 'U1',
      referer_url: landing.page,
      lead_source: 'newsletter',
      utm_source: 'newsletter',
      utm_medium: 'email',
      landing_page: later.page,
      first_touch: { utm_source: 'google', utm_campaign: 'spring', landing_page: landing.page },
    });
  });
});
