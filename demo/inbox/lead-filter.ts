import type { LeadFilter, LeadView } from './types.js';

/**
 * Whether a lead belongs in a filtered list: the same rules as the server's
 * `GET /inbox/api/leads` filters, applied to leads that arrive on the live stream.
 */
export function matchesFilter(lead: LeadView, filter: LeadFilter): boolean {
  if (filter.status && lead.status !== filter.status) return false;
  if (filter.channel && lead.lead_channel.id !== filter.channel) return false;
  if (filter.agent) {
    const assigned = lead.assignees.some((a) => a.id === filter.agent);
    const mayClaim = lead.status === 'awaiting_claim' && (lead.claim_pool ?? []).some((a) => a.id === filter.agent);
    if (!assigned && !mayClaim) return false;
  }
  if (filter.q) {
    const q = filter.q.trim().toLowerCase();
    const digits = q.replace(/\D/g, '');
    const { first_name, last_name, email, phone_number } = lead.contact;
    const name = `${first_name ?? ''} ${last_name ?? ''}`.toLowerCase();
    const phone = (phone_number ?? '').replace(/\D/g, '');
    if (!name.includes(q) && !(email ?? '').toLowerCase().includes(q) && !(digits.length >= 3 && phone.includes(digits))) return false;
  }
  return true;
}

/** The filter an agent's own view (`/inbox?agent=<id>`) shows: leads waiting for them to claim. */
export function agentViewFilter(agentId: string): LeadFilter {
  return { status: 'awaiting_claim', agent: agentId };
}
