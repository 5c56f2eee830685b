import type { OutboundRequest } from './dispatcher.js';
import type { ApiReply } from './transport.js';
import { RechatError } from './errors.js';
import { collectFormFields, submitButtons } from './form-data.js';
import { isPlainObject, requireId } from './input.js';
import { leadBody, normaliseAssignees, normaliseChannel } from './lead-payload.js';
import type { SdkRuntime } from './runtime.js';
import { Tracker } from './tracker.js';
import { identifyLead, identifyPendingCapture } from './tracking-id.js';
import type { Assignee, Channel, Lead, LeadInput } from './types.js';

/** The callbacks of {@link Leads.form}. */
export interface FormEvents {
  /** Before the capture. Return false (or a promise of false) to cancel it. */
  validate?: (payload: Record<string, unknown>) => boolean | void | Promise<boolean | void>;
  /** The lead was created, or queued to be sent when the visitor is back online (`lead.queued`). */
  onSuccess?: (lead: Lead) => void;
  /** The capture failed. */
  onError?: (error: RechatError) => void;
}

/** What `assign()` resolves with. */
export interface AssignResult {
  queued: boolean;
  body: unknown;
}

/** `sdk.Leads`: creates leads in Rechat's CRM, directly or from a form, and tracks them. */
export class Leads {
  /** Records the identified visitor's activity on their lead's timeline. */
  readonly Tracker: Tracker;
  readonly #sdk: SdkRuntime;

  constructor(sdk: SdkRuntime) {
    this.#sdk = sdk;
    this.Tracker = new Tracker(sdk);
  }

  /**
   * Creates a lead. Checks the channel and the lead before any request; merges in the
   * session's `rechat_*` attribution; identifies the new lead for tracking unless the
   * tracker is off. Resolves `{ queued: true, … }` when the lead is kept to be sent later.
   */
  async capture(channel: Channel, lead: LeadInput = {}): Promise<Lead> {
    const normalChannel = normaliseChannel(channel);
    const body = leadBody(normalChannel, lead);
    const sdk = this.#sdk;
    sdk.visitor?.prepareLead(body);
    const request: OutboundRequest = {
      kind: 'lead',
      apiUrl: this.#sdk.apiUrl,
      method: 'POST',
      path: `/leads/channels/${normalChannel.lead_channel}/webhook`,
      body,
    };
    // Denied: the lead is sent (the visitor asked to be contacted) but not identified.
    const identifies = sdk.autoIdentify && sdk.consent !== 'denied';
    if (identifies && sdk.consent === 'granted') request.identify = sdk.cookie;
    const result = await sdk.dispatcher.dispatch(request);
    const captured = leadFromReply(result.state === 'sent' ? result.reply : null, request);
    if (result.state === 'queued') {
      captured.outbox_id = result.recordId;
      // Tracker calls made meanwhile wait for this capture; the Sdk points the cookie at
      // the lead once the outbox reports it delivered.
      if (request.identify) identifyPendingCapture(request.identify, result.recordId);
    } else if (request.identify && captured.id) identifyLead(request.identify, captured.id);
    const target = captured.id ? { leadId: captured.id } : captured.outbox_id ? { pendingCapture: captured.outbox_id } : undefined;
    if (identifies && target) {
      // Pending consent: the tracking id lives in memory until granted.
      if (!request.identify) sdk.heldTarget = target;
      // The visitor's kept activity follows the capture onto the new lead's timeline.
      void sdk.visitor?.merge(target);
    }
    return captured;
  }

  /**
   * Binds an existing `<form>`: on submit, every named field goes to {@link capture} with
   * `channel`. The page never navigates, and a second submit while one is in flight is
   * ignored. Returns a function that unbinds the form.
   */
  form(form: HTMLFormElement, channel: Channel, events: FormEvents = {}): () => void {
    if (typeof HTMLFormElement === 'undefined' || !(form instanceof HTMLFormElement)) {
      throw new RechatError('invalid_input', 'Leads.form() needs a <form> element');
    }
    // Misconfiguration shows at once, not at the visitor's first submit.
    normaliseChannel(channel);
    let inFlight = false;

    const onSubmit = async (event: SubmitEvent) => {
      event.preventDefault();
      if (inFlight) return;
      inFlight = true;
      const buttons = submitButtons(form).filter((button) => !button.disabled);
      const settle = () => {
        for (const button of buttons) button.disabled = false;
        form.removeAttribute('aria-busy');
        inFlight = false;
      };
      try {
        const payload = collectFormFields(form, event.submitter);
        if (events.validate && (await events.validate(payload)) === false) return settle();
        for (const button of buttons) button.disabled = true;
        form.setAttribute('aria-busy', 'true');
        const lead = await this.capture(channel, payload);
        settle();
        events.onSuccess?.(lead);
      } catch (error) {
        settle();
        const rechatError =
          error instanceof RechatError ? error : new RechatError('invalid_input', String(error), { cause: error });
        if (events.onError) events.onError(rechatError);
        else console.error('[rechat-sdk] The form capture failed:', rechatError);
      }
    };

    form.addEventListener('submit', onSubmit);
    return () => form.removeEventListener('submit', onSubmit);
  }

  /** Replaces a lead's assignees (`PUT /leads/{lead_id}/assignees`). */
  async assign(leadId: string, assignees: Assignee[] | Assignee): Promise<AssignResult> {
    const id = requireId(leadId, 'The lead id');
    const body = normaliseAssignees(assignees);
    const result = await this.#sdk.dispatcher.dispatch({
      kind: 'assign',
      apiUrl: this.#sdk.apiUrl,
      method: 'PUT',
      path: `/leads/${encodeURIComponent(id)}/assignees`,
      body,
    });
    return result.state === 'sent' ? { queued: false, body: result.reply.body } : { queued: true, body: null };
  }
}

/**
 * The lead a capture resolves with, from the webhook's answer: `200 { code: 'OK', data:
 * { id, … } }`, `204` with no body, or none yet (queued).
 */
export function leadFromReply(reply: ApiReply | null, request: Pick<OutboundRequest, 'path' | 'body'>): Lead {
  const body = request.body as Record<string, unknown>;
  const data = replyData(reply);
  return {
    id: replyLeadId(reply),
    contact: text(data.contact),
    created_at: text(data.created_at),
    lead_channel: text(data.lead_channel) ?? request.path.split('/')[3]!,
    source_type: text(data.source_type) ?? text(body.source_type),
    queued: !reply,
  };
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

function replyData(reply: ApiReply | null): Record<string, unknown> {
  return isPlainObject(reply?.body) ? (isPlainObject(reply.body.data) ? reply.body.data : reply.body) : {};
}

/** The id of the lead a webhook reply created, or null (`204`, or no reply yet). */
export function replyLeadId(reply: ApiReply | null): string | null {
  return text(replyData(reply).id);
}
