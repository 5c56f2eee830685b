import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { RechatError, Sdk, type Lead } from '../../src/core/index.js';
import { channelId, clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';
import { until } from '../helpers/frames.js';

describe('Leads.form', () => {
  let api: FakeApi;
  let sdk: Sdk;
  let lead_channel: string;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    sdk = new Sdk({ apiUrl: api.url });
    lead_channel = channelId();
  });

  async function leadForm() {
    return fixture<HTMLFormElement>(html`
      <form>
        <input name="first_name" value="John" />
        <input name="last_name" value="" />
        <input name="email" type="email" value="john-doe@gmail.com" />
        <input type="checkbox" name="tag" value="Buyer" checked />
        <input type="checkbox" name="tag" value="Seller" />
        <input type="checkbox" name="tag" value="Investor" checked />
        <input type="checkbox" name="newsletter" />
        <select name="source_type"><option value="Website" selected>Website</option><option value="Zillow">Zillow</option></select>
        <select name="property_types" multiple>
          <option value="Condo" selected>Condo</option><option value="Townhouse">Townhouse</option><option value="Ranch" selected>Ranch</option>
        </select>
        <textarea name="note">  Interested in downtown properties  </textarea>
        <input name="unnamed-is-kept" value="x" disabled />
        <input value="no name, not sent" />
        <button type="submit">Contact me</button>
      </form>
    `);
  }

  it('captures every named field: repeated names become lists, blanks and disabled fields are left out', async () => {
    const form = await leadForm();
    const success = new Promise<Lead>((resolve) => sdk.Leads.form(form, { lead_channel }, { onSuccess: resolve }));
    form.requestSubmit();
    const lead = await success;
    const [request] = await api.requests();
    expect(request.path).to.equal(`/leads/channels/${lead_channel}/webhook`);
    expect(request.body).to.deep.equal({
      first_name: 'John',
      email: 'john-doe@gmail.com',
      tag: ['Buyer', 'Investor'],
      source_type: 'Website',
      property_types: ['Condo', 'Ranch'],
      note: 'Interested in downtown properties',
    });
    expect(lead.id).to.be.a('string');
  });

  it('prevents the native submission, so the page never navigates', async () => {
    const form = await leadForm();
    sdk.Leads.form(form, { lead_channel });
    const submitted = oneEvent(form, 'submit');
    form.requestSubmit();
    const event = await submitted;
    expect(event.defaultPrevented).to.equal(true);
    await api.waitForRequests(1);
  });

  it('validate(payload) returning false cancels the capture', async () => {
    const form = await leadForm();
    const seen: Array<Record<string, unknown>> = [];
    const success = new Promise<Lead>((onSuccess) =>
      sdk.Leads.form(form, { lead_channel }, {
        // The first submit is refused, the second goes ahead: its request is the signal.
        validate: (payload) => seen.push(payload) > 1,
        onSuccess,
      }),
    );
    form.requestSubmit();
    await until(() => seen.length === 1, 'validate');
    expect(seen[0]!.email).to.equal('john-doe@gmail.com');
    expect(form.querySelector('button')!.disabled).to.equal(false);
    form.requestSubmit();
    await success;
    expect(await api.requests()).to.have.length(1);
  });

  it('an async validate that resolves true lets the capture go ahead', async () => {
    const form = await leadForm();
    const success = new Promise<Lead>((resolve) =>
      sdk.Leads.form(form, { lead_channel }, { validate: async (p) => Boolean(p.email), onSuccess: resolve }),
    );
    form.requestSubmit();
    await success;
    expect(await api.requests()).to.have.length(1);
  });

  it('disables the submit button while in flight and ignores a second submit', async () => {
    await api.script({ path: 'webhook', status: 200, body: { code: 'OK', data: { id: 'slow-lead' } }, delayMs: 300 });
    const form = await leadForm();
    const button = form.querySelector('button')!;
    let successes = 0;
    const done = new Promise<void>((resolve) =>
      sdk.Leads.form(form, { lead_channel }, { onSuccess: () => { successes++; resolve(); } }),
    );
    form.requestSubmit();
    await until(() => button.disabled, 'the button to be disabled');
    expect(form.getAttribute('aria-busy')).to.equal('true');
    form.requestSubmit();
    form.dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await done;
    expect(successes).to.equal(1);
    expect(button.disabled).to.equal(false);
    expect(form.hasAttribute('aria-busy')).to.equal(false);
    // A submit after it is taken again: once its request is in, the ignored ones sent nothing.
    form.requestSubmit();
    await until(() => successes === 2, 'the next submit');
    expect(await api.requests()).to.have.length(2);
  });

  it('calls onError with the RechatError of a 4xx reply and re-enables the form', async () => {
    await api.script({ path: 'webhook', status: 400, body: { message: 'email is invalid' } });
    const form = await leadForm();
    const failed = new Promise<RechatError>((resolve) => sdk.Leads.form(form, { lead_channel }, { onError: resolve }));
    form.requestSubmit();
    const error = await failed;
    expect(error).to.be.instanceOf(RechatError);
    expect(error.status).to.equal(400);
    expect(error.message).to.contain('email is invalid');
    expect(form.querySelector('button')!.disabled).to.equal(false);
  });

  it('includes the clicked submit button when it has a name', async () => {
    const form = await fixture<HTMLFormElement>(html`
      <form><input name="email" value="a@b.co" /><button name="lead_source" value="Hero banner">Go</button></form>
    `);
    const success = new Promise<Lead>((resolve) => sdk.Leads.form(form, { lead_channel }, { onSuccess: resolve }));
    form.querySelector('button')!.click();
    await success;
    const [{ body }] = await api.requests();
    expect(body).to.deep.equal({ email: 'a@b.co', lead_source: 'Hero banner' });
  });

  it('returns a function that unbinds the form', async () => {
    const form = await leadForm();
    const unbind = sdk.Leads.form(form, { lead_channel });
    unbind();
    // Stand in for the unbound SDK so that the test page itself does not navigate.
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
    // A capture made after the submit is the signal: it is the only request.
    await sdk.Leads.capture({ lead_channel }, { email: 'direct@b.co' });
    expect((await api.requests()).map((r) => r.body.email)).to.deep.equal(['direct@b.co']);
  });

  it('refuses to bind something that is not a form, or a bad channel, at once', async () => {
    const div = document.createElement('div');
    expect(() => sdk.Leads.form(div as never, { lead_channel })).to.throw(RechatError, /<form>/);
    const form = await leadForm();
    expect(() => sdk.Leads.form(form, { lead_channel: 'nope' })).to.throw(RechatError, /UUID/);
  });
});
