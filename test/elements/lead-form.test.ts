import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { RechatLeadFormElement, RechatSdkElement } from '../../src/index.js';
import { channelId, clearCookies, fakeApi, setOffline, type FakeApi } from '../helpers/fake-api.js';
import { until } from '../helpers/frames.js';
import { announced, field, focusable, hasFocus, recordEvents, seenByPeople, settle } from './helpers.js';

const EVENTS = ['rechat-lead-submit', 'rechat-lead-success', 'rechat-lead-queued', 'rechat-lead-error', 'rechat-lead-spam'];

describe('<rechat-lead-form>', () => {
  let api: FakeApi;
  let channel: string;

  beforeEach(async () => {
    clearCookies();
    api = await fakeApi();
    channel = channelId();
  });

  afterEach(() => setOffline(false));

  /** A form inside a provider pointed at this test's fake API, with the minimum fill time off. */
  async function mount(template = html`<rechat-lead-form channel=${channel}></rechat-lead-form>`) {
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}>${template}</rechat-sdk>`);
    const el = provider.querySelector('rechat-lead-form')!;
    await el.updateComplete;
    el.minFillMs = 0;
    return el;
  }

  function fill(el: Element, values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) field(el, name).value = value;
  }

  const submit = (el: Element) => el.querySelector('form')!.requestSubmit();

  describe('accessibility', () => {
    it('is accessible when idle, with required fields', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} required="email,first_name"></rechat-lead-form>`);
      await expect(el).to.be.accessible();
    });

    it('is accessible with invalid fields marked', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} required="email"></rechat-lead-form>`);
      submit(el);
      expect(field(el, 'email').getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('is accessible while submitting, and after success', async () => {
      await api.script({ path: 'webhook', status: 200, body: { code: 'OK', data: { id: 'slow' } }, delayMs: 400 });
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      const success = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await until(() => el.state === 'submitting', 'the submitting state');
      await expect(el).to.be.accessible();
      await success;
      await expect(el).to.be.accessible();
    });

    it('is accessible in the error state', async () => {
      await api.script({ path: 'webhook', status: 400, body: { message: 'email is invalid' } });
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      const failed = oneEvent(el, 'rechat-lead-error');
      submit(el);
      await failed;
      expect(el.getAttribute('state')).to.equal('error');
      await expect(el).to.be.accessible();
    });

    it('is accessible in the queued state', async () => {
      const el = await mount();
      fill(el, { email: 'offline@example.com' });
      await setOffline(true);
      const queued = oneEvent(el, 'rechat-lead-queued');
      submit(el);
      await queued;
      await expect(el).to.be.accessible();
      const delivered = oneEvent(el, 'rechat-lead-success');
      await setOffline(false);
      await delivered;
    });
  });

  describe('defaults', () => {
    it('renders first name, last name, email, phone and message, labelled, with autofill tokens and types', async () => {
      const el = await mount();
      const controls = [...el.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.rechat-field :is(input, textarea)')];
      expect(controls.map((c) => c.name)).to.deep.equal(['first_name', 'last_name', 'email', 'phone_number', 'note']);
      expect(controls.map((c) => c.labels![0]!.textContent)).to.deep.equal(['First name', 'Last name', 'Email', 'Phone', 'Message']);
      expect(controls.map((c) => c.getAttribute('autocomplete'))).to.deep.equal(['given-name', 'family-name', 'email', 'tel', null]);
      expect(controls.map((c) => c.type)).to.deep.equal(['text', 'text', 'email', 'tel', 'textarea']);
      expect(controls.map((c) => c.getAttribute('inputmode'))).to.deep.equal([null, null, 'email', 'tel', null]);
      expect(controls.some((c) => c.required)).to.equal(false);
      const button = el.querySelector('button')!;
      expect(button.type).to.equal('submit');
      expect(button.textContent).to.equal('Send');
    });

    it('starts idle, reflected to the state attribute, with a polite live status', async () => {
      const el = await mount();
      expect(el.state).to.equal('idle');
      expect(el.getAttribute('state')).to.equal('idle');
      const status = el.querySelector('[role=status]')!;
      expect(status.getAttribute('aria-live')).to.equal('polite');
      expect(status.textContent).to.equal('');
      expect(el.minFillMs).to.equal(0);
      expect(new RechatLeadFormElement().minFillMs).to.equal(1500);
    });

    it('has every lead property empty, never undefined', async () => {
      const el = await mount();
      for (const name of ['channel', 'userId', 'brandId', 'adCampaignId', 'emailCampaignId', 'emailCampaignEmailId', 'leadSource', 'sourceType', 'tag', 'listingId', 'mlsid', 'agentMlsid', 'assigneeEmail', 'required', 'successMessage']) {
        expect((new RechatLeadFormElement() as any)[name], name).to.equal('');
      }
      expect(el.fields).to.equal('first_name,last_name,email,phone_number,note');
      expect(el.submitLabel).to.equal('Send');
    });

    it('adds a honeypot that people, keyboards, screen readers and autofill never reach', async () => {
      const el = await mount();
      const trap = field(el, 'rechat_hp');
      expect(trap.getAttribute('autocomplete')).to.equal('off');
      expect(seenByPeople(trap), 'seen').to.equal(false);
      expect(focusable(trap), 'focusable').to.equal(false);
      expect(announced(trap), 'announced').to.equal(false);
      // The controls a person uses are all three.
      const email = field(el, 'email');
      expect([seenByPeople(email), focusable(email), announced(email)]).to.deep.equal([true, true, true]);
    });

    it('marks email-or-phone as needed: a hint describes both; with only one of them rendered, that one is required', async () => {
      const el = await mount();
      const hint = el.querySelector('.rechat-hint')!;
      expect(hint.textContent).to.equal('Please enter an email address or a phone number.');
      for (const name of ['email', 'phone_number']) {
        expect(field(el, name).getAttribute('aria-describedby')!.split(' ')).to.include(hint.id);
      }
      expect(field(el, 'first_name').getAttribute('aria-describedby')!.split(' ')).to.not.include(hint.id);
      el.fields = 'first_name,phone_number';
      await el.updateComplete;
      expect(el.querySelector('.rechat-hint')).to.equal(null);
      expect(field(el, 'phone_number').required).to.equal(true);
      el.required = 'email';
      el.fields = 'email,phone_number';
      await el.updateComplete;
      expect(el.querySelector('.rechat-hint'), 'email is required: no hint').to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('attributes and properties', () => {
    it('reads every attribute into its property', async () => {
      const el = await mount(html`<rechat-lead-form
        channel=${channel} user-id="u1" brand-id="b1" ad-campaign-id="ad1" email-campaign-id="ec1" email-campaign-email-id="ece1"
        lead-source="Website" source-type="Listing page" tag="Buyer,Luxury" listing-id="L1" mlsid="M1" agent-mlsid="A1"
        assignee-email="agent@example.com" fields="email,note" required="email" submit-label="Contact me" success-message="Thanks!"
      ></rechat-lead-form>`);
      expect(el).to.include({
        channel, userId: 'u1', brandId: 'b1', adCampaignId: 'ad1', emailCampaignId: 'ec1', emailCampaignEmailId: 'ece1',
        leadSource: 'Website', sourceType: 'Listing page', tag: 'Buyer,Luxury', listingId: 'L1', mlsid: 'M1', agentMlsid: 'A1',
        assigneeEmail: 'agent@example.com', fields: 'email,note', required: 'email', submitLabel: 'Contact me', successMessage: 'Thanks!',
      });
    });

    it('renders the chosen fields, required marks and label, and renders again when they change', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} fields="email, note, bogus" required="email"></rechat-lead-form>`);
      expect([...el.querySelectorAll('.rechat-field [name]')].map((c) => c.getAttribute('name'))).to.deep.equal(['email', 'note']);
      const email = field(el, 'email');
      expect(email.required).to.equal(true);
      expect(email.getAttribute('aria-required')).to.equal('true');
      expect(email.labels![0]!.querySelector('.rechat-required')!.textContent).to.equal(' *');
      expect(field(el, 'note').hasAttribute('aria-required')).to.equal(false);

      el.fields = 'first_name,phone_number';
      el.required = 'phone_number';
      el.submitLabel = 'Call me';
      await el.updateComplete;
      expect([...el.querySelectorAll('.rechat-field [name]')].map((c) => c.getAttribute('name'))).to.deep.equal(['first_name', 'phone_number']);
      expect(field(el, 'phone_number').required).to.equal(true);
      expect(el.querySelector('button')!.textContent).to.equal('Call me');
      el.setAttribute('submit-label', 'Send it');
      await el.updateComplete;
      expect(el.querySelector('button')!.textContent).to.equal('Send it');
    });

    it('properties set from script reach the attributes, and removed attributes read as their defaults', async () => {
      const el = await mount();
      el.leadSource = 'Open house';
      el.assigneeEmail = 'agent@example.com';
      el.successMessage = 'Merci !';
      expect(el.getAttribute('lead-source')).to.equal('Open house');
      expect(el.getAttribute('assignee-email')).to.equal('agent@example.com');
      expect(el.getAttribute('success-message')).to.equal('Merci !');
      el.setAttribute('fields', 'email');
      el.removeAttribute('fields');
      el.removeAttribute('success-message');
      await el.updateComplete;
      expect(el.fields).to.equal('first_name,last_name,email,phone_number,note');
      expect(el.successMessage).to.equal('');
      expect(el.querySelectorAll('.rechat-field')).to.have.length(5);
    });

    it('keeps what the visitor typed, and the focus, when an attribute change renders the form again', async () => {
      const el = await mount();
      fill(el, { first_name: 'Zoë', email: 'zoe@example.com', note: 'Call after 5' });
      field(el, 'note').focus();
      el.setAttribute('submit-label', 'Send it');
      el.setAttribute('required', 'email');
      await el.updateComplete;
      expect(el.querySelector('button')!.textContent).to.equal('Send it');
      expect(field(el, 'email').required).to.equal(true);
      expect(['first_name', 'email', 'note'].map((name) => field(el, name).value)).to.deep.equal(['Zoë', 'zoe@example.com', 'Call after 5']);
      expect(hasFocus(field(el, 'note')), 'focus stays in the message').to.equal(true);
      el.fields = 'email,note';
      await el.updateComplete;
      expect(['email', 'note'].map((name) => field(el, name).value)).to.deep.equal(['zoe@example.com', 'Call after 5']);
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ email: 'zoe@example.com', note: 'Call after 5' });
    });

    it('does not take the state attribute from the page: it is read-only', async () => {
      const el = await mount();
      el.setAttribute('state', 'success');
      await el.updateComplete;
      expect(el.state).to.equal('idle');
    });
  });

  describe('submitting', () => {
    it('sends the visitor\'s fields with the lead defaults and the attribution, then succeeds', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} user-id="u1" ad-campaign-id="ad1"
        lead-source="Website" source-type="Listing page" tag="Buyer, Luxury" listing-id="L1" mlsid="M1" agent-mlsid="A1"
        assignee-email="agent@example.com" success-message="Thanks, we will call you."></rechat-lead-form>`);
      const seen = recordEvents(el, EVENTS);
      fill(el, { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone_number: '+1 (818) 919-1212', note: 'Tour on Saturday?' });
      const submitted = oneEvent(el, 'rechat-lead-submit');
      const succeeded = oneEvent(el, 'rechat-lead-success');
      submit(el);
      const submitEvent = await submitted;
      expect(submitEvent.cancelable).to.equal(true);
      expect(submitEvent.bubbles && submitEvent.composed).to.equal(true);
      const { detail } = await succeeded;

      const [request] = await api.requests();
      expect(request.path).to.equal(`/leads/channels/${channel}/webhook`);
      expect(request.body).to.deep.equal({
        lead_source: 'Website', source_type: 'Listing page', tag: ['Buyer', 'Luxury'], listing_id: 'L1', mlsid: 'M1', agent_mlsid: 'A1',
        assignees: [{ email: 'agent@example.com' }],
        first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone_number: '+1 (818) 919-1212', note: 'Tour on Saturday?',
        user_id: 'u1', ad_campaign_id: 'ad1',
      });
      expect(submitEvent.detail.payload.email).to.equal('ada@example.com');
      expect(detail.lead.id).to.be.a('string');
      expect(detail.lead.queued).to.equal(false);
      expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);

      expect(el.state).to.equal('success');
      expect(el.getAttribute('state')).to.equal('success');
      const status = el.querySelector('[role=status]')!;
      expect(status.textContent).to.equal('Thanks, we will call you.');
      expect(hasFocus(status), 'focus on the status message').to.equal(true);
      expect(field(el, 'email').value, 'the form is reset').to.equal('');
    });

    it('the form\'s own values win over the defaults', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} lead-source="Default"><form>
        <input name="email" value="a@b.co" /><input name="lead_source" value="Hero banner" /><button>Go</button></form></rechat-lead-form>`);
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ email: 'a@b.co', lead_source: 'Hero banner' });
    });

    it('a listener may change the payload before it is sent', async () => {
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      el.addEventListener('rechat-lead-submit', (e) => (e.detail.payload.note = 'Added by the page'));
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ email: 'ada@example.com', note: 'Added by the page' });
    });

    it('preventDefault() on rechat-lead-submit cancels: nothing is sent, no outcome event, still idle', async () => {
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      const seen = recordEvents(el, EVENTS);
      el.addEventListener('rechat-lead-submit', (e) => e.preventDefault());
      submit(el);
      await settle();
      expect(await api.requests()).to.have.length(0);
      expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-submit']);
      expect(el.state).to.equal('idle');
      expect(el.querySelector('button')!.disabled).to.equal(false);
    });

    it('disables the button with aria-busy while sending, and never sends twice', async () => {
      await api.script({ path: 'webhook', status: 200, body: { code: 'OK', data: { id: 'slow' } }, delayMs: 400 });
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      const seen = recordEvents(el, EVENTS);
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await until(() => el.state === 'submitting', 'the submitting state');
      const button = el.querySelector('button')!;
      expect(button.disabled).to.equal(true);
      expect(button.getAttribute('aria-busy')).to.equal('true');
      expect(el.getAttribute('state')).to.equal('submitting');
      el.querySelector('form')!.dispatchEvent(new SubmitEvent('submit', { cancelable: true, bubbles: true }));
      button.click();
      await done;
      await settle();
      expect(await api.requests()).to.have.length(1);
      expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-submit', 'rechat-lead-success']);
      expect(button.disabled).to.equal(false);
      expect(button.getAttribute('aria-busy')).to.equal('false');
    });

    it('a refused lead: rechat-lead-error with the RechatError, the error message focused, the form usable again', async () => {
      await api.script({ path: 'webhook', status: 400, body: { message: 'email is invalid' } });
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      const seen = recordEvents(el, EVENTS);
      const failed = oneEvent(el, 'rechat-lead-error');
      submit(el);
      const { detail } = await failed;
      expect(detail.error.name).to.equal('RechatError');
      expect(detail.error.status).to.equal(400);
      expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-submit', 'rechat-lead-error']);
      expect(el.state).to.equal('error');
      const status = el.querySelector('[role=status]')!;
      expect(status.textContent).to.equal('Sorry, it could not be sent. Please check what you entered.');
      expect(hasFocus(status), 'focus on the status message').to.equal(true);
      expect(field(el, 'email').value, 'what the visitor typed is kept').to.equal('ada@example.com');
      expect(el.querySelector('button')!.disabled).to.equal(false);
    });

    it('an unknown channel (404): the error, a message that does not ask to try again, what was typed kept', async () => {
      await api.script({ path: 'webhook', status: 404, body: { message: 'Lead channel not found' } });
      const el = await mount();
      fill(el, { email: 'ada@example.com' });
      const failed = oneEvent(el, 'rechat-lead-error');
      submit(el);
      const { detail } = await failed;
      expect(detail.error.status).to.equal(404);
      const status = el.querySelector('[role=status]')!.textContent!;
      expect(status).to.equal('Sorry, this form cannot send messages. Please contact us another way.');
      expect(status).to.not.match(/try again/i);
      expect(field(el, 'email').value).to.equal('ada@example.com');
    });

    it('an empty submission sends nothing: the email field is marked, described and focused, and no event fires', async () => {
      const el = await mount();
      fill(el, { first_name: 'Ada', note: 'Call me' });
      const seen = recordEvents(el, EVENTS);
      submit(el);
      await settle(50);
      const email = field(el, 'email');
      expect(hasFocus(email), 'focus on the email field').to.equal(true);
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(document.getElementById(`${email.id}-error`)!.textContent).to.equal('Please enter an email address or a phone number.');
      expect(el.querySelector('[role=status]')!.textContent).to.equal('Please enter an email address or a phone number.');
      expect(el.state).to.equal('idle');
      expect(seen).to.deep.equal([]);
      await expect(el).to.be.accessible();

      // A phone number is enough: typing one clears the mark on the email field too.
      fill(el, { phone_number: '+1 818 919 1212' });
      field(el, 'phone_number').dispatchEvent(new Event('input', { bubbles: true }));
      expect(email.hasAttribute('aria-invalid')).to.equal(false);
      expect(document.getElementById(`${email.id}-error`)!.textContent).to.equal('');
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const requests = await api.requests();
      expect(requests.map((r) => r.body)).to.deep.equal([{ first_name: 'Ada', note: 'Call me', phone_number: '+1 818 919 1212' }]);
    });

    it('an enhanced form without a contact field: nothing sent, the status says what is needed', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel}><form><input name="first_name" value="Ada" /><button>Go</button></form></rechat-lead-form>`);
      const seen = recordEvents(el, EVENTS);
      el.querySelector('button')!.click();
      await settle(50);
      expect(el.querySelector('[role=status]')!.textContent).to.equal('Please enter an email address or a phone number.');
      expect(seen).to.deep.equal([]);
      expect(await api.requests()).to.have.length(0);
    });
  });

  describe('misconfiguration', () => {
    async function withConsoleErrors(run: (logged: string[]) => Promise<void>) {
      const logged: string[] = [];
      const error = console.error;
      console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
      try {
        await run(logged);
      } finally {
        console.error = error;
      }
    }

    it('fields with no email or phone_number: reported when connected, once, naming the attribute and the fix', async () => {
      await withConsoleErrors(async (logged) => {
        const failed = new Promise<CustomEvent>((resolve) => addEventListener('rechat-lead-error', resolve as never, { once: true }));
        const el = await mount(html`<rechat-lead-form channel=${channel} fields="first_name,note"></rechat-lead-form>`);
        const { detail } = await failed;
        expect(detail.error.code).to.equal('invalid_input');
        expect(logged).to.deep.equal([
          '[rechat-sdk] <rechat-lead-form>: its fields attribute has no email or phone_number; add one: a lead needs a way to reply.',
        ]);
        fill(el, { first_name: 'Ada' });
        const again = oneEvent(el, 'rechat-lead-error');
        submit(el);
        await again;
        expect(el.querySelector('[role=status]')!.textContent).to.equal('Sorry, this form cannot send messages. Please contact us another way.');
        expect(field(el, 'first_name').value).to.equal('Ada');
        expect(logged, 'not again at submit').to.have.length(1);
        expect(await api.requests()).to.have.length(0);
      });
    });

    it('inside a <rechat-sdk> with a bad api-url: the error event and a message that does not ask to retry; nothing sent elsewhere', async () => {
      await withConsoleErrors(async (logged) => {
        const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url="ftp://nope"><rechat-lead-form channel=${channel}></rechat-lead-form></rechat-sdk>`);
        const el = provider.querySelector('rechat-lead-form')!;
        await el.updateComplete;
        el.minFillMs = 0;
        fill(el, { email: 'ada@example.com' });
        const failed = oneEvent(el, 'rechat-lead-error');
        submit(el);
        const { detail } = await failed;
        expect(detail.error.message).to.match(/apiUrl/);
        expect(el.querySelector('[role=status]')!.textContent).to.equal('Sorry, this form cannot send messages. Please contact us another way.');
        expect(field(el, 'email').value).to.equal('ada@example.com');
        expect(logged.filter((line) => line.startsWith('[rechat-sdk] <rechat-sdk>'))).to.have.length(1);
      });
    });
  });

  describe('validation', () => {
    it('stops at the first invalid field: focused, aria-invalid, described by its error text; nothing sent', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} required="first_name,email"></rechat-lead-form>`);
      const seen = recordEvents(el, EVENTS);
      fill(el, { email: 'not-an-email' });
      submit(el);
      await settle(50);
      const first = field(el, 'first_name');
      const email = field(el, 'email');
      expect(hasFocus(first), 'focus on the first invalid field').to.equal(true);
      for (const control of [first, email]) {
        expect(control.getAttribute('aria-invalid')).to.equal('true');
        const error = document.getElementById(control.getAttribute('aria-describedby')!)!;
        expect(error.textContent).to.equal(control.validationMessage);
        expect(error.textContent).to.not.equal('');
      }
      expect(seen).to.deep.equal([]);
      expect(await api.requests()).to.have.length(0);

      // Correcting a field clears its mark and its message.
      first.value = 'Ada';
      first.dispatchEvent(new Event('input', { bubbles: true }));
      expect(first.hasAttribute('aria-invalid')).to.equal(false);
      expect(document.getElementById(first.getAttribute('aria-describedby')!)!.textContent).to.equal('');
    });

    it('accepts international names and phone numbers as people write them, and sends them unchanged', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} required="first_name,last_name,phone_number"></rechat-lead-form>`);
      const people = [
        ['Zoë', "O'Brien-Smith", '+44 (0)20 7946-0958'],
        ['李', '小龍', '+86 10 1234 5678'],
        ['محمد', 'Nguyễn', '818.919.1212'],
        ['Łukasz', 'Müller-Lüdenscheidt', '1-800-SELL-NOW x12'],
      ];
      for (const [first_name, last_name, phone_number] of people) {
        fill(el, { first_name, last_name, phone_number });
        expect(el.querySelector('form')!.checkValidity(), `${first_name} ${last_name} ${phone_number}`).to.equal(true);
      }
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ first_name: 'Łukasz', last_name: 'Müller-Lüdenscheidt', phone_number: '1-800-SELL-NOW x12' });
    });
  });

  it('can be filled and submitted with the keyboard alone', async () => {
    const el = await mount(html`<rechat-lead-form channel=${channel} fields="first_name,email" required="email"></rechat-lead-form>`);
    const done = oneEvent(el, 'rechat-lead-success');
    field(el, 'first_name').focus();
    await sendKeys({ type: 'Zoë' });
    await sendKeys({ press: 'Tab' });
    expect(hasFocus(field(el, 'email')), 'Tab moves to the email field').to.equal(true);
    await sendKeys({ type: 'zoe@example.com' });
    await sendKeys({ press: 'Enter' });
    await done;
    const [{ body }] = await api.requests();
    expect(body).to.deep.equal({ first_name: 'Zoë', email: 'zoe@example.com' });
    expect(hasFocus(el.querySelector('[role=status]')), 'focus on the status message').to.equal(true);
  });

  it('offline: says the message is saved, then that it was sent once delivered', async () => {
    const el = await mount();
    fill(el, { email: 'offline@example.com' });
    const seen = recordEvents(el, EVENTS);
    await setOffline(true);
    const queued = oneEvent(el, 'rechat-lead-queued');
    submit(el);
    const { detail } = await queued;
    expect(detail.lead.queued).to.equal(true);
    expect(el.state).to.equal('queued');
    expect(el.getAttribute('state')).to.equal('queued');
    const status = el.querySelector('[role=status]')!;
    expect(status.textContent).to.match(/saved/i).and.match(/back online/);
    expect(hasFocus(status), 'focus on the status message').to.equal(true);
    expect(await api.requests()).to.have.length(0);

    const sent = oneEvent(el, 'rechat-lead-success');
    await setOffline(false);
    const delivered = await sent;
    expect(delivered.detail.lead.id).to.be.a('string');
    expect(el.state).to.equal('success');
    expect(status.textContent).to.equal('Thank you! Your message has been sent.');
    expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-submit', 'rechat-lead-queued', 'rechat-lead-success']);
    const requests = await api.requests();
    expect(requests.map((r) => r.body.email)).to.deep.equal(['offline@example.com']);
  });

  it('queued, then refused by the API when it is delivered: the error shows and what was typed is still there', async () => {
    const el = await mount();
    fill(el, { email: 'later@example.com' });
    await setOffline(true);
    const queued = oneEvent(el, 'rechat-lead-queued');
    submit(el);
    await queued;
    await api.script({ path: 'webhook', status: 400, body: { message: 'email is invalid' } });
    const failed = oneEvent(el, 'rechat-lead-error');
    await setOffline(false);
    const { detail } = await failed;
    expect(detail.error.status).to.equal(400);
    expect(el.state).to.equal('error');
    expect(el.querySelector('[role=status]')!.textContent).to.equal('Sorry, it could not be sent. Please check what you entered.');
    expect(field(el, 'email').value).to.equal('later@example.com');
  });

  it('online but the API does not answer: "saved, we will keep trying", never "back online", one console warning with the URL', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await api.script({ path: 'webhook', status: 503, body: { message: 'down' }, times: 1 });
      const el = await mount();
      fill(el, { email: 'patient@example.com' });
      const queued = oneEvent(el, 'rechat-lead-queued');
      submit(el);
      await queued;
      const status = el.querySelector('[role=status]')!;
      expect(status.textContent).to.equal('Saved. We could not reach our server yet, and will keep trying.');
      expect(status.textContent).to.not.match(/online/);
      expect(warnings.filter((w) => w.includes(new URL(api.url).origin))).to.have.length(1);
      // It is delivered once the API answers again, and the message turns to "sent".
      const sent = oneEvent(el, 'rechat-lead-success');
      await el.closest('rechat-sdk')!.sdk.flush();
      await sent;
      expect(status.textContent).to.equal('Thank you! Your message has been sent.');
    } finally {
      console.warn = warn;
    }
  });

  describe('spam', () => {
    it('a filled honeypot gets a quiet fake success: nothing sent, only rechat-lead-spam (honeypot)', async () => {
      const el = await mount();
      fill(el, { email: 'bot@example.com', rechat_hp: 'http://spam.example' });
      const seen = recordEvents(el, EVENTS);
      const spam = oneEvent(el, 'rechat-lead-spam');
      submit(el);
      const { detail } = await spam;
      expect(detail).to.deep.equal({ reason: 'honeypot' });
      await settle(300);
      expect(el.state).to.equal('success');
      expect(el.querySelector('[role=status]')!.textContent).to.equal('Thank you! Your message has been sent.');
      expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-spam']);
      expect(await api.requests()).to.have.length(0);
    });

    it('a submission sooner than the minimum fill time is sent, tagged Possible spam, with rechat-lead-spam (too-fast)', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} tag="Buyer, Luxury"></rechat-lead-form>`);
      el.minFillMs = 60 * 60 * 1000;
      fill(el, { email: 'fast@example.com' });
      const seen = recordEvents(el, EVENTS);
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      expect(seen.map((e) => e.type)).to.deep.equal(['rechat-lead-spam', 'rechat-lead-submit', 'rechat-lead-success']);
      expect(seen[0]!.detail).to.deep.equal({ reason: 'too-fast' });
      expect(el.querySelector('[role=status]')!.textContent).to.equal('Thank you! Your message has been sent.');

      el.minFillMs = 0;
      fill(el, { email: 'person@example.com' });
      const again = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await again;
      expect((await api.requests()).map((r) => [r.body.email, r.body.tag])).to.deep.equal([
        ['fast@example.com', ['Buyer', 'Luxury', 'Possible spam']],
        ['person@example.com', ['Buyer', 'Luxury']],
      ]);
    });

    it('counts the minimum fill time from when the form appeared (1.5 s by default)', async () => {
      const el = await fixture<RechatLeadFormElement>(html`<rechat-sdk api-url=${api.url}><rechat-lead-form channel=${channel}></rechat-lead-form></rechat-sdk>`).then((p) => p.querySelector('rechat-lead-form')!);
      await el.updateComplete;
      fill(el, { email: 'early@example.com' });
      let done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      await new Promise((r) => setTimeout(r, 1500));
      done = oneEvent(el, 'rechat-lead-success');
      fill(el, { email: 'later@example.com' });
      submit(el);
      await done;
      expect((await api.requests()).map((r) => r.body.tag)).to.deep.equal([['Possible spam'], undefined]);
    });
  });

  describe('an existing form inside it', () => {
    it('is enhanced, not replaced: its named fields are sent, repeated names as lists', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} source-type="CMS form">
        <form class="theme-form" action="/nowhere">
          <label>Your email <input name="email" type="email" value="cms@example.com" /></label>
          <label><input type="checkbox" name="tag" value="Buyer" checked /> Buyer</label>
          <label><input type="checkbox" name="tag" value="Seller" checked /> Seller</label>
          <button type="submit">Ask</button>
        </form>
      </rechat-lead-form>`);
      const form = el.querySelector('form')!;
      expect(form.classList.contains('theme-form')).to.equal(true);
      expect(el.querySelectorAll('.rechat-field')).to.have.length(0);
      expect(el.querySelectorAll('form')).to.have.length(1);
      expect(el.querySelector('[role=status]')).to.not.equal(null);
      expect(seenByPeople(field(el, 'rechat_hp'))).to.equal(false);
      await expect(el).to.be.accessible();
      const done = oneEvent(el, 'rechat-lead-success');
      form.querySelector('button')!.click();
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ source_type: 'CMS form', email: 'cms@example.com', tag: ['Buyer', 'Seller'] });
      expect(form.querySelector('button')!.disabled).to.equal(false);
    });
  });

  describe('consent-text and consent-required', () => {
    const TEXT = 'I agree to be contacted by Acme Realty by phone, text and email, including by automated means.';

    it('renders an unchecked, labelled checkbox with the exact text; accessible; none without the text', async () => {
      const plain = await mount();
      expect(plain.querySelector('input[type=checkbox]')).to.equal(null);
      const el = await mount(html`<rechat-lead-form channel=${channel} consent-text=${TEXT}></rechat-lead-form>`);
      const box = field(el, 'rechat_consent');
      expect(box.type).to.equal('checkbox');
      expect(box.checked).to.equal(false);
      expect(box.required).to.equal(false);
      expect(box.labels![0]!.textContent!.trim()).to.equal(TEXT);
      await expect(el).to.be.accessible();
    });

    it('ticked: the lead carries the exact text, the time and the page URL as proof (not the box itself)', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} consent-text=${TEXT}></rechat-lead-form>`);
      fill(el, { email: 'ada@example.com' });
      field(el, 'rechat_consent').click();
      const before = Date.now();
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.have.keys('email', 'consent_text', 'consent_at', 'consent_url');
      expect(body.consent_text).to.equal(TEXT);
      expect(Date.parse(body.consent_at)).to.be.within(before - 1000, Date.now());
      expect(body.consent_url).to.equal(location.href.split('#')[0]);
    });

    it('unticked and not required: sent without proof', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} consent-text=${TEXT}></rechat-lead-form>`);
      fill(el, { email: 'ada@example.com' });
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.deep.equal({ email: 'ada@example.com' });
    });

    it('consent-required: unticked stops the submission with a visible, described message on the focused box; a space typed ticks it and it sends', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel} consent-text=${TEXT} consent-required></rechat-lead-form>`);
      expect(el.consentRequired).to.equal(true);
      const seen = recordEvents(el, EVENTS);
      fill(el, { email: 'ada@example.com' });
      submit(el);
      await settle(50);
      const box = field(el, 'rechat_consent');
      expect(box.required).to.equal(true);
      expect(hasFocus(box), 'focus on the box').to.equal(true);
      expect(box.getAttribute('aria-invalid')).to.equal('true');
      const error = document.getElementById(box.getAttribute('aria-describedby')!)!;
      expect(error.textContent).to.equal(box.validationMessage);
      expect(error.textContent).not.to.equal('');
      expect(seenByPeople(error)).to.equal(true);
      await expect(el).to.be.accessible();
      expect(seen).to.deep.equal([]);
      expect(await api.requests()).to.have.length(0);

      const done = oneEvent(el, 'rechat-lead-success');
      await sendKeys({ type: ' ' });
      expect(box.checked).to.equal(true);
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body.consent_text).to.equal(TEXT);
    });

    it('a CMS form inside it: its own ticked rechat_consent box sends its label as the text', async () => {
      const el = await mount(html`<rechat-lead-form channel=${channel}>
        <form>
          <input name="email" type="email" value="cms@example.com" aria-label="Email">
          <label><input type="checkbox" name="rechat_consent" checked> Yes, call me
            about this home.</label>
          <button>Send</button>
        </form>
      </rechat-lead-form>`);
      const done = oneEvent(el, 'rechat-lead-success');
      submit(el);
      await done;
      const [{ body }] = await api.requests();
      expect(body).to.include({ email: 'cms@example.com', consent_text: 'Yes, call me about this home.' });
      expect(body).not.to.have.property('rechat_consent');
    });
  });

  it('several forms on one page never clash', async () => {
    const provider = await fixture<RechatSdkElement>(html`<rechat-sdk api-url=${api.url}>
      <rechat-lead-form channel=${channel} lead-source="one"></rechat-lead-form>
      <rechat-lead-form channel=${channel} lead-source="two"></rechat-lead-form>
    </rechat-sdk>`);
    const [one, two] = [...provider.querySelectorAll('rechat-lead-form')];
    await Promise.all([one!.updateComplete, two!.updateComplete]);
    one!.minFillMs = two!.minFillMs = 0;
    const ids = [...provider.querySelectorAll('[id]')].map((e) => e.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const input of provider.querySelectorAll('input:not([name=rechat_hp])')) {
      const label = (input as HTMLInputElement).labels![0]!;
      expect(label.closest('rechat-lead-form') === input.closest('rechat-lead-form'), `the label of ${input.id}`).to.equal(true);
    }
    await expect(provider).to.be.accessible();
    fill(two!, { email: 'two@example.com' });
    const seenOne = recordEvents(one!, EVENTS);
    const done = oneEvent(two!, 'rechat-lead-success');
    submit(two!);
    await done;
    expect(one!.state).to.equal('idle');
    expect(seenOne).to.deep.equal([]);
    const [{ body }] = await api.requests();
    expect(body).to.deep.equal({ lead_source: 'two', email: 'two@example.com' });
  });

  it('attribute values never become markup', async () => {
    const attack = '<img src=x onerror="window.__xss=1">';
    const el = await mount(html`<rechat-lead-form channel=${channel} submit-label=${attack} success-message=${attack}></rechat-lead-form>`);
    expect(el.querySelector('button')!.textContent).to.equal(attack);
    fill(el, { email: 'ada@example.com' });
    const done = oneEvent(el, 'rechat-lead-success');
    submit(el);
    await done;
    expect(el.querySelector('[role=status]')!.textContent).to.equal(attack);
    await settle(50);
    expect(el.querySelectorAll('img')).to.have.length(0);
    expect((window as any).__xss).to.equal(undefined);
  });
});
