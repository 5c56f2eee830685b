import { expect } from '@open-wc/testing';
import { channelId, clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { until } from '../helpers/frames.js';
import { bundle, KIT, LISTEN, openRealPage, type RealPage } from '../helpers/real-page.js';
import { announced, focusable, seenByPeople } from './helpers.js';

// The built script-tag bundle (dist/rechat.min.js: `npm run build` first) pasted into pages
// the way WordPress, form plugins, page builders and themes put it there. Each page is
// streamed by the test server in chunks, a pause apart, like a slow CMS page; each test
// checks the lead that reaches the API, the events the page's own script hears, what
// the visitor sees, and a clean console.

const SENT = 'Thank you! Your message has been sent.';
const head = (...tags: string[]) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A real page</title>${KIT}${tags.join('')}</head><body>`;

/** A form plugin's markup inside the element, in three chunks: the page streams it. */
const pluginForm = (channel: string) => [
  `<rechat-lead-form id="cms" channel="${channel}" lead-source="CMS"><form class="wpcf7-form" action="/nowhere" method="post"><p><label>Your name <input name="first_name"></label></p>`,
  '<p><label>Your email <input name="email" type="email"></label></p>',
  '<p><button type="submit">Send</button></p></form></rechat-lead-form>',
];

type LeadForm = HTMLElement & { state: string; minFillMs: number };

/**
 * Fills `values` in and presses the form's submit button, then waits for the outcome.
 * `fast`: as quick as autofill (under the minimum fill time); otherwise a person's pace.
 */
async function send(el: LeadForm, values: Record<string, string>, { fast = false } = {}): Promise<void> {
  el.minFillMs = fast ? 60 * 60 * 1000 : 0;
  for (const [name, value] of Object.entries(values)) el.querySelector<HTMLInputElement>(`[name="${name}"]`)!.value = value;
  el.querySelector<HTMLButtonElement>('button:not([type]), button[type=submit]')!.click();
  await until(() => ['success', 'queued', 'error'].includes(el.state), `the outcome of #${el.id}`);
}

/** The types of the events the page's own script heard from the element with `id`. */
const heard = (page: RealPage, id: string) => page.win.kit.events.filter((e) => e.id === id).map((e) => e.type);

const statusOf = (el: Element) => el.querySelector('[role=status]')!.textContent;

function expectCleanConsole(page: RealPage, warnings: string[] = []) {
  const { kit } = page.win;
  expect(kit.errors, 'page errors').to.deep.equal([]);
  expect(kit.consoleErrors, 'console errors').to.deep.equal([]);
  expect(kit.warnings, 'console warnings').to.deep.equal(warnings);
  expect(kit.violations, 'CSP violations').to.deep.equal([]);
}

/** Checks that a person never sees, reaches or hears the honeypot of `el`. */
function expectHiddenHoneypot(el: Element) {
  const trap = el.querySelector<HTMLInputElement>('[name=rechat_hp]')!;
  expect(trap, 'the honeypot').to.not.equal(null);
  expect(seenByPeople(trap), 'the honeypot is seen').to.equal(false);
  expect(focusable(trap), 'the honeypot is focusable').to.equal(false);
  expect(announced(trap), 'the honeypot is announced').to.equal(false);
}

describe('the elements on real pages (dist/rechat.min.js)', () => {
  let api: FakeApi;
  let page: RealPage | undefined;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
  });

  afterEach(() => {
    page?.frame.remove();
    page = undefined;
  });

  const webhooks = async () => (await api.requests()).filter((r) => r.path.endsWith('/webhook'));

  // Where the script tag is: each one on a page whose content arrives in chunks.
  const placements: Record<string, (apiUrl: string) => { inHead: string; atEnd: string }> = {
    'in <head>': (url) => ({ inHead: bundle(url), atEnd: '' }),
    'at the end of <body>': (url) => ({ inHead: '', atEnd: bundle(url) }),
    defer: (url) => ({ inHead: bundle(url, ' defer'), atEnd: '' }),
    async: (url) => ({ inHead: bundle(url, ' async'), atEnd: '' }),
    'inserted by script': (url) => ({ inHead: `<script src="/test/elements/inject-bundle.js" data-api-url="${url}"></script>`, atEnd: '' }),
  };

  for (const [place, tags] of Object.entries(placements)) {
    it(`script ${place}, a slowly streamed page: one form each, both leads sent with their fields, load-time events heard`, async () => {
      const [cms, own] = [channelId(), channelId()];
      const listing = crypto.randomUUID();
      const { inHead, atEnd } = tags(api.url);
      const [a, b, c] = pluginForm(cms);
      page = await openRealPage(
        [
          `${head(inHead)}<div id="content">${a}`,
          b,
          `${c}<rechat-lead-form id="own" channel="${own}" fields="first_name,email,phone_number"></rechat-lead-form>
<rechat-track-listing id="view" listing-id="${listing}"></rechat-track-listing></div>${atEnd}${LISTEN}</body></html>`,
        ],
        { delayMs: 250 },
      );
      const { doc } = page;
      await until(() => page!.win.customElements.get('rechat-lead-form') && doc.querySelector('#own form'), 'the elements to upgrade');

      // Exactly one form in each: the plugin's is enhanced, not doubled; the other renders its own.
      const plugin = doc.getElementById('cms') as LeadForm;
      const rendered = doc.getElementById('own') as LeadForm;
      expect([...plugin.querySelectorAll('form')].map((f) => f.className)).to.deep.equal(['wpcf7-form']);
      expect(plugin.querySelectorAll('.rechat-field')).to.have.length(0);
      expect([...rendered.querySelectorAll('form')].map((f) => f.className)).to.deep.equal(['rechat-form']);
      expect(page.win.kit.mostForms, 'forms held at once, ever').to.deep.equal({ cms: 1, own: 1 });
      expectHiddenHoneypot(plugin);
      expectHiddenHoneypot(rendered);

      // The listing view fired at load (no lead yet): the page's script, after the bundle, heard it.
      await until(() => heard(page!, 'view').length, 'the load-time tracking event');
      expect(heard(page, 'view')).to.deep.equal(['rechat-track-error']);
      expect(page.win.kit.events[0]!.detail.error.code).to.equal('no_tracking_id');

      // The plugin's form: its own fields, with the element's defaults.
      await send(plugin, { first_name: 'Ada', email: 'ada@example.com' });
      expect(plugin.state).to.equal('success');
      expect(statusOf(plugin)).to.equal(SENT);
      expect(heard(page, 'cms')).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);

      // The rendered one, as fast as autofill: sent, tagged for the CRM.
      await send(rendered, { first_name: 'Zoë', phone_number: '+44 (0)20 7946-0958' }, { fast: true });
      expect(rendered.state).to.equal('success');
      expect(heard(page, 'own')).to.deep.equal(['rechat-lead-spam', 'rechat-lead-submit', 'rechat-lead-success']);
      expect(page.win.kit.events.find((e) => e.type === 'rechat-lead-spam')!.detail).to.deep.equal({ reason: 'too-fast' });

      expect((await webhooks()).map((r) => [r.path, r.body])).to.deep.equal([
        [`/leads/channels/${cms}/webhook`, { lead_source: 'CMS', first_name: 'Ada', email: 'ada@example.com' }],
        [`/leads/channels/${own}/webhook`, { first_name: 'Zoë', phone_number: '+44 (0)20 7946-0958', tag: ['Possible spam'] }],
      ]);
      expectCleanConsole(page);
    });
  }

  it('a page builder adds the element first and its form later: that form replaces the rendered one, never two at once', async () => {
    const channel = channelId();
    page = await openRealPage([
      `${head(bundle(api.url))}<div id="content"><div id="builder"></div></div>
<script src="/test/elements/page-builder.js" data-channel="${channel}"></script>${LISTEN}</body></html>`,
    ]);
    const win = page.win as RealPage['win'] & { formAdded?: boolean; mostForms: number };
    await until(() => win.formAdded, 'the builder to add its form');
    const el = page.doc.getElementById('built') as LeadForm;
    await until(() => !el.querySelector('.rechat-form'), 'the rendered form to go');
    expect([...el.querySelectorAll('form')].map((f) => f.className)).to.deep.equal(['builder-form']);
    expect(win.mostForms, 'forms held at once').to.equal(1);
    expectHiddenHoneypot(el);

    await send(el, { email: 'built@example.com', phone_number: '818 919 1212' });
    expect(statusOf(el)).to.equal(SENT);
    expect(heard(page, 'built')).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);
    expect((await webhooks()).map((r) => r.body)).to.deep.equal([{ email: 'built@example.com', phone_number: '818 919 1212' }]);
    expectCleanConsole(page);
  });

  it("inside a theme component's shadow root: styled, honeypot hidden, lead sent, events heard on the document", async () => {
    const channel = channelId();
    page = await openRealPage([
      `${head(bundle(api.url))}<div id="content"><theme-card id="card"></theme-card></div>
<script src="/test/elements/theme-card.js" data-channel="${channel}"></script>${LISTEN}</body></html>`,
    ]);
    const card = page.doc.getElementById('card')!;
    const el = card.shadowRoot!.getElementById('inner') as LeadForm;
    await until(() => el.querySelector('.rechat-field'), 'the form to render');
    // The default styles reached the shadow root, which document styles do not.
    expect(page.win.getComputedStyle(el.querySelector('.rechat-field')!).display).to.equal('grid');
    expectHiddenHoneypot(el);

    await send(el, { first_name: 'Ada', email: 'shadow@example.com' });
    expect(el.getAttribute('state')).to.equal('success');
    expect(statusOf(el)).to.equal(SENT);
    expect(heard(page, 'inner')).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);
    expect((await webhooks()).map((r) => r.body)).to.deep.equal([{ first_name: 'Ada', email: 'shadow@example.com' }]);
    expectCleanConsole(page);
  });

  it("under a hostile theme's global CSS: the honeypots stay hidden, the fields stay usable, the leads are sent", async () => {
    const [cms, own] = [channelId(), channelId()];
    page = await openRealPage(
      [
        `${head('<link rel="stylesheet" href="/test/elements/hostile-theme.css">', bundle(api.url))}<div id="content">${pluginForm(cms).join('')}`,
        `<rechat-lead-form id="own" channel="${own}"></rechat-lead-form></div>${LISTEN}</body></html>`,
      ],
      { delayMs: 100 },
    );
    const plugin = page.doc.getElementById('cms') as LeadForm;
    const rendered = page.doc.getElementById('own') as LeadForm;
    await until(() => rendered.querySelector('.rechat-field'), 'the form to render');
    // The theme's rules apply (it wins over the default look)...
    expect(page.win.getComputedStyle(rendered.querySelector('.rechat-field')!).display).to.equal('flex');
    // ...and yet no person sees, reaches or hears a honeypot.
    expectHiddenHoneypot(plugin);
    expectHiddenHoneypot(rendered);
    for (const name of ['first_name', 'email', 'phone_number', 'note']) {
      const control = rendered.querySelector<HTMLInputElement>(`[name=${name}]`)!;
      expect([seenByPeople(control), focusable(control), announced(control)], name).to.deep.equal([true, true, true]);
    }

    await send(plugin, { email: 'theme@example.com' });
    await send(rendered, { first_name: 'Ada', email: 'ada@example.com', note: 'Hello' });
    expect([statusOf(plugin), statusOf(rendered)]).to.deep.equal([SENT, SENT]);
    expect(heard(page, 'cms')).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);
    expect(heard(page, 'own')).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);
    expect((await webhooks()).map((r) => r.body)).to.deep.equal([
      { lead_source: 'CMS', email: 'theme@example.com' },
      { first_name: 'Ada', email: 'ada@example.com', note: 'Hello' },
    ]);
    expectCleanConsole(page);
  });

  describe('twice on one page', () => {
    const twice = (first: string, second: string, channel: string) => [
      `${head(first)}<div id="content"><rechat-lead-form id="own" channel="${channel}" fields="email"></rechat-lead-form></div>${second}${LISTEN}</body></html>`,
    ];

    for (const [name, order] of [
      ['a plugin\'s copy without data-api-url first, the owner\'s with it second', (url: string) => [bundle(), bundle(url)]],
      ['the owner\'s copy first, a plugin\'s without data-api-url second', (url: string) => [bundle(url), bundle()]],
    ] as const) {
      it(`${name}: the named API gets the lead, quietly`, async () => {
        const channel = channelId();
        const [first, second] = order(api.url);
        page = await openRealPage(twice(first!, second!, channel));
        const el = page.doc.getElementById('own') as LeadForm;
        await until(() => el.querySelector('[name=email]'), 'the form to render');
        await send(el, { email: 'twice@example.com' });
        expect(statusOf(el)).to.equal(SENT);
        expect(heard(page, 'own')).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);
        expect((await webhooks()).map((r) => r.body)).to.deep.equal([{ email: 'twice@example.com' }]);
        expectCleanConsole(page);
      });
    }

    it("the owner's copy injected after the page loaded, when the first copy's Sdk already started: the named API still wins", async () => {
      const channel = channelId();
      page = await openRealPage([
        `${head(bundle())}<div id="content"><rechat-lead-form id="own" channel="${channel}" fields="email"></rechat-lead-form></div>
<script src="/test/elements/inject-bundle.js" data-api-url="${api.url}" data-when="load"></script>${LISTEN}</body></html>`,
      ]);
      const win = page.win as RealPage['win'] & { injectedLoaded?: boolean };
      await until(() => win.injectedLoaded, 'the second copy to load');
      const el = page.doc.getElementById('own') as LeadForm;
      await send(el, { email: 'late@example.com' });
      expect(statusOf(el)).to.equal(SENT);
      expect((await webhooks()).map((r) => r.body)).to.deep.equal([{ email: 'late@example.com' }]);
      expectCleanConsole(page);
    });

    it('two copies naming different APIs: the first is used, and one warning names both', async () => {
      const other = await fakeApi();
      const channel = channelId();
      page = await openRealPage(twice(bundle(api.url), bundle(other.url), channel));
      const el = page.doc.getElementById('own') as LeadForm;
      await until(() => el.querySelector('[name=email]'), 'the form to render');
      await send(el, { email: 'first@example.com' });
      expect((await webhooks()).map((r) => r.body)).to.deep.equal([{ email: 'first@example.com' }]);
      expect(await other.requests()).to.deep.equal([]);
      expectCleanConsole(page, [
        `[rechat-sdk] Two script tags name different APIs: data-api-url="${api.url}" is used, "${other.url}" is ignored.`,
      ]);
    });
  });

  it('misconfigured forms are reported when the page is parsed, once each; the visitor is not asked to retry and keeps what they typed', async () => {
    page = await openRealPage([
      `${head(bundle(api.url))}<div id="content"><rechat-lead-form id="none" fields="email"></rechat-lead-form>
<rechat-lead-form id="bad" channel="not-a-uuid" fields="email"></rechat-lead-form></div>${LISTEN}</body></html>`,
    ]);
    const { kit, Rechat } = page.win;
    await until(() => kit.events.length === 2, 'the two error events');
    expect(kit.events.map((e) => [e.type, e.id, e.detail.error instanceof Rechat.RechatError, e.detail.error.code])).to.deep.equal([
      ['rechat-lead-error', 'none', true, 'invalid_channel'],
      ['rechat-lead-error', 'bad', true, 'invalid_channel'],
    ]);
    expect(kit.consoleErrors).to.deep.equal([
      '[rechat-sdk] <rechat-lead-form>: its channel attribute is missing; set it to the UUID of your Rechat lead channel.',
      '[rechat-sdk] <rechat-lead-form>: its channel attribute is not a UUID; copy the lead channel id from Rechat.',
    ]);

    const el = page.doc.getElementById('bad') as LeadForm;
    await send(el, { email: 'typed@example.com' });
    expect(el.state).to.equal('error');
    expect(statusOf(el)).to.equal('Sorry, this form cannot send messages. Please contact us another way.');
    expect(el.querySelector<HTMLInputElement>('[name=email]')!.value).to.equal('typed@example.com');
    expect(await api.requests()).to.deep.equal([]);
    expect(kit.consoleErrors, 'reported once, at connect').to.have.length(2);
    expect(kit.errors).to.deep.equal([]);
  });

  it('an API out of reach while online: "saved, we will keep trying", never "back online", one warning with the URL', async () => {
    // The API hangs up: a network failure, as with an unreachable host. Twice: a browser may
    // repeat a request on its own when a kept-alive connection closes under it.
    await api.script({ path: 'webhook', status: 0, hangup: true, times: 2 });
    const channel = channelId();
    page = await openRealPage([
      `${head(bundle(api.url))}<div id="content"><rechat-lead-form id="own" channel="${channel}" fields="email"></rechat-lead-form></div>${LISTEN}</body></html>`,
    ]);
    const el = page.doc.getElementById('own') as LeadForm;
    await until(() => el.querySelector('[name=email]'), 'the form to render');
    await send(el, { email: 'patient@example.com' });
    // The outbox tries again on its own (after a random share of a second) and gets through.
    await until(() => el.state === 'success', 'the delivery', 10000);
    const events = page.win.kit.events.filter((e) => e.id === 'own');
    expect(events.map((e) => e.type)).to.deep.equal(['rechat-lead-submit', 'rechat-lead-queued', 'rechat-lead-success']);
    expect(events[1]!.status).to.equal('Saved. We could not reach our server yet, and will keep trying.');
    expect(statusOf(el)).to.equal(SENT);
    expect((await webhooks()).map((r) => r.body.email)).to.deep.equal(['patient@example.com', 'patient@example.com', 'patient@example.com']);
    expectCleanConsole(page, [`[rechat-sdk] ${api.url} did not answer: the lead is saved and will be sent again.`]);
  });

  it('an empty submission sends nothing and shows the field to fill', async () => {
    const channel = channelId();
    page = await openRealPage([
      `${head(bundle(api.url))}<div id="content"><rechat-lead-form id="own" channel="${channel}"></rechat-lead-form></div>${LISTEN}</body></html>`,
    ]);
    const el = page.doc.getElementById('own') as LeadForm;
    await until(() => el.querySelector('[name=email]'), 'the form to render');
    el.minFillMs = 0;
    el.querySelector('button')!.click();
    const email = el.querySelector<HTMLInputElement>('[name=email]')!;
    await until(() => email.getAttribute('aria-invalid'), 'the email field to be marked');
    expect(page.doc.activeElement === email, 'focus on the email field').to.equal(true);
    expect(statusOf(el)).to.equal('Please enter an email address or a phone number.');
    expect(heard(page, 'own')).to.deep.equal([]);
    expect(await api.requests()).to.deep.equal([]);
    expectCleanConsole(page);
  });

  it('rechat.min.css alone gives the elements their layout before (or without) the script', async () => {
    page = await openRealPage([
      `${head('<link rel="stylesheet" href="/dist/rechat.min.css">')}<rechat-sdk id="p"><rechat-track-listing id="t"></rechat-track-listing></rechat-sdk></body></html>`,
    ]);
    const style = (id: string) => page!.win.getComputedStyle(page!.doc.getElementById(id)!).display;
    expect([style('p'), style('t')]).to.deep.equal(['contents', 'block']);
    expect(page.win.customElements.get('rechat-sdk')).to.equal(undefined);
  });
});
