import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { ContextConsumer } from '@lit/context';
import { ReactiveElement } from '@lit/reactive-element';
import '../../src/define.js';
import { RechatSdkElement, Sdk, type RechatLeadFormElement, type RechatTrackListingElement } from '../../src/index.js';
import { sdkContext } from '../../src/elements/index.js';
import { sdkOf } from '../../src/elements/shared/sdk-context.js';
import { channelId, clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { eraseVisitorDb } from '../helpers/visitor-sdk.js';
import { BEFORE_CONTACT } from '../../src/core/visitor-merge.js';
import { field, identifyVisitor } from './helpers.js';

function cookie(name: string) {
  return document.cookie.split('; ').find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function submitLead(form: RechatLeadFormElement, email: string) {
  await form.updateComplete;
  form.minFillMs = 0;
  field(form, 'email').value = email;
  const done = oneEvent(form, 'rechat-lead-success');
  form.querySelector('form')!.requestSubmit();
  return (await done).detail.lead;
}

describe('<rechat-sdk>', () => {
  let api: FakeApi;
  let channel: string;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    channel = channelId();
  });

  it('is accessible and renders nothing of its own', async () => {
    const el = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}><p>Hello</p></rechat-sdk>`);
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el).display).to.equal('contents');
    expect(el.children).to.have.length(1);
  });

  it('defaults: every property empty; an Sdk with the default API and cookie', () => {
    const el = document.createElement('rechat-sdk');
    expect(el).to.include({ apiUrl: '', tracker: '', cookieName: '' });
    expect(el.sdk).to.be.instanceOf(Sdk);
    expect(el.sdk.apiUrl).to.equal('https://api.rechat.com');
    document.cookie = 'rechat-sdk-tracker=lead-1; path=/';
    expect(el.sdk.Leads.Tracker.leadId).to.equal('lead-1');
  });

  it('visitor, track-pages and consent: read as properties, passed to its Sdk; a consent change goes to the same Sdk', async () => {
    await eraseVisitorDb();
    const el = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url} visitor consent="pending"></rechat-sdk>`);
    expect(el).to.include({ visitor: true, trackPages: false, consent: 'pending' });
    const sdk = el.sdk;
    expect(sdk.consent()).to.equal('pending');
    el.consent = 'denied';
    // The attribute is watched: the Sdk hears the change before any element asks.
    await new Promise(requestAnimationFrame);
    expect(sdk.consent()).to.equal('denied');
    expect(el.sdk, 'the same Sdk').to.equal(sdk);
    el.setAttribute('consent', 'nonsense');
    expect(el.consent).to.equal('granted');
    el.trackPages = true;
    expect(el.getAttribute('track-pages')).to.equal('');
    el.trackPages = false;
    // (A track-pages Sdk would go on recording page views into the next tests.)
    el.visitor = false;
    expect(el.hasAttribute('visitor')).to.equal(false);
    expect(el.sdk, 'a new Sdk for another visitor setting').not.to.equal(sdk);
    el.sdk.release();
    sdk.release();
  });

  it('without a consent attribute, the page\'s setting (data-consent) applies, and is not overridden', async () => {
    Object.assign(Sdk.defaults, { consent: 'pending' });
    try {
      const el = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}></rechat-sdk>`);
      expect(el.sdk.consent()).to.equal('pending');
      expect(el.sdk.consent(), 'asked again').to.equal('pending');
      el.sdk.release();
    } finally {
      delete Sdk.defaults.consent;
    }
  });

  it('visitor: its tracking elements keep activity (rechat-track with visitor: true), merged onto the lead its form creates; denied fires nothing', async () => {
    await eraseVisitorDb();
    const el = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url} visitor>
      <rechat-track-listing listing-id="L1" trigger="none"></rechat-track-listing>
      <rechat-lead-form channel=${channel}></rechat-lead-form>
    </rechat-sdk>`);
    const track = el.querySelector('rechat-track-listing')!;
    const fired = oneEvent(track, 'rechat-track');
    await track.track();
    expect((await fired).detail).to.include({ action: 'ContactViewedListing', queued: true, visitor: true });
    expect(await api.requests()).to.have.length(0);
    const lead = await submitLead(el.querySelector('rechat-lead-form')!, 'visitor@example.com');
    const [, merged] = await api.waitForRequests(2);
    expect(merged!.path).to.equal(`/leads/${lead.id}/timeline`);
    expect(merged!.body.action).to.equal('ContactViewedListing');
    expect(merged!.body.notes.startsWith(BEFORE_CONTACT)).to.equal(true);

    el.consent = 'denied';
    let events = 0;
    track.addEventListener('rechat-track', () => events++);
    expect(await track.track()).to.include({ skipped: 'consent' });
    expect(events).to.equal(0);
    expect(await api.requests()).to.have.length(2);
    el.sdk.release();
  });

  it('reads api-url, tracker and cookie-name, and makes a new Sdk when one changes', async () => {
    const el = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url} cookie-name="my-tracker"></rechat-sdk>`);
    expect(el).to.include({ apiUrl: api.url, tracker: '', cookieName: 'my-tracker' });
    const first = el.sdk;
    expect(first.apiUrl).to.equal(api.url);
    document.cookie = 'my-tracker=lead-2; path=/';
    expect(first.Leads.Tracker.leadId).to.equal('lead-2');
    await el.updateComplete;
    expect(el.sdk, 'the same Sdk until an attribute changes').to.equal(first);
    el.apiUrl = 'https://api.example.com/';
    el.setAttribute('tracker', 'off');
    expect(el.getAttribute('api-url')).to.equal('https://api.example.com/');
    expect(el.tracker).to.equal('off');
    expect(el.sdk).to.not.equal(first);
    expect(el.sdk.apiUrl).to.equal('https://api.example.com');
  });

  it('its elements send to its API, and identify with its cookie', async () => {
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url} cookie-name="my-tracker">
      <div><rechat-lead-form channel=${channel} fields="email"></rechat-lead-form></div></rechat-sdk>`);
    const lead = await submitLead(provider.querySelector('rechat-lead-form')!, 'ada@example.com');
    expect((await api.requests())[0]!.body).to.deep.equal({ email: 'ada@example.com' });
    expect(cookie('my-tracker')).to.equal(lead.id);
    expect(cookie('rechat-sdk-tracker')).to.equal(undefined);
  });

  it('tracker="off": leads from its forms are not identified', async () => {
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url} tracker="off">
      <rechat-lead-form channel=${channel} fields="email"></rechat-lead-form></rechat-sdk>`);
    await submitLead(provider.querySelector('rechat-lead-form')!, 'ada@example.com');
    expect(await api.requests()).to.have.length(1);
    expect(cookie('rechat-sdk-tracker')).to.equal(undefined);
  });

  it('the nearest provider wins', async () => {
    const other = await fakeApi();
    identifyVisitor(api.url);
    const outer = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}>
      <rechat-track-listing trigger="none" listing-id="outer"></rechat-track-listing>
      <rechat-sdk api-url=${other.url}><rechat-track-listing trigger="none" listing-id="inner"></rechat-track-listing></rechat-sdk>
    </rechat-sdk>`);
    for (const el of outer.querySelectorAll('rechat-track-listing')) await el.track();
    expect((await api.requests()).map((r) => r.body.listing.id)).to.deep.equal(['outer']);
    expect((await other.requests()).map((r) => r.body.listing.id)).to.deep.equal(['inner']);
  });

  it('elements upgraded before their provider is defined, or moved to another one, use the provider they are in when they send', async () => {
    identifyVisitor(api.url);
    class LateProvider extends RechatSdkElement {}
    const tag = `late-provider-${Math.random().toString(36).slice(2)}`;
    const late = await fixture<HTMLElement>(`<${tag} api-url="${api.url}"><rechat-track-listing trigger="none" listing-id="late"></rechat-track-listing></${tag}>`);
    const el = late.querySelector<RechatTrackListingElement>('rechat-track-listing')!;
    LateProvider.define(tag);
    await el.track();
    expect((await api.requests()).map((r) => r.body.listing.id)).to.deep.equal(['late']);

    const other = await fakeApi();
    const second = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${other.url}></rechat-sdk>`);
    second.append(el);
    await el.track();
    expect((await other.requests()).map((r) => r.body.listing.id)).to.deep.equal(['late']);
  });

  it('answers a ContextConsumer of @lit/context with its Sdk', async () => {
    class SdkUser extends ReactiveElement {
      consumer = new ContextConsumer(this, { context: sdkContext });
    }
    const tag = `sdk-user-${Math.random().toString(36).slice(2)}`;
    customElements.define(tag, SdkUser);
    const provider = await fixture<RechatSdkElement>(`<rechat-sdk api-url="${api.url}"><${tag}></${tag}></rechat-sdk>`);
    const user = provider.firstElementChild as SdkUser;
    expect(user.consumer.value).to.equal(provider.sdk);
    expect(user.consumer.value!.apiUrl).to.equal(api.url);
  });

  it('a bad api-url is reported once on the console; its elements report the error rather than send elsewhere; a fix takes effect', async () => {
    const logged: unknown[][] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url="ftp://nope"><rechat-track-listing trigger="none" listing-id="bad"></rechat-track-listing></rechat-sdk>`);
      const el = provider.querySelector('rechat-track-listing')!;
      expect(() => provider.sdk).to.throw(/apiUrl/);
      expect(() => sdkOf(el)).to.throw(/apiUrl/);
      const failed = oneEvent(el, 'rechat-track-error');
      await el.track();
      const { detail } = await failed;
      expect(detail.error.code).to.equal('invalid_input');
      // Asked twice more (sdkOf, track): still one report for the one bad value.
      expect(logged).to.have.length(1);
      expect(String(logged[0]![0])).to.match(/<rechat-sdk>.*api-url/);

      // Not cached: the corrected attribute makes the Sdk.
      provider.setAttribute('api-url', api.url);
      expect(sdkOf(el).apiUrl).to.equal(api.url);
      expect(sdkOf(el)).to.equal(provider.sdk);
    } finally {
      console.error = error;
    }
  });
});
