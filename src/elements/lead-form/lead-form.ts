import type { PropertyValues } from '@lit/reactive-element';
import { ATTRIBUTION_FIELDS } from '../../core/attribution.js';
import { RechatError } from '../../core/errors.js';
import { collectFormFields, submitButtons } from '../../core/form-data.js';
import { isUuid } from '../../core/input.js';
import type { Lead, LeadInput } from '../../core/types.js';
import type { Sdk } from '../../offline-sdk.js';
import { attributeProperties, h, readFields, RechatElement, type Attributes, type Declaration, type Properties } from '../shared/base.js';
import { documentParsed, parsedPast } from '../shared/parsed.js';
import { sdkOf } from '../shared/sdk-context.js';

/** Where the form is: `idle`, `submitting`, `success`, `queued` (saved, sent later) or `error`. */
export type LeadFormState = 'idle' | 'submitting' | 'success' | 'queued' | 'error';

// Lead fields every submission carries unless the form itself has them.
const DEFAULTS = ['lead_source', 'source_type', 'tag', 'listing_id', 'mlsid', 'agent_mlsid', 'assignee_email'] as const;
// The attributes read when the lead is sent, declared once: the properties
// (`lead-source` → `leadSource`) and their types are made from this list.
const ATTRIBUTES = ['channel', 'success_message', ...ATTRIBUTION_FIELDS, ...DEFAULTS] as const;
// What the form renders is reactive: a change renders it again.
const RENDERED = {
  fields: { default: 'first_name,last_name,email,phone_number,note' },
  required: {},
  submitLabel: { attribute: 'submit-label', default: 'Send' },
  consentText: { attribute: 'consent-text' },
} satisfies Record<string, Declaration>;
/** The consent checkbox's name: not sent as it is; a checked box adds the proof fields instead. */
export const CONSENT_FIELD = 'rechat_consent';

// The fields the element can render: label, input type (a textarea when none), autocomplete token.
// No pattern on names or phone numbers: "Zoë", "李", "O'Brien-Smith", "+44 (0)20 7946-0958"
// or "1-800-SELL-NOW x12" are all real, and a form that refuses a real visitor loses a lead.
const BUILT_IN: Record<string, [label: string, type?: string, autocomplete?: string]> = {
  first_name: ['First name', 'text', 'given-name'],
  last_name: ['Last name', 'text', 'family-name'],
  email: ['Email', 'email', 'email'],
  phone_number: ['Phone', 'tel', 'tel'],
  note: ['Message'],
};
// A lead needs one of these to be answered; `phone` is the SDK's alias of `phone_number`.
const CONTACT = ['email', 'phone_number', 'phone'];
/** The tag a submission faster than a person types is sent with, for the CRM to filter. */
export const SPAM_TAG = 'Possible spam';

const MESSAGES = {
  contact: 'Please enter an email address or a phone number.',
  success: 'Thank you! Your message has been sent.',
  offline: 'Saved. It will be sent when you are back online.',
  unreachable: 'Saved. We could not reach our server yet, and will keep trying.',
  retry: 'Sorry, it could not be sent. Please try again.',
  check: 'Sorry, it could not be sent. Please check what you entered.',
  // Retrying cannot help: the form is misconfigured, or the API refused it for good.
  broken: 'Sorry, this form cannot send messages. Please contact us another way.',
};

// The honeypot's wrapper, as inline `!important` declarations set through the CSSOM: no
// theme rule (`#content form div { position: static }`) outranks them, a shadow root
// does not stop them, and a strict CSP allows them (it blocks style attributes in markup,
// not the CSSOM). `inert` keeps it out of the tab order and the accessibility tree.
const HIDDEN: Record<string, string> = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  'clip-path': 'inset(50%)',
  opacity: '0',
};

// API URLs already reported as unreachable: one console warning each per page.
const unreachable = new Set<string>();

const list = (value: string) => value.split(',').map((item) => item.trim());

/** The message for an error: ask to try again only where trying again can help. */
function messageFor(error: unknown): string {
  const { code, status } = error as Partial<RechatError>;
  if (code === 'network' || code === 'storage') return MESSAGES.retry;
  return code === 'http' && (status === 400 || status === 422) ? MESSAGES.check : MESSAGES.broken;
}

/**
 * A contact form that sends its leads to Rechat. It renders an accessible form of its own
 * in the light DOM (labels, autofill tokens, required marks, a live status message), or —
 * when it contains a `<form>`, however late that arrives — sends that form instead
 * (progressive enhancement of a CMS form: every named field becomes a lead field). A
 * lead needs an email or a phone number: without one nothing is sent and the visitor is
 * shown what to fill. Offline or with the API out of reach, the lead is saved and sent
 * later. A filled honeypot gets a quiet fake success and nothing is sent; a submission
 * faster than a person types is sent tagged `Possible spam`.
 *
 * Styling hooks (light DOM, so plain classes): `.rechat-form` (the rendered form),
 * `.rechat-field`, `.rechat-hint`, `.rechat-required`, `.rechat-error`, `.rechat-submit`,
 * `.rechat-status`; the `state` attribute; `unstyled` turns the default look off.
 *
 * @tagname rechat-lead-form
 * @summary A lead capture form: renders an accessible form, or enhances the `<form>` inside it.
 *
 * @attr {string} channel - The Rechat lead channel (a UUID). Required.
 * @attr {string} user-id - Attributes the lead to a user.
 * @attr {string} brand-id - Attributes the lead to a brand.
 * @attr {string} ad-campaign-id - Attributes the lead to an ad campaign.
 * @attr {string} email-campaign-id - Attributes the lead to an email campaign.
 * @attr {string} email-campaign-email-id - Attributes the lead to one email of a campaign.
 * @attr {string} lead-source - The lead's `lead_source`, unless the form has one.
 * @attr {string} source-type - The lead's `source_type`, unless the form has one.
 * @attr {string} tag - Tags, comma-separated, unless the form has them.
 * @attr {string} listing-id - The listing the enquiry is about.
 * @attr {string} mlsid - The listing's MLS id.
 * @attr {string} agent-mlsid - The agent's MLS id.
 * @attr {string} assignee-email - Assign the lead to the agent with this email.
 * @attr {string} fields - The fields to render, comma-separated: `first_name`, `last_name`, `email`, `phone_number`, `note`. Default `first_name,last_name,email,phone_number,note`. It must include `email` or `phone_number`.
 * @attr {string} required - The rendered fields that must be filled, comma-separated. Without it, an email or a phone number is needed.
 * @attr {string} submit-label - The submit button's text. Default `Send`.
 * @attr {string} success-message - Shown once the lead is sent.
 * @attr {string} consent-text - Renders an unchecked consent checkbox with this exact text; when ticked, the lead carries `consent_text`, `consent_at` (ISO time) and `consent_url` (the page) as proof.
 * @attr {boolean} consent-required - The consent checkbox must be ticked to send.
 * @attr {'idle'|'submitting'|'success'|'queued'|'error'} state - Reflected, read-only: where the form is.
 * @attr {boolean} unstyled - No default styles: the page's theme alone.
 *
 * @fires {CustomEvent<{ payload: LeadInput }>} rechat-lead-submit - Before sending; cancelable (`preventDefault()` stops it). Listeners may change `detail.payload`.
 * @fires {CustomEvent<{ lead: Lead }>} rechat-lead-success - The lead was created (also when a queued lead is delivered later).
 * @fires {CustomEvent<{ lead: Lead }>} rechat-lead-queued - The lead is saved and will be sent automatically (offline, or the API out of reach).
 * @fires {CustomEvent<{ error: RechatError }>} rechat-lead-error - The lead was refused or dropped, or the element is misconfigured (fired once the page is parsed).
 * @fires {CustomEvent<{ reason: 'honeypot' | 'too-fast' }>} rechat-lead-spam - A bot's submission: `honeypot` (nothing sent) or `too-fast` (sent, tagged `Possible spam`).
 *
 * @cssprop --rechat-gap - Space between the rendered fields. Default `1em`.
 * @cssprop --rechat-error-color - The error texts of invalid fields. Default `#b3261e`.
 */
export class RechatLeadFormElement extends RechatElement {
  static override tagName = 'rechat-lead-form';
  static override properties: Record<string, Declaration> = { ...RENDERED, consentRequired: { attribute: 'consent-required', type: Boolean } };

  static {
    attributeProperties(this, ATTRIBUTES);
  }

  /** With `consent-text`: the visitor must tick the consent box to send (the `consent-required` attribute). */
  declare consentRequired: boolean;

  /** Where the form is; reflected to the `state` attribute for CSS. Read-only. */
  state: LeadFormState = 'idle';
  /**
   * Submissions sooner than this after the form appeared are sent tagged `Possible spam`
   * (autofill and fast typists are people too). Milliseconds; default 1500.
   */
  minFillMs = 1500;

  readonly #id = `rechat-${Math.random().toString(36).slice(2, 9)}`;
  readonly #trap = h('input', { name: 'rechat_hp', tabindex: '-1', autocomplete: 'off' });
  // Hidden from people and assistive technology, out of the tab order, never autofilled.
  readonly #honeypot = h('div', { class: 'rechat-hp', 'aria-hidden': 'true', inert: '' }, this.#trap);
  readonly #status = h('p', { class: 'rechat-status', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  // The form it sends (its own or the page's), and its own while it shows one.
  #form?: HTMLFormElement;
  #own?: HTMLFormElement;
  // The form of the submission in progress: its buttons are the busy ones.
  #sending?: HTMLFormElement;
  #since = 0;
  #watcher?: MutationObserver;
  #reported = false;

  constructor() {
    super();
    for (const [property, value] of Object.entries(HIDDEN)) this.#honeypot.style.setProperty(property, value, 'important');
    this.addEventListener('submit', this.#submit);
    // Native validation runs first and focuses the first invalid field; this adds the
    // error text it is described by (`invalid` does not bubble: caught on the way down).
    this.addEventListener('invalid', this.#check, true);
    this.addEventListener('input', this.#check);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Its content may come after it: still being parsed (the script in <head>, a slow
    // page), or appended later by a page builder. Each change is looked at.
    (this.#watcher ??= new MutationObserver(() => this.#adopt())).observe(this, { childList: true, subtree: true });
    void documentParsed().then(() => {
      if (!this.isConnected) return;
      this.#adopt();
      this.#reportSetup();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watcher?.disconnect();
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    // Updates come only from the attributes (`state` is not one), so that is when to render.
    if (!this.#adopt() && this.#own) this.#render(this.#own);
  }

  /**
   * Decides, once the content is there, which form to send: a `<form>` of the page's
   * inside it wins (and replaces its own, if it showed one: exactly one form is shown);
   * with none, it renders its own once no more content can be parsed into it. True
   * when it has just rendered its own.
   */
  #adopt(): boolean {
    const theirs = [...this.querySelectorAll('form')].find((form) => form !== this.#own);
    if (theirs) {
      if (theirs !== this.#form) {
        this.#own?.remove();
        this.#own = undefined;
        this.#use(theirs);
      }
    } else if (!this.#form && parsedPast(this)) {
      this.#use((this.#own = this.appendChild(h('form', { class: 'rechat-form' }))));
      this.#render(this.#own);
      return true;
    }
    return false;
  }

  #use(form: HTMLFormElement): void {
    this.#form = form;
    this.#since = Date.now();
    form.append(this.#honeypot);
    form.after(this.#status);
    this.setAttribute('state', this.state);
  }

  /** Renders its own form's fields; what the visitor typed, and the focus, stay. */
  #render(form: HTMLFormElement): void {
    const typed = new Map(
      [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.rechat-field [name]')].map((c) => [c.name, c.value]),
    );
    const active = (this.getRootNode() as Document | ShadowRoot).activeElement as HTMLInputElement | null;
    const focused = active && form.contains(active) ? active.name : '';
    const names = list(this.fields).filter((name) => BUILT_IN[name]);
    const required = list(this.required);
    // One way to reach the visitor: it is required. Two and neither required: a hint says one is needed.
    const contact = names.filter((name) => CONTACT.includes(name));
    if (contact.length === 1) required.push(contact[0]!);
    const hint = contact.length > 1 && !contact.some((name) => required.includes(name)) && `${this.#id}-contact`;
    form.replaceChildren(
      ...(hint ? [h('p', { id: hint, class: 'rechat-hint' }, MESSAGES.contact)] : []),
      ...names.map((name) => {
        const [label, type, autocomplete] = BUILT_IN[name]!;
        const id = `${this.#id}-${name}`;
        const mandatory = required.includes(name) && 'true';
        return h(
          'div',
          { class: 'rechat-field' },
          h('label', { for: id }, label, mandatory ? h('span', { class: 'rechat-required', 'aria-hidden': 'true' }, ' *') : ''),
          h(type ? 'input' : 'textarea', {
            id,
            name,
            type,
            autocomplete,
            inputmode: type !== 'text' && type,
            required: mandatory,
            'aria-required': mandatory,
            'aria-describedby': `${id}-error${hint && contact.includes(name) ? ` ${hint}` : ''}`,
          }),
          h('p', { id: `${id}-error`, class: 'rechat-error' }),
        );
      }),
      ...this.#consentBox(),
      this.#honeypot,
      h('button', { type: 'submit', class: 'rechat-submit' }, this.submitLabel),
    );
    for (const [name, value] of typed) {
      const control = form.elements.namedItem(name) as HTMLInputElement | null;
      if (control) control.value = value;
    }
    if (focused) (form.elements.namedItem(focused) as HTMLElement | null)?.focus();
  }

  /**
   * The consent checkbox (TCPA/GDPR opt-in), unchecked, its label the exact `consent-text`;
   * none without a text. Required with `consent-required`: the browser's message for an
   * unticked required box is shown under it and named by `aria-describedby`.
   */
  #consentBox(): HTMLElement[] {
    const text = this.consentText.trim();
    if (!text) return [];
    const id = `${this.#id}-${CONSENT_FIELD}`;
    const mandatory = this.consentRequired ? 'true' : false;
    return [
      h(
        'div',
        { class: 'rechat-field rechat-consent' },
        h(
          'label',
          { for: id },
          h('input', { id, type: 'checkbox', name: CONSENT_FIELD, value: 'yes', required: mandatory, 'aria-required': mandatory, 'aria-describedby': `${id}-error` }),
          ` ${text}`,
          mandatory ? h('span', { class: 'rechat-required', 'aria-hidden': 'true' }, ' *') : '',
        ),
        h('p', { id: `${id}-error`, class: 'rechat-error' }),
      ),
    ];
  }

  /**
   * The proof of a ticked consent box: the exact text the visitor agreed to (`consent-text`,
   * or for a CMS form's own `rechat_consent` box without it, that box's label), when, and on
   * which page. Undefined when the form has no ticked box.
   */
  #consentProof(form: HTMLFormElement): Record<string, string> | undefined {
    const box = form.elements.namedItem(CONSENT_FIELD);
    if (!(box instanceof HTMLInputElement) || !box.checked) return;
    const text = this.consentText.trim() || (box.labels?.[0]?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { consent_text: text, consent_at: new Date().toISOString(), consent_url: location.href.split('#')[0]! };
  }

  /** What is wrong with the element's own setup: retrying cannot help the visitor. */
  #setupError(): RechatError | undefined {
    const channel = this.channel.trim();
    const problem = !channel
      ? ['channel', 'is missing', 'set it to the UUID of your Rechat lead channel']
      : !isUuid(channel)
        ? ['channel', 'is not a UUID', 'copy the lead channel id from Rechat']
        : this.#own && !list(this.fields).some((name) => CONTACT.includes(name))
          ? ['fields', 'has no email or phone_number', 'add one: a lead needs a way to reply']
          : undefined;
    if (!problem) return;
    const [attribute, what, fix] = problem;
    return new RechatError(
      attribute === 'channel' ? 'invalid_channel' : 'invalid_input',
      `<${this.localName}>: its ${attribute} attribute ${what}; ${fix}.`,
    );
  }

  // Reported once, when the page is parsed, rather than at the visitor's first submit.
  #reportSetup(): void {
    const error = this.#setupError();
    if (this.#reported || !error) return;
    this.#reported = true;
    console.error(`[rechat-sdk] ${error.message}`);
    this.emit('rechat-lead-error', { error });
  }

  // Marks a field invalid with its browser's (localised) message, or clears the mark as it
  // is edited; typing in one contact field answers "an email or a phone number" for both.
  #check = ({ type, target }: Event): void => {
    const field = target as HTMLInputElement;
    const fields = type === 'input' && CONTACT.includes(field.name) ? CONTACT.map((name) => field.form?.elements.namedItem(name)) : [field];
    for (const each of fields) if (each && 'validity' in each) this.#mark(each as HTMLInputElement, type === 'invalid' ? field.validationMessage : '');
  };

  #mark(field: HTMLInputElement, message: string): void {
    // The rendered fields' error line is in their `.rechat-field` (a checkbox sits in its label).
    const error = field.closest('.rechat-field')?.querySelector('.rechat-error') ?? field.nextElementSibling;
    if (message) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
    if (error?.className === 'rechat-error') error.textContent = message;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    const form = event.target as HTMLFormElement;
    event.preventDefault();
    if (this.state === 'submitting') return;
    this.#adopt();
    this.#sending = form;
    const setup = this.#setupError();
    if (setup) {
      this.#show('error', MESSAGES.broken);
      this.emit('rechat-lead-error', { error: setup });
      return;
    }
    // A bot: it filled the field no person sees. It sees a success; nothing is sent.
    if (this.#trap.value) {
      this.emit('rechat-lead-spam', { reason: 'honeypot' });
      return this.#show('success', this.successMessage || MESSAGES.success);
    }
    const { assignee_email, ...defaults } = readFields(this, DEFAULTS);
    const { [CONSENT_FIELD]: _box, ...fields } = collectFormFields(form, event.submitter);
    const payload: LeadInput = { ...defaults, ...fields, ...this.#consentProof(form) };
    if (!CONTACT.some((name) => payload[name as keyof LeadInput])) return this.#askForContact(form);
    if (assignee_email) payload.assignees = [{ email: assignee_email }];
    // Faster than a person types — or autofill: sent, marked for the CRM to filter.
    if (Date.now() - this.#since < this.minFillMs) {
      const { tag } = payload;
      payload.tag = [...(typeof tag === 'string' ? tag.split(',') : (tag ?? [])), SPAM_TAG];
      this.emit('rechat-lead-spam', { reason: 'too-fast' });
    }
    if (!this.emit('rechat-lead-submit', { payload }, true)) return;
    this.#show('submitting');
    let sdk: Sdk | undefined;
    try {
      sdk = sdkOf(this);
      const lead = await sdk.Leads.capture({ ...readFields(this, ATTRIBUTION_FIELDS), lead_channel: this.channel.trim() }, payload);
      if (lead.queued) {
        this.#follow(sdk, lead, form);
        this.#show('queued', navigator.onLine === false ? MESSAGES.offline : this.#unreachable(sdk));
        this.emit('rechat-lead-queued', { lead });
      } else this.#succeed(lead, form);
    } catch (error) {
      this.#fail(error, sdk);
    }
  };

  #succeed(lead: Lead, form: HTMLFormElement, focus = true): void {
    form.reset();
    this.#show('success', this.successMessage || MESSAGES.success, focus);
    this.emit('rechat-lead-success', { lead });
  }

  #fail(error: unknown, sdk?: Sdk, focus = true): void {
    const { status } = error as RechatError;
    console.error(
      status === 404
        ? `[rechat-sdk] <${this.localName}>: ${sdk?.apiUrl} does not know its channel "${this.channel}" (404): check the attribute.`
        : `[rechat-sdk] <${this.localName}>: the lead was not sent.`,
      error,
    );
    this.#show('error', messageFor(error), focus);
    this.emit('rechat-lead-error', { error: error as RechatError });
  }

  // Saved, not yet sent (offline, the API out of reach): "sent" once the outbox delivers
  // it, the error if the API refuses it or it is dropped. What was typed stays until then.
  #follow(sdk: Sdk, lead: Lead, form: HTMLFormElement): void {
    const outcomes = ['delivered', 'failed', 'dropped'] as const;
    const settle = (event: Event) => {
      const { detail } = event as CustomEvent;
      if (detail.record.id !== lead.outbox_id) return;
      for (const type of outcomes) sdk.removeEventListener(type, settle);
      if (event.type === 'delivered') return this.#succeed(detail.lead ?? lead, form, false);
      this.#fail(detail.error ?? new RechatError('storage', `The saved lead was dropped (${detail.reason})`), sdk, false);
    };
    for (const type of outcomes) sdk.addEventListener(type, settle);
  }

  // Online, and still queued: the API did not answer. Not "back online": the visitor is.
  #unreachable(sdk: Sdk): string {
    if (!unreachable.has(sdk.apiUrl)) {
      unreachable.add(sdk.apiUrl);
      console.warn(`[rechat-sdk] ${sdk.apiUrl} did not answer: the lead is saved and will be sent again.`);
    }
    return MESSAGES.unreachable;
  }

  // No email and no phone number: nothing is sent; the field to fill is marked and focused.
  #askForContact(form: HTMLFormElement): void {
    const field = CONTACT.map((name) => form.elements.namedItem(name)).find((c): c is HTMLInputElement => !!c && 'focus' in c);
    this.#show('idle', MESSAGES.contact, !field);
    if (field) {
      this.#mark(field, MESSAGES.contact);
      field.focus();
    }
  }

  /** Enters `state`: the message, the busy submit buttons, focus on the message. */
  #show(state: LeadFormState, message = '', focus = true): void {
    const busy = state === 'submitting';
    this.setAttribute('state', (this.state = state));
    for (const button of submitButtons(this.#sending ?? this.#form!)) {
      button.disabled = busy;
      button.setAttribute('aria-busy', `${busy}`);
    }
    this.#status.textContent = message;
    if (!busy && focus) this.#status.focus();
  }
}

// The properties made from the attribute list (declared after the class: the manifest
// analyzer takes the first declaration of a name for the class).
/** The lead form's attributes: channel, success message, attribution and lead defaults, and what it renders. */
export interface RechatLeadFormElement extends Attributes<typeof ATTRIBUTES>, Properties<typeof RENDERED> {}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-lead-form': RechatLeadFormElement;
  }
}
