import type { PropertyValues } from '@lit/reactive-element';
import { ATTRIBUTION_FIELDS } from '../../core/attribution.js';
import { collectFormFields, submitButtons } from '../../core/form-data.js';
import type { Lead, LeadInput } from '../../core/types.js';
import type { SdkEventMap } from '../../offline-sdk.js';
import { attributeProperties, h, readFields, RechatElement, type Declaration } from '../shared/base.js';
import { sdkOf } from '../shared/sdk-context.js';

/** Where the form is: `idle`, `submitting`, `success`, `queued` (saved offline, sent later) or `error`. */
export type LeadFormState = 'idle' | 'submitting' | 'success' | 'queued' | 'error';

// Lead fields every submission carries unless the form itself has them.
const DEFAULTS = ['lead_source', 'source_type', 'tag', 'listing_id', 'mlsid', 'agent_mlsid', 'assignee_email'];

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

const MESSAGES: Partial<Record<LeadFormState, string>> = {
  success: 'Thank you! Your message has been sent.',
  queued: 'Saved. It will be sent when you are back online.',
  error: 'Sorry, it could not be sent. Please try again.',
};

const list = (value: string) => value.split(',').map((item) => item.trim());

/**
 * A contact form that sends its leads to Rechat. It renders an accessible form of its own
 * in the light DOM (labels, autofill tokens, required marks, a live status message), or —
 * when it contains a `<form>` — sends that form instead (progressive enhancement of a CMS
 * form: every named field becomes a lead field). Offline, the lead is saved and sent when
 * the visitor is back online. Bots that fill the hidden honeypot field or submit faster
 * than a person can get a quiet fake success, and nothing is sent.
 *
 * Styling hooks (light DOM, so plain classes): `.rechat-form` (the rendered form),
 * `.rechat-field`, `.rechat-required`, `.rechat-error`, `.rechat-submit`, `.rechat-status`;
 * the `state` attribute; `unstyled` turns the default look off.
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
 * @attr {string} fields - The fields to render, comma-separated: `first_name`, `last_name`, `email`, `phone_number`, `note`. Default `first_name,last_name,email,phone_number,note`.
 * @attr {string} required - The rendered fields that must be filled, comma-separated.
 * @attr {string} submit-label - The submit button's text. Default `Send`.
 * @attr {string} success-message - Shown once the lead is sent.
 * @attr {'idle'|'submitting'|'success'|'queued'|'error'} state - Reflected, read-only: where the form is.
 * @attr {boolean} unstyled - No default styles: the page's theme alone.
 *
 * @fires {CustomEvent<{ payload: LeadInput }>} rechat-lead-submit - Before sending; cancelable (`preventDefault()` stops it). Listeners may change `detail.payload`.
 * @fires {CustomEvent<{ lead: Lead }>} rechat-lead-success - The lead was created (also when a queued lead is delivered later).
 * @fires {CustomEvent<{ lead: Lead }>} rechat-lead-queued - Offline: the lead is saved and will be sent automatically.
 * @fires {CustomEvent<{ error: RechatError }>} rechat-lead-error - The lead was refused, or the element is misconfigured.
 *
 * @cssprop --rechat-gap - Space between the rendered fields. Default `1em`.
 * @cssprop --rechat-error-color - The error texts of invalid fields. Default `#b3261e`.
 *
 * @slot - Optional: a `<form>` to enhance instead of the rendered one.
 */
export class RechatLeadFormElement extends RechatElement {
  static override tagName = 'rechat-lead-form';
  // What the form renders is reactive; what it sends is read from the attributes at submit.
  static override properties: Record<string, Declaration> = {
    fields: { default: 'first_name,last_name,email,phone_number,note' },
    required: {},
    submitLabel: { attribute: 'submit-label', default: 'Send' },
  };

  static {
    attributeProperties(this, ['channel', 'success_message', ...ATTRIBUTION_FIELDS, ...DEFAULTS]);
  }

  /** The Rechat lead channel (a UUID) the leads go to. */
  declare channel: string;
  /** Attributes the lead to a user. */
  declare userId: string;
  /** Attributes the lead to a brand. */
  declare brandId: string;
  /** Attributes the lead to an ad campaign. */
  declare adCampaignId: string;
  /** Attributes the lead to an email campaign. */
  declare emailCampaignId: string;
  /** Attributes the lead to one email of a campaign. */
  declare emailCampaignEmailId: string;
  /** `lead_source` of every lead, unless the form has one. */
  declare leadSource: string;
  /** `source_type` of every lead, unless the form has one. */
  declare sourceType: string;
  /** Tags of every lead, comma-separated, unless the form has them. */
  declare tag: string;
  /** The listing the enquiry is about. */
  declare listingId: string;
  /** The listing's MLS id. */
  declare mlsid: string;
  /** The agent's MLS id. */
  declare agentMlsid: string;
  /** Assign the lead to the agent with this email. */
  declare assigneeEmail: string;
  /** The fields to render, comma-separated (ignored when the element enhances its own `<form>`). Default `first_name,last_name,email,phone_number,note`. */
  declare fields: string;
  /** The rendered fields that must be filled, comma-separated. */
  declare required: string;
  /** The submit button's text. Default `Send`. */
  declare submitLabel: string;
  /** Shown once the lead is sent; `''` for the default, "Thank you! Your message has been sent." */
  declare successMessage: string;
  /** Where the form is; reflected to the `state` attribute for CSS. Read-only. */
  state: LeadFormState = 'idle';
  /**
   * Submissions sooner than this after the form appeared are taken for a bot's and get
   * a fake success. Milliseconds; default 1500.
   */
  minFillMs = 1500;

  readonly #id = `rechat-${Math.random().toString(36).slice(2, 9)}`;
  readonly #trap = h('input', { name: 'rechat_hp', tabindex: '-1', autocomplete: 'off' });
  // Hidden from people and assistive technology, out of the tab order, never autofilled.
  readonly #honeypot = h('div', { class: 'rechat-hp', 'aria-hidden': 'true' }, this.#trap);
  readonly #status = h('p', { class: 'rechat-status', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  // Set at the first update, when the form is rendered or found.
  #form?: HTMLFormElement;
  #own?: boolean;
  #since?: number;

  constructor() {
    super();
    this.addEventListener('submit', this.#submit);
    // Native validation runs first and focuses the first invalid field; this adds the
    // error text it is described by (`invalid` does not bubble: caught on the way down).
    this.addEventListener('invalid', this.#check, true);
    this.addEventListener('input', this.#check);
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    let form = this.#form;
    if (!form) {
      form = this.#form = this.querySelector('form') ?? this.appendChild(h('form', { class: 'rechat-form' }));
      this.#own = !form.childElementCount;
      this.#since = Date.now();
      form.append(this.#honeypot, this.#status);
      this.setAttribute('state', this.state);
    }
    // Updates come only from the attributes (`state` is not one), so that is when to render.
    if (this.#own) {
      const required = list(this.required);
      form.replaceChildren(
        ...list(this.fields)
          .filter((name) => BUILT_IN[name])
          .map((name) => {
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
                'aria-describedby': `${id}-error`,
              }),
              h('p', { id: `${id}-error`, class: 'rechat-error' }),
            );
          }),
        this.#honeypot,
        h('button', { type: 'submit', class: 'rechat-submit' }, this.submitLabel),
        this.#status,
      );
    }
  }

  // Marks a field invalid with its browser's (localised) message, or clears the mark as it is edited.
  #check = ({ type, target }: Event): void => {
    const field = target as HTMLInputElement;
    const error = field.nextElementSibling;
    const invalid = type === 'invalid';
    if (invalid) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
    if (error?.className === 'rechat-error') error.textContent = invalid ? field.validationMessage : '';
  };

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.state === 'submitting') return;
    // A bot: it filled the honeypot, or was faster than any person. It sees a success.
    if (this.#trap.value || Date.now() - this.#since! < this.minFillMs) return this.#show('success');
    const { assignee_email, ...defaults } = readFields(this, DEFAULTS);
    const payload: LeadInput = { ...defaults, ...collectFormFields(this.#form!, event.submitter) };
    if (assignee_email) payload.assignees = [{ email: assignee_email }];
    if (!this.emit('rechat-lead-submit', { payload }, true)) return;
    const sdk = sdkOf(this);
    this.#show('submitting');
    try {
      const lead = await sdk.Leads.capture({ ...readFields(this, ATTRIBUTION_FIELDS), lead_channel: this.channel }, payload);
      this.#form!.reset();
      if (lead.queued) {
        // Saved offline: once the outbox delivers it, the message turns to "sent".
        const delivered = ({ detail }: SdkEventMap['delivered']) => {
          if (detail.record.id !== lead.outbox_id) return;
          sdk.removeEventListener('delivered', delivered);
          this.#show('success', { lead: detail.lead ?? lead }, false);
        };
        sdk.addEventListener('delivered', delivered);
        this.#show('queued', { lead });
      } else this.#show('success', { lead });
    } catch (error) {
      console.error(error);
      this.#show('error', { error });
    }
  };

  /** Enters `state`: the message, the busy submit button, focus on the message, and the event. */
  #show(state: LeadFormState, detail?: { lead: Lead } | { error: unknown }, focus = true): void {
    const busy = state === 'submitting';
    this.setAttribute('state', (this.state = state));
    for (const button of submitButtons(this.#form!)) {
      button.disabled = busy;
      button.setAttribute('aria-busy', `${busy}`);
    }
    this.#status.textContent = (state === 'success' && this.successMessage) || MESSAGES[state] || '';
    if (busy) return;
    if (focus) this.#status.focus();
    if (detail) this.emit(`rechat-lead-${state}`, detail);
  }
}
