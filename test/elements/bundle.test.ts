import { expect } from '@open-wc/testing';
import { channelId, clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { until } from '../helpers/frames.js';
import { announced, focusable, identifyVisitor, seenByPeople } from './helpers.js';

// The built script-tag bundle (dist/rechat.min.js: run `npm run build` first) on plain
// pages, as a WordPress or no-build site uses it.

type BundleWindow = Window &
  typeof globalThis & {
    Rechat: Record<string, any>;
    pageErrors: string[];
    warnings?: string[];
    violations?: string[];
    __xss?: number;
  };

async function openFrame(set: (frame: HTMLIFrameElement) => void): Promise<{ frame: HTMLIFrameElement; win: BundleWindow; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '600px';
  set(frame);
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow as BundleWindow, doc: frame.contentDocument! };
}

async function submitLead(doc: Document, email: string) {
  const form = doc.querySelector('rechat-lead-form') as any;
  await until(() => form.querySelector('[name=email]'), 'the form to render');
  form.minFillMs = 0;
  form.querySelector('[name=email]').value = email;
  const done = new Promise<CustomEvent>((resolve) => form.addEventListener('rechat-lead-success', resolve, { once: true }));
  form.querySelector('form').requestSubmit();
  return (await done).detail.lead;
}

describe('the elements in dist/rechat.min.js', () => {
  let api: FakeApi;
  let frame: HTMLIFrameElement | undefined;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
  });

  afterEach(() => frame?.remove());

  it('loaded twice on one page: no "already defined" error, one definition, elements that work', async () => {
    const channel = channelId();
    const listing = crypto.randomUUID();
    identifyVisitor(api.url);
    const page = await openFrame((f) => {
      f.srcdoc = `<!doctype html><script src="/test/cdn/collect-errors.js"></script>
<script src="/dist/rechat.min.js" data-api-url="${api.url}"></script>
<script src="/dist/rechat.min.js"></script>
<rechat-lead-form channel="${channel}" fields="email"></rechat-lead-form>
<rechat-track-listing listing-id="${listing}"></rechat-track-listing>`;
    });
    frame = page.frame;
    const { win, doc } = page;
    const { Rechat } = win;
    for (const [tag, name] of [
      ['rechat-sdk', 'RechatSdkElement'],
      ['rechat-lead-form', 'RechatLeadFormElement'],
      ['rechat-track-listing', 'RechatTrackListingElement'],
      ['rechat-track-search', 'RechatTrackSearchElement'],
    ]) {
      expect(win.customElements.get(tag!), tag).to.equal(Rechat[name!]);
    }
    expect(doc.querySelectorAll('rechat-lead-form form')).to.have.length(1);
    expect(doc.querySelectorAll('rechat-lead-form [name=email]')).to.have.length(1);
    // No provider: the elements use the shared Sdk, pointed at the API by the first tag's data-api-url.
    await api.waitForRequests(1);
    const lead = await submitLead(doc, 'twice@example.com');
    expect(lead.id).to.be.a('string');
    const [view, capture] = await api.requests();
    expect(view!.path).to.match(/^\/leads\/[^/]+\/timeline$/);
    expect(view!.body.listing).to.deep.equal({ id: listing });
    expect(capture!.path).to.equal(`/leads/channels/${channel}/webhook`);
    expect(win.pageErrors).to.deep.equal([]);
    expect(win.warnings).to.deep.equal([]);
    // Defining again by hand is quiet too, and returns the class.
    expect(Rechat.RechatLeadFormElement.define()).to.equal(Rechat.RechatLeadFormElement);
    expect(win.warnings).to.deep.equal([]);
  });

  it('works under a strict Content-Security-Policy, with no violation', async () => {
    const response = await fetch('/test/elements/csp.html');
    expect(response.headers.get('content-security-policy')).to.equal(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src http://127.0.0.1:*",
    );
    const channel = channelId();
    const listing = crypto.randomUUID();
    identifyVisitor(api.url);
    const page = await openFrame((f) => {
      f.src = `/test/elements/csp.html?${new URLSearchParams({ api: api.url, channel, listing })}`;
    });
    frame = page.frame;
    const { win, doc } = page;

    // The listing view, the lead: both reach the API.
    await api.waitForRequests(1);
    await submitLead(doc, 'csp@example.com');
    const requests = await api.requests();
    expect(requests.find((r) => r.path.endsWith('/timeline'))!.body.listing.property.address).to.equal('<img src=x onerror="window.__xss=1">');
    expect(requests.find((r) => r.path.endsWith('/webhook'))!.body).to.deep.equal({ email: 'csp@example.com' });

    // The default styles apply, from the shipped file the page links: the script adopts
    // no copy of them (that would restyle the page once more).
    expect(doc.adoptedStyleSheets).to.have.length(0);
    expect(win.getComputedStyle(doc.querySelector('.rechat-field')!).display).to.equal('grid');
    expect(win.getComputedStyle(doc.querySelector('rechat-sdk')!).display).to.equal('contents');
    // The shipped stylesheet loads under the policy too; the honeypot is hidden without a style attribute in markup.
    expect([...doc.styleSheets].map((sheet) => new URL(sheet.href!).pathname)).to.deep.equal(['/dist/rechat.min.css']);
    const trap = doc.querySelector<HTMLInputElement>('[name=rechat_hp]')!;
    expect([seenByPeople(trap), focusable(trap), announced(trap)]).to.deep.equal([false, false, false]);

    expect(win.violations).to.deep.equal([]);
    expect(win.pageErrors).to.deep.equal([]);
    expect(win.__xss).to.equal(undefined);
    expect(doc.querySelectorAll('img')).to.have.length(0);

    // The policy is enforced and violations are seen: an inline style attribute is one.
    doc.body.setAttribute('style', 'color: red');
    await until(() => win.violations!.length > 0, 'the violation of the control');
    expect(win.violations![0]).to.match(/^style-src/);
  });
});
