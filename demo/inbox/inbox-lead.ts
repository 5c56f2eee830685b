import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { InboxApiError, claimLead } from './inbox-api.js';
import { actionLabel, activitySubject, agentName, contactName, formatTime, leadFacts, statusLabel, touchFacts, visitorSummary } from './format.js';
import type { ActivityView, LeadView } from './types.js';

/**
 * One lead in the inbox: contact, channel, assignees, the routing reason, its timeline,
 * and, while it waits for a first-to-claim, a form to claim it as one of the pool.
 *
 * Every value from the lead is bound as text (lit escapes it); nothing from a lead is
 * ever used as markup or as a link target.
 *
 * @fires rechat-inbox-claimed - after a successful claim; `detail.lead` is the updated lead.
 */
@customElement('rechat-inbox-lead')
export class InboxLead extends LitElement {
  /** The lead to show. */
  @property({ attribute: false }) lead?: LeadView;

  @state() private claiming = false;
  @state() private claimError = '';

  // Light DOM: the page stylesheet (allowed by the CSP) styles it, and tests and
  // screen readers see one plain document.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult | typeof nothing {
    const lead = this.lead;
    if (!lead) return nothing;
    const titleId = `lead-${lead.id}-title`;
    const facts = leadFacts(lead);
    return html`
      <article class="lead" data-status=${lead.status} aria-labelledby=${titleId} tabindex="-1">
        <header class="lead-header">
          <h3 id=${titleId}>${contactName(lead)}</h3>
          <span class="badge badge-${lead.status}">${statusLabel(lead.status)}</span>
          <time datetime=${lead.created_at}>${formatTime(lead.created_at)}</time>
        </header>
        <dl class="facts">
          <div><dt>Channel</dt><dd>${lead.lead_channel.name}</dd></div>
          <div><dt>Contact</dt><dd>${[lead.contact.email, lead.contact.phone_number].filter(Boolean).join(' · ') || '—'}</dd></div>
          <div>
            <dt>Assigned to</dt>
            <dd class="assignees">
              ${lead.assignees.length
                ? lead.assignees.map((a) => html`<span class="agent">${agentName(a)}<span class="office">${a.office}</span></span>`)
                : html`<span class="none">Nobody yet</span>`}
            </dd>
          </div>
          <div class="reason"><dt>Why</dt><dd>${lead.routing.reason}</dd></div>
          ${facts.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}
        </dl>
        ${lead.status === 'awaiting_claim' && lead.claim_pool ? this.renderClaim(lead) : nothing}
        ${this.renderSections(lead)}
      </article>
    `;
  }

  /**
   * The collapsible sections under the lead's facts, in order. A new section (a
   * visitor's history, say) is one more render method added to this list.
   */
  protected renderSections(lead: LeadView): TemplateResult[] {
    const sections = [this.renderTimeline(lead), this.renderRoutingHistory(lead)];
    if (Object.keys(lead.attribution.last).length || lead.attribution.first_touch) sections.unshift(this.renderAttribution(lead));
    if (lead.visitor.before_contact.length) sections.unshift(this.renderVisitorHistory(lead));
    return sections;
  }

  /** What the visitor did before getting in touch (kept by the SDK, merged at capture), at its original times. */
  protected renderVisitorHistory(lead: LeadView): TemplateResult {
    return html`
      <details class="visitor-history">
        <summary>${visitorSummary(lead.visitor)}</summary>
        <ol>
          ${lead.visitor.before_contact.map((a) => this.renderActivity({ ...a, created_at: a.at }))}
        </ol>
      </details>
    `;
  }

  protected renderAttribution(lead: LeadView): TemplateResult {
    const { last, first_touch } = lead.attribution;
    const list = (facts: [string, string][]) => html`<dl class="facts">${facts.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
    return html`
      <details class="attribution">
        <summary>How they found us</summary>
        ${list(touchFacts(last))}
        ${first_touch ? html`<p>First visit</p>${list(touchFacts(first_touch))}` : nothing}
      </details>
    `;
  }

  protected renderTimeline(lead: LeadView): TemplateResult {
    const after = lead.visitor.after_contact;
    return html`
      <details class="timeline">
        <summary>Timeline (${after.length} ${after.length === 1 ? 'activity' : 'activities'})</summary>
        ${after.length ? html`<ol>${after.map((a) => this.renderActivity(a))}</ol>` : html`<p>No activity yet.</p>`}
      </details>
    `;
  }

  private renderActivity(a: ActivityView): TemplateResult {
    return html`<li>
      <time datetime=${a.created_at}>${formatTime(a.created_at)}</time>
      <strong>${actionLabel(a.action)}</strong>
      ${activitySubject(a) ? html`<span class="subject">${activitySubject(a)}</span>` : nothing}
      ${a.notes ? html`<span class="notes">${a.notes}</span>` : nothing}
    </li>`;
  }

  protected renderRoutingHistory(lead: LeadView): TemplateResult {
    return html`
      <details class="routing">
        <summary>Routing history</summary>
        <ol>
          ${lead.routing.trace.map((line) => html`<li class="trace">${line}</li>`)}
          ${lead.history.map((h) => html`<li><time datetime=${h.at}>${formatTime(h.at)}</time> ${h.event}: ${h.reason}</li>`)}
        </ol>
      </details>
    `;
  }

  private renderClaim(lead: LeadView): TemplateResult {
    const selectId = `claim-${lead.id}`;
    return html`
      <form class="claim" @submit=${this.onClaim}>
        <label for=${selectId}>Claim as</label>
        <select id=${selectId} name="agent_id" ?disabled=${this.claiming}>
          ${(lead.claim_pool ?? []).map((agent) => html`<option value=${agent.id}>${agentName(agent)}</option>`)}
        </select>
        <!-- aria-disabled, not disabled: a disabled button loses the keyboard focus. -->
        <button type="submit" aria-disabled=${this.claiming ? 'true' : 'false'} aria-describedby=${`${lead.id}-claim-error`}>
          ${this.claiming ? 'Claiming…' : `Claim lead from ${contactName(lead)}`}
        </button>
        <p id=${`${lead.id}-claim-error`} class="error" role="alert">${this.claimError}</p>
      </form>
    `;
  }

  private async onClaim(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const lead = this.lead;
    const form = event.currentTarget as HTMLFormElement;
    const agentId = new FormData(form).get('agent_id');
    if (!lead || typeof agentId !== 'string' || this.claiming) return;
    this.claiming = true;
    this.claimError = '';
    try {
      const updated = await claimLead(lead.id, agentId);
      this.dispatchEvent(new CustomEvent('rechat-inbox-claimed', { detail: { lead: updated }, bubbles: true, composed: true }));
    } catch (error) {
      this.claimError =
        error instanceof InboxApiError && error.status === 409
          ? `Too late: ${error.message}`
          : `Could not claim: ${(error as Error).message}`;
    } finally {
      this.claiming = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-inbox-lead': InboxLead;
  }
  interface GlobalEventHandlersEventMap {
    'rechat-inbox-claimed': CustomEvent<{ lead: LeadView }>;
  }
}
