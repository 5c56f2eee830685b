/**
 * The JSON the inbox reads from `/inbox/api/*` and `/inbox/events`. A browser-side copy
 * of `demo/server/leads/lead-view.ts` (the server's types pull in Node modules).
 */

export type LeadStatus = 'assigned' | 'awaiting_claim' | 'unassigned';

export interface AgentView {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly phone_number?: string;
  readonly office: string;
}

export interface ActivityView {
  readonly id: string;
  readonly action: string;
  readonly created_at: string;
  readonly listing?: Record<string, unknown>;
  readonly search?: Record<string, unknown>;
  readonly notes?: string;
}

export interface LeadView {
  readonly id: string;
  readonly seq: number;
  readonly created_at: string;
  readonly status: LeadStatus;
  readonly source_type: string;
  readonly lead_channel: { readonly id: string; readonly name: string };
  readonly contact: {
    readonly id: string;
    readonly first_name: string | null;
    readonly last_name: string | null;
    readonly email: string | null;
    readonly phone_number: string | null;
  };
  readonly lead: Record<string, unknown>;
  readonly assignees: readonly (AgentView & { readonly via: string; readonly assigned_at: string })[];
  readonly routing: {
    readonly reason: string;
    readonly method: string;
    readonly trace: readonly string[];
    readonly rule?: { readonly number: number; readonly id: string; readonly name?: string; readonly type: string };
    readonly position?: number;
    readonly pool?: { readonly id: string; readonly name: string };
  };
  readonly claim_pool: readonly AgentView[] | null;
  readonly timeline: readonly ActivityView[];
  /** The timeline split by the server (`demo/server/leads/visitor-history.ts`). */
  readonly visitor: {
    readonly before_contact: readonly (Omit<ActivityView, 'notes'> & { readonly at: string; readonly notes?: string })[];
    readonly listing_views: number;
    readonly sessions: number;
    readonly after_contact: readonly ActivityView[];
  };
  readonly attribution: { readonly last: Record<string, string>; readonly first_touch?: Record<string, string> };
  readonly history: readonly { readonly at: string; readonly event: string; readonly reason: string }[];
}

export interface LeadsPage {
  readonly leads: LeadView[];
  readonly total: number;
}

export interface InboxConfig {
  readonly brokerage: { readonly id: string; readonly name: string };
  readonly lead_channels: readonly { readonly id: string; readonly name: string; readonly account: string; readonly default?: true }[];
  readonly agents: readonly (AgentView & { readonly away: boolean })[];
}

/** The inbox's list filters; `agent` means assigned to the agent or waiting for their claim. */
export interface LeadFilter {
  readonly status?: LeadStatus | undefined;
  readonly agent?: string | undefined;
  readonly channel?: string | undefined;
  readonly q?: string | undefined;
}
