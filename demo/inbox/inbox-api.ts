import type { InboxConfig, LeadView, LeadsPage } from './types.js';

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

/** Leads newest first; `before` pages back from a lead's `seq`. */
export function fetchLeads(limit: number, before?: number): Promise<LeadsPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before !== undefined) query.set('before', String(before));
  return request(`/inbox/api/leads?${query}`);
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
