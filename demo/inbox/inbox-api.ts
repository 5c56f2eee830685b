import type { InboxConfig, LeadFilter, LeadView, LeadsPage } from './types.js';

/** An API call that did not succeed; `message` is the server's explanation. */
export class InboxApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'InboxApiError';
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = typeof body === 'object' && body && 'message' in body ? String(body.message) : response.statusText;
    throw new InboxApiError(response.status, message);
  }
  return body as T;
}

/** The brokerage and its channels, for the page header. */
export function fetchConfig(): Promise<InboxConfig> {
  return request('/inbox/api/config');
}

/** Leads newest first, filtered; `before` pages back from a lead's `seq`. */
export function fetchLeads(limit: number, before?: number, filter: LeadFilter = {}): Promise<LeadsPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before !== undefined) query.set('before', String(before));
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  return request(`/inbox/api/leads?${query}`);
}

/** Marks an agent away (routing skips them) or back. */
export function setAway(agentId: string, away: boolean): Promise<{ id: string; away: boolean }> {
  return request(`/inbox/api/agents/${encodeURIComponent(agentId)}/availability`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ away }),
  });
}

/** Claims a first-to-claim lead for an agent of its pool; 409 if someone was first. */
export async function claimLead(leadId: string, agentId: string): Promise<LeadView> {
  const { lead } = await request<{ lead: LeadView }>(`/inbox/api/leads/${encodeURIComponent(leadId)}/claim`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ agent_id: agentId }),
  });
  return lead;
}
