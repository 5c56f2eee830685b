import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { fetchConfig, fetchLeads, setAway } from './inbox-api.js';
import { agentName, contactName, statusLabel } from './format.js';
import { agentViewFilter, matchesFilter } from './lead-filter.js';
import './inbox-lead.js';
import type { InboxConfig, LeadFilter, LeadStatus, LeadView } from './types.js';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;
const STATUSES: readonly LeadStatus[] = ['awaiting_claim', 'assigned', 'unassigned'];

type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The sandbox inbox: leads newest first, filtered and searched by the API, kept current
 * by the server's event stream (`/inbox/events`). New leads are announced through a
 * polite live region so a screen-reader user hears them arrive without losing their place.
 *
 * `/inbox?agent=<id>` is that agent's own view: the first-to-claim leads waiting for them,
 * live, with a browser notification for each new one when the agent has allowed them,
 * and their availability switch.
 */
@customElement('rechat-inbox')
export class InboxApp extends LitElement {
  @state() private leads: LeadView[] = [];
  @state() private total = 0;
  @state() private config?: InboxConfig;
  @state() private connection: Connection = 'connecting';
  @state() private announcement = '';
  @state() private loadError = '';
  @state() private loadingOlder = false;
  @state() private loaded = false;
  @state() private filter: LeadFilter = {};
  @state() private notifications: NotificationPermission | 'unsupported' =
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

  /** The agent whose own view this is (`?agent=`), if any. */
  readonly #agentId = new URLSearchParams(location.search).get('agent') ?? undefined;
  #events?: EventSource;
  #hadError = false;
  #searchTimer?: ReturnType<typeof setTimeout>;
  /** Bumped by every new first-page load, so a slow older response cannot overwrite a newer one. */
  #loadId = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#agentId) this.filter = agentViewFilter(this.#agentId);
    this.addEventListener('rechat-inbox-claimed', this.#onClaimed);
    void this.#loadFirstPage();
    fetchConfig().then(
      (config) => (this.config = config),
      () => undefined,
    );
    this.#connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('rechat-inbox-claimed', this.#onClaimed);
    clearTimeout(this.#searchTimer);
    this.#events?.close();
    this.#events = undefined;
  }

  protected override render(): TemplateResult {
    const agent = this.#agentId ? this.config?.agents.find((a) => a.id === this.#agentId) : undefined;
    const heading = this.#agentId ? `Waiting for ${agent ? agentName(agent) : this.#agentId} to claim` : 'Leads';
    return html`
      <header class="inbox-header">
        <h1>Inbox${this.config ? html` <span class="brokerage">· ${this.config.brokerage.name}</span>` : nothing}</h1>
        <p class="connection connection-${this.connection}">${CONNECTION_LABELS[this.connection]}</p>
      </header>
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</p>
      <main>
        ${this.#agentId ? this.#renderAgentTools(agent) : this.#renderFilters()}
        <h2 id="leads-heading" tabindex="-1">${heading} <span class="count">(${this.total})</span></h2>
        ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>` : nothing}
        ${!this.loaded ? html`<p class="empty">Loading leads…</p>` : nothing}
        ${this.loaded && this.leads.length === 0 && !this.loadError ? html`<p class="empty">${this.#emptyText()}</p>` : nothing}
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

  #renderFilters(): TemplateResult {
    const config = this.config;
    return html`
      <form class="filters" role="search" aria-label="Filter leads" @submit=${(e: Event) => e.preventDefault()}>
        <label>Search <input type="search" name="q" placeholder="Name, email or phone" autocomplete="off" @input=${this.#onSearch}></label>
        <label>Status
          <select name="status" @change=${this.#onFilterChange}>
            <option value="">Any status</option>
            ${STATUSES.map((s) => html`<option value=${s}>${statusLabel(s)}</option>`)}
          </select>
        </label>
        <label>Agent
          <select name="agent" @change=${this.#onFilterChange}>
            <option value="">Any agent</option>
            ${(config?.agents ?? []).map((a) => html`<option value=${a.id}>${agentName(a)}</option>`)}
          </select>
        </label>
        <label>Channel
          <select name="channel" @change=${this.#onFilterChange}>
            <option value="">Any channel</option>
            ${(config?.lead_channels ?? []).map((c) => html`<option value=${c.id}>${c.name}</option>`)}
          </select>
        </label>
      </form>
      <details class="agents">
        <summary>Agent availability</summary>
        <p>Routing skips agents marked away, and says so in each lead's reason.</p>
        <ul>
          ${(config?.agents ?? []).map(
            (a) => html`<li>
              <label><input type="checkbox" .checked=${a.away} @change=${(e: Event) => this.#toggleAway(a.id, e)}> ${agentName(a)} is away</label>
              <a href=${`/inbox?agent=${encodeURIComponent(a.id)}`}>${agentName(a)}'s claim view</a>
            </li>`,
          )}
        </ul>
      </details>
    `;
  }

  #renderAgentTools(agent: (InboxConfig['agents'][number]) | undefined): TemplateResult {
    return html`
      <section class="agent-tools" aria-label="Your settings">
        <p><a href="/inbox">All leads</a></p>
        ${agent
          ? html`<label><input type="checkbox" .checked=${agent.away} @change=${(e: Event) => this.#toggleAway(agent.id, e)}> I'm away (routing skips me)</label>`
          : nothing}
        ${this.notifications === 'default'
          ? html`<button type="button" @click=${this.#askNotifications}>Notify me of new leads to claim</button>`
          : this.notifications === 'granted'
            ? html`<p>Browser notifications are on.</p>`
            : this.notifications === 'denied'
              ? html`<p>Browser notifications are blocked; new leads still appear here.</p>`
              : nothing}
      </section>
    `;
  }

  #emptyText(): string {
    if (this.#agentId) return 'Nothing waiting for you to claim. New leads appear here as they arrive.';
    return Object.values(this.filter).some(Boolean)
      ? 'No leads match these filters.'
      : "No leads yet. Post one to a lead channel's webhook and it appears here.";
  }

  #onFilterChange = (event: Event): void => {
    const { name, value } = event.target as HTMLSelectElement;
    this.filter = { ...this.filter, [name]: value || undefined };
    void this.#loadFirstPage();
  };

  #onSearch = (event: Event): void => {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => {
      this.filter = { ...this.filter, q: value || undefined };
      void this.#loadFirstPage();
    }, SEARCH_DELAY_MS);
  };

  async #toggleAway(agentId: string, event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    try {
      const { away } = await setAway(agentId, input.checked);
      this.#applyAvailability(agentId, away);
    } catch (error) {
      input.checked = !input.checked;
      this.loadError = `Could not change availability: ${(error as Error).message}`;
    }
  }

  #applyAvailability(agentId: string, away: boolean): void {
    if (!this.config) return;
    this.config = { ...this.config, agents: this.config.agents.map((a) => (a.id === agentId ? { ...a, away } : a)) };
  }

  #askNotifications = async (): Promise<void> => {
    this.notifications = await Notification.requestPermission();
  };

  async #loadFirstPage(): Promise<void> {
    const loadId = ++this.#loadId;
    const filter = this.filter;
    try {
      const page = await fetchLeads(PAGE_SIZE, undefined, filter);
      if (loadId !== this.#loadId) return;
      // Events that arrived while the page loaded are newer than it: keep them on top.
      const known = new Set(page.leads.map((l) => l.id));
      const arrived = this.leads.filter((l) => !known.has(l.id) && matchesFilter(l, filter) && l.seq > (page.leads[0]?.seq ?? 0));
      this.leads = [...arrived, ...page.leads];
      this.total = Math.max(page.total, this.leads.length);
      this.loadError = '';
    } catch (error) {
      if (loadId === this.#loadId) this.loadError = `Could not load leads: ${(error as Error).message}`;
    } finally {
      if (loadId === this.#loadId) this.loaded = true;
    }
  }

  #loadOlder = async (): Promise<void> => {
    const last = this.leads[this.leads.length - 1];
    if (!last) return;
    const loadId = this.#loadId;
    this.loadingOlder = true;
    try {
      const page = await fetchLeads(PAGE_SIZE, last.seq, this.filter);
      if (loadId !== this.#loadId) return;
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
      // After a drop (a sandbox restart, or the server letting go of a slow reader),
      // leads may have arrived unseen: reload.
      if (this.#hadError) void this.#loadFirstPage();
      this.#hadError = false;
    });
    events.addEventListener('error', () => {
      this.connection = 'reconnecting';
      this.#hadError = true;
    });
    events.addEventListener('lead.created', (event) => this.#onLeadCreated(parse<LeadView>(event)));
    events.addEventListener('lead.updated', (event) => this.#upsert(parse<LeadView>(event)));
    events.addEventListener('agent.availability', (event) => {
      const change = parse<{ id: string; away: boolean }>(event);
      if (change) this.#applyAvailability(change.id, change.away);
    });
  }

  #onLeadCreated(lead: LeadView | undefined): void {
    if (!lead || this.leads.some((l) => l.id === lead.id) || !matchesFilter(lead, this.filter)) return;
    this.leads = [lead, ...this.leads];
    this.total += 1;
    const who = lead.assignees.length
      ? `assigned to ${lead.assignees.map(agentName).join(', ')}`
      : lead.status === 'awaiting_claim'
        ? 'waiting for an agent to claim it'
        : 'not assigned';
    this.announcement = `New lead from ${contactName(lead)} via ${lead.lead_channel.name}, ${who}.`;
    if (this.#agentId && this.notifications === 'granted') {
      new Notification('A lead is waiting for you to claim', { body: `${contactName(lead)} via ${lead.lead_channel.name}`, tag: lead.id });
    }
  }

  /** A changed lead: updated in place, added if it now matches, removed if it no longer does. */
  #upsert(lead: LeadView | undefined): void {
    if (!lead) return;
    const index = this.leads.findIndex((l) => l.id === lead.id);
    if (index === -1) return this.#onLeadCreated(lead);
    if (!matchesFilter(lead, this.filter)) return this.#remove(index);
    this.leads = this.leads.map((l) => (l.id === lead.id ? lead : l));
  }

  /**
   * Takes a lead off the list (claimed in an agent's view, say). If the keyboard focus
   * was in it, focus moves to the lead that takes its place, else the list's heading,
   * so a keyboard user carries on from the same place instead of the top of the page.
   */
  #remove(index: number): void {
    const removed = this.leads[index];
    if (!removed) return;
    const hadFocus = this.#article(removed.id)?.contains(document.activeElement) ?? false;
    this.leads = this.leads.filter((l) => l.id !== removed.id);
    this.total = Math.max(0, this.total - 1);
    if (hadFocus) this.#focus(this.leads[Math.min(index, this.leads.length - 1)]);
  }

  /** Focuses a lead's card (or the list heading) once the list has rendered. */
  #focus(lead: LeadView | undefined): void {
    void this.updateComplete.then(() => (lead ? this.#article(lead.id) : this.querySelector<HTMLElement>('#leads-heading'))?.focus());
  }

  #article(leadId: string): HTMLElement | null {
    return this.querySelector<HTMLElement>(`[aria-labelledby="lead-${leadId}-title"]`);
  }

  /** After a claim the claim form is gone: focus moves to the lead's card (see also `#remove`). */
  #onClaimed = (event: CustomEvent<{ lead: LeadView }>): void => {
    const { lead } = event.detail;
    const hadFocus = this.#article(lead.id)?.contains(document.activeElement) ?? false;
    this.#upsert(lead);
    this.announcement = `Lead from ${contactName(lead)} claimed by ${lead.assignees.map(agentName).join(', ')}.`;
    if (hadFocus && this.leads.some((l) => l.id === lead.id)) this.#focus(lead);
  };
}

const CONNECTION_LABELS: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live: new leads appear as they arrive',
  reconnecting: 'Connection lost; reconnecting…',
};

function parse<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rechat-inbox': InboxApp;
  }
}
