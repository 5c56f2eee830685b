import { expect } from '@open-wc/testing';
import { clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { until } from '../helpers/frames.js';

// A plain HTML page that loads the built script-tag bundle and calls the SDK exactly as
// Rechat's documentation shows (seeds 000 and 001), the bundle loaded twice as CMS pages
// often do. `data-api-url` points it at the local fake API instead of api.rechat.com.
function seedPage(apiUrl: string): string {
  return `<!doctype html>
<html><head>
<script src="/test/cdn/collect-errors.js"></script>
<script src="/dist/rechat.min.js" data-api-url="${apiUrl}"></script>
<script src="/dist/rechat.min.js"></script>
</head><body>
<form id="lead-form">
<input name="first_name" value="Jane">
<input name="last_name">
<input name="email" value="jane@example.com">
<button type="submit">Contact me</button>
</form>
<script>
const sdk = new Rechat.Sdk()
sdk.Leads.capture({
lead_channel: '2c55e69d-adbe-42d9-97a5-bedb43783b80'
}, {
first_name: 'John',
last_name: 'Doe',
email: 'john-doe@gmail.com',
phone_number: '+18189191212',
})
.then(lead => { console.log('Created lead', lead.id); window.createdLead = lead;
  // After the visitor has been captured as a lead:
  return sdk.Leads.Tracker.viewedListing({
  mls_number: '1841395151',
  price: 1250000,
  })
})
.then(() => { window.tracked = true })
.catch(e => console.error(e))

sdk.Leads.form(document.querySelector('#lead-form'), {
lead_channel: '2c55e69d-adbe-42d9-97a5-bedb43783b80'
}, {
validate: (payload) => Boolean(payload.email),
onSuccess: (lead) => { console.log('Created', lead.id); window.formLead = lead },
onError: (e) => console.error(e),
})
</script>
</body></html>`;
}

type SeedWindow = Window & {
  Rechat: { Sdk: unknown; RechatError: unknown; version: string };
  pageErrors: string[];
  createdLead?: { id: string };
  tracked?: boolean;
  formLead?: { id: string };
};


describe('dist/rechat.min.js on a plain page, as the seeds use it', () => {
  let api: FakeApi;
  let frame: HTMLIFrameElement;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    frame = document.createElement('iframe');
    frame.srcdoc = seedPage(api.url);
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    document.body.append(frame);
    await loaded;
  });

  afterEach(() => frame.remove());

  it('sets window.Rechat, survives being loaded twice, and captures then tracks as documented', async () => {
    const win = frame.contentWindow as SeedWindow;
    expect(win.Rechat.Sdk).to.be.a('function');
    expect(win.Rechat.RechatError).to.be.a('function');
    await until(() => win.tracked, 'the tracker call');
    expect(win.pageErrors).to.deep.equal([]);
    const [capture, view] = await api.requests();
    expect(capture.path).to.equal('/leads/channels/2c55e69d-adbe-42d9-97a5-bedb43783b80/webhook');
    expect(capture.body).to.deep.equal({
      first_name: 'John', last_name: 'Doe', email: 'john-doe@gmail.com', phone_number: '+18189191212',
    });
    expect(view.path).to.equal(`/leads/${win.createdLead!.id}/timeline`);
    expect(view.body).to.deep.equal({
      action: 'ContactViewedListing',
      listing: { mls_number: '1841395151', price: 1250000 },
    });
  });

  it('binds the documented form and captures it on submit without navigating', async () => {
    const win = frame.contentWindow as SeedWindow;
    await until(() => win.tracked, 'the first capture');
    const doc = frame.contentDocument!;
    // The WindowProxy stays the same across a navigation; the document does not, and a
    // navigation fires the frame's load event.
    let loads = 0;
    frame.addEventListener('load', () => loads++);
    (doc.querySelector('button[type=submit]') as HTMLButtonElement).click();
    const lead = await until(() => win.formLead, 'the form capture');
    const requests = await api.requests();
    const formRequest = requests.find((r) => r.body?.first_name === 'Jane');
    expect(formRequest?.body).to.deep.equal({ first_name: 'Jane', email: 'jane@example.com' });
    expect(lead.id).to.be.a('string');
    // Still the same document: the form did not navigate the frame.
    expect(frame.contentDocument).to.equal(doc);
    expect(loads).to.equal(0);
    expect(win.pageErrors).to.deep.equal([]);
  });
});

// A listing page as the Rechat WordPress plugin renders it: on a first visit it calls
// `capture({ listing_id })` before any lead exists. With `data-visitor` that is kept.
function visitorListingPage(apiUrl: string): string {
  return `<!doctype html>
<html><head>
<script src="/test/cdn/collect-errors.js"></script>
<script src="/dist/rechat.min.js" data-api-url="${apiUrl}" data-visitor data-consent="pending"></script>
</head><body>
<rechat-track-listing listing-id="L-77"></rechat-track-listing>
<script>
document.querySelector('rechat-track-listing').addEventListener('rechat-track', (e) => { window.trackEvent = e.detail })
Rechat.Sdk.shared().Leads.Tracker.capture({ listing_id: '12345' }).then((result) => { window.captured = result })
</script>
</body></html>`;
}

describe('dist/rechat.min.js with data-visitor and data-consent on its tag', () => {
  it('a first visit to a listing page keeps the view (no uncaught rejection), element events say visitor, pending writes no cookie', async () => {
    clearCookies();
    const api = await fakeApi();
    const frame = document.createElement('iframe');
    frame.srcdoc = visitorListingPage(api.url);
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    document.body.append(frame);
    await loaded;
    try {
      const win = frame.contentWindow as SeedWindow & { captured?: object; trackEvent?: object; Rechat: { Sdk: { shared(): { consent(): string } } } };
      expect(await until(() => win.captured, 'the capture')).to.include({ visitor: true, queued: true, action: 'ContactViewedListing' });
      expect(await until(() => win.trackEvent, 'rechat-track')).to.include({ visitor: true, queued: true });
      expect(win.Rechat.Sdk.shared().consent()).to.equal('pending');
      expect(win.pageErrors).to.deep.equal([]);
      expect(frame.contentDocument!.cookie).to.equal('');
      expect(await api.requests()).to.have.length(0);
    } finally {
      frame.remove();
    }
  });
});
