import type { Agent } from '../config/brokerage-config.js';
import type { ContactRow } from '../db/contacts.js';
import type { ActivityRow, AssigneeRow, HistoryRow, LeadRow } from '../db/leads.js';
import type { Directory } from '../routing/directory.js';
import type { LeadStatus, RoutingDecision } from '../routing/route-lead.js';
import { leadAttribution, visitorHistory, type VisitorHistory } from './visitor-history.js';

/** An agent as the inbox and API replies show one. */
export interface AgentView {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly phone_number?: string;
  readonly office: string;
}

/** The routing facts stored with a lead (its `routing_json` column). */
export type StoredRouting = Pick<RoutingDecision, 'method' | 'rule' | 'position' | 'pool' | 'trace'>;

/** One timeline activity. */
export interface ActivityView {
  readonly id: string;
  readonly action: string;
  readonly created_at: string;
  readonly listing?: unknown;
  readonly search?: unknown;
  readonly notes?: string;
}

/** A lead with everything the inbox shows. */
export interface LeadView {
  readonly id: string;
  readonly seq: number;
  readonly created_at: string;
  readonly status: LeadStatus;
  readonly source_type: string;
  readonly lead_channel: { readonly id: string; readonly name: string };
  readonly contact: ContactRow;
  /** The lead's fields as received (normalised), attribution and unknown fields. */
  readonly lead: Record<string, unknown>;
  readonly assignees: readonly (AgentView & { readonly via: string; readonly assigned_at: string })[];
  readonly routing: StoredRouting & { readonly reason: string };
  /** Agents who may claim the lead, while it awaits a claim. */
  readonly claim_pool: readonly AgentView[] | null;
  readonly timeline: readonly ActivityView[];
  /** The timeline split: what the visitor did before getting in touch (merged by the SDK), and after. */
  readonly visitor: VisitorHistory<ActivityView>;
  /** Campaign attribution from the raw payload: last touch, and the visitor's first touch. */
  readonly attribution: ReturnType<typeof leadAttribution>;
  readonly history: readonly Omit<HistoryRow, 'lead_id'>[];
}

/** Related rows of a batch of leads, grouped by lead id. */
export interface LeadRelations {
  readonly contacts: ReadonlyMap<string, ContactRow>;
  readonly assignees: readonly AssigneeRow[];
  readonly timeline: readonly ActivityRow[];
  readonly history: readonly HistoryRow[];
}

/** Shows an agent; an id no longer in the config (it was edited) still shows its id. */
export function agentView(directory: Directory, agentId: string): AgentView {
  const agent: Agent | undefined = directory.agent(agentId);
  if (!agent) return { id: agentId, first_name: '', last_name: agentId, email: '', office: '' };
  return {
    id: agent.id,
    first_name: agent.first_name,
    last_name: agent.last_name,
    email: agent.email,
    ...(agent.phone_number ? { phone_number: agent.phone_number } : {}),
    office: directory.account(agent.office_id)?.name ?? '',
  };
}

/** Assembles lead views from rows fetched in bulk (one query per table, not per lead). */
export function buildLeadViews(rows: readonly LeadRow[], related: LeadRelations, directory: Directory): LeadView[] {
  const byLead = <T extends { lead_id: string }>(list: readonly T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const item of list) {
      const bucket = map.get(item.lead_id);
      if (bucket) bucket.push(item);
      else map.set(item.lead_id, [item]);
    }
    return map;
  };
  const assignees = byLead(related.assignees);
  const timeline = byLead(related.timeline);
  const history = byLead(related.history);

  return rows.map((row) => {
    const routing = JSON.parse(row.routing_json) as StoredRouting;
    const pool = row.claim_pool_json ? (JSON.parse(row.claim_pool_json) as string[]) : null;
    const lead = { ...(JSON.parse(row.lead_json) as object), ...(row.extra_json ? { extra: JSON.parse(row.extra_json) as unknown } : {}) };
    const activities = (timeline.get(row.id) ?? []).map(activityView);
    return {
      id: row.id,
      seq: row.seq,
      created_at: row.created_at,
      status: row.status,
      source_type: row.source_type,
      lead_channel: { id: row.lead_channel, name: directory.channel(row.lead_channel)?.name ?? 'Unknown channel' },
      contact: related.contacts.get(row.contact_id) ?? {
        id: row.contact_id,
        first_name: null,
        last_name: null,
        email: null,
        phone_number: null,
      },
      lead,
      assignees: (assignees.get(row.id) ?? []).map((a) => ({
        ...agentView(directory, a.agent_id),
        via: a.via,
        assigned_at: a.assigned_at,
      })),
      routing: { ...routing, reason: row.reason },
      claim_pool: pool ? pool.map((id) => agentView(directory, id)) : null,
      timeline: activities,
      visitor: visitorHistory(activities),
      attribution: leadAttribution(lead),
      history: (history.get(row.id) ?? []).map(({ lead_id: _lead, ...entry }) => entry),
    };
  });
}

function activityView(row: ActivityRow): ActivityView {
  return {
    id: row.id,
    action: row.action,
    created_at: row.created_at,
    ...(row.listing_json ? { listing: JSON.parse(row.listing_json) as unknown } : {}),
    ...(row.search_json ? { search: JSON.parse(row.search_json) as unknown } : {}),
    ...(row.notes ? { notes: row.notes } : {}),
  };
}
