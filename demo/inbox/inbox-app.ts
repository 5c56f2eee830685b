import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { fetchConfig, fetchLeads } from './inbox-api.js';
import { agentName, contactName } from './format.js';
import './inbox-lead.js';
import type { LeadView } from './types.js';

const PAGE_SIZE = 50;

type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The sandbox inbox: every lead, newest first, kept current by the server's event
 * stream (`/inbox/events`). New leads are announced through a polite live region so a
 * screen-reader user hears them arrive without losing their place.
 */
@customElement('rechat-inbox')
export class InboxApp extends LitElement {
  @state() private leads: LeadView[] = [];
  @state() private total = 0;
  @state() private brokerage = '';
  @state() private connection: Connection = 'connecting';
  @state() private announcement = '';
  @state() private loadError = '';
  @state() private loadingOlder = false;
  @state() private loaded = false;

  #events?: EventSource;
  #hadError = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('rechat-inbox-claimed', this.#onClaimed);
    void this.#loadFirstPage();
    fetchConfig().then(
      (config) => (this.brokerage = config.brokerage.name),
      () => undefined,
    );
    this.#connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('rechat-inbox-claimed', this.#onClaimed);
    this.#events?.close();
    this.#events = undefined;
  }

  protected override render(): TemplateResult {
    return html`
      <header class="inbox-header">
        <h1>Inbox${this.brokerage ? html` <span class="brokerage">· ${this.brokerage}</span>` : nothing}</h1>
        <p class="connection connection-${this.connection}">${CONNECTION_LABELS[this.connection]}</p>
      </header>
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</p>
      <main>
        <h2 id="leads-heading">Leads <span class="count">(${this.total})</span></h2>
        ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>` : nothing}
        ${!this.loaded ? html`<p class="empty">Loading leads…</p>` : nothing}
        ${this.loaded && this.leads.length === 0 && !this.loadError
          ? html`<p class="empty">No leads yet. Post one to a lead channel's webhook and it appears here.</p>`
          : nothing}
        <ol class="leads" aria-labelledby="leads-heading">
          ${this.leads.map((lead) => html`<li><rechat-inbox-lead .lead=${lead}></rechat-inbox-lead></li>`)}
        </ol>
        ${this.leads.length < this.total
          ? html`<button type="button" class="older" ?disabled=${this.loadingOlder} @click=${this.#loadOlder}>
              ${this.loadingOlder ? 'Loading…' : 'Show older leads'}
            </button>`
          : nothing}
      </main>
    `;
  }

  async #loadFirstPage(): Promise<void> {
    try {
      const page = await fetchLeads(PAGE_SIZE);
      // Events that arrived while the page loaded are newer than it: keep them on top.
      const known = new Set(page.leads.map((l) => l.id));
      this.leads = [...this.leads.filter((l) => !known.has(l.id)), ...page.leads];
      this.total = Math.max(page.total, this.leads.length);
      this.loadError = '';
    } catch (error) {
      this.loadError = `Could not load leads: ${(error as Error).message}`;
    } finally {
      this.loaded = true;
    }
  }

  #loadOlder = async (): Promise<void> => {
    const last = this.leads[this.leads.length - 1];
    if (!last) return;
    this.loadingOlder = true;
    try {
      const page = await fetchLeads(PAGE_SIZE, last.seq);
      const known = new Set(this.leads.map((l) => l.id));
      this.leads = [...this.leads, ...page.leads.filter((l) => !known.has(l.id))];
      this.total = page.total;
    } catch (error) {
      this.loadError = `Could not load older leads: ${(error as Error).message}`;
    } finally {
      this.loadingOlder = false;
    }
  };

  #connect(): void {
    const events = new EventSource('/inbox/events');
    this.#events = events;
    events.addEventListener('open', () => {
      this.connection = 'live';
      // After a drop (a sandbox restart), leads may have arrived unseen: reload.
      if (this.#hadError) void this.#loadFirstPage();
      this.#hadError = false;
    });
    events.addEventListener('error', () => {
      this.connection = 'reconnecting';
      this.#hadError = true;
    });
    events.addEventListener('lead.created', (event) => this.#onLeadCreated(parse(event)));
    events.addEventListener('lead.updated', (event) => this.#upsert(parse(event)));
  }

  #onLeadCreated(lead: LeadView | undefined): void {
    if (!lead || this.leads.some((l) => l.id === lead.id)) return;
    this.leads = [lead, ...this.leads];
    this.total += 1;
    const who = lead.assignees.length
      ? `assigned to ${lead.assignees.map(agentName).join(', ')}`
      : lead.status === 'awaiting_claim'
        ? 'waiting for an agent to claim it'
        : 'not assigned';
    this.announcement = `New lead from ${contactName(lead)} via ${lead.lead_channel.name}, ${who}.`;
  }

  #upsert(lead: LeadView | undefined): void {
    if (!lead) return;
    const index = this.leads.findIndex((l) => l.id === lead.id);
    if (index === -1) return this.#onLeadCreated(lead);
    this.leads = this.leads.map((l) => (l.id === lead.id ? lead : l));
  }

  #onClaimed = (event: CustomEvent<{ lead: LeadView }>): void => {
    this.#upsert(event.detail.lead);
    this.announcement = `Lead from ${contactName(event.detail.lead)} claimed by ${event.detail.lead.assignees.map(agentName).join(', ')}.`;
  };
}

const CONNECTION_LABELS: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live: new leads appear as they arrive',
  reconnecting: 'Connection lost; reconnecting…',
};

function parse(event: Event): LeadView | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as LeadView;
  } catch {
    return undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-inbox': InboxApp;
  }
}
