import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { RechatError, Sdk, type Lead } from '../../src/core/index.js';
import { channelId, clearCookies, fakeApi, type FakeApi } from '../helpers/fake-api.js';

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
    let seen: Record<string, unknown> | undefined;
    sdk.Leads.form(form, { lead_channel }, {
      validate: (payload) => {
        seen = payload;
        return false;
      },
    });
    form.requestSubmit();
    await new Promise((r) => setTimeout(r, 100));
    expect(seen?.email).to.equal('john-doe@gmail.com');
    expect(await api.requests()).to.have.length(0);
    expect(form.querySelector('button')!.disabled).to.equal(false);
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
    await new Promise((r) => setTimeout(r, 50));
    expect(button.disabled).to.equal(true);
    expect(form.getAttribute('aria-busy')).to.equal('true');
    form.requestSubmit();
    form.dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await done;
    await new Promise((r) => setTimeout(r, 100));
    expect(successes).to.equal(1);
    expect(await api.requests()).to.have.length(1);
    expect(button.disabled).to.equal(false);
    expect(form.hasAttribute('aria-busy')).to.equal(false);
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
    await new Promise((r) => setTimeout(r, 150));
    expect(await api.requests()).to.have.length(0);
  });

  it('refuses to bind something that is not a form, or a bad channel, at once', async () => {
    const div = document.createElement('div');
    expect(() => sdk.Leads.form(div as never, { lead_channel })).to.throw(RechatError, /<form>/);
    const form = await leadForm();
    expect(() => sdk.Leads.form(form, { lead_channel: 'nope' })).to.throw(RechatError, /UUID/);
  });
});
