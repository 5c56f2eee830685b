import type { Agent } from '../config/brokerage-config.js';
import { agentName, type Directory } from './directory.js';

/** An assignee as a lead (or the reassignment API) names one. All fields optional. */
export interface AssigneeInput {
  readonly email?: string;
  readonly phone_number?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  /** MLS id; the reassignment API calls it `mls_id`, the SDK `mlsid`. */
  readonly mlsid?: string;
  readonly mls?: string;
}

/** Which detail identified the agent, in seed 004's order of precedence. */
export type MatchedBy = 'email' | 'phone' | 'name' | 'mlsid';

/** The outcome of matching one assignee. */
export type AssigneeMatch =
  | { readonly agent: Agent; readonly matched_by: MatchedBy; readonly detail: string }
  | { readonly agent?: undefined; readonly detail: string };

/**
 * Finds the agent one assignee names, trying email, then phone, then name, then MLS id —
 * the flow chart of seed 004. A detail that is given but finds nobody falls through to
 * the next one, so a stale email with a correct phone number still reaches the agent.
 */
export function matchAssignee(directory: Directory, input: AssigneeInput, label: string): AssigneeMatch {
  const tried: string[] = [];

  if (input.email?.trim()) {
    const agent = directory.findByEmail(input.email);
    if (agent) return found(agent, 'email', `Assignee matched by email: ${input.email.trim()} → ${agentName(agent)}`);
    tried.push(`email ${input.email.trim()}`);
  }
  if (input.phone_number?.trim()) {
    const agent = directory.findByPhone(input.phone_number);
    if (agent) return found(agent, 'phone', `Assignee matched by phone: ${input.phone_number.trim()} → ${agentName(agent)}`);
    tried.push(`phone ${input.phone_number.trim()}`);
  }
  if (input.first_name?.trim() && input.last_name?.trim()) {
    const agents = directory.findByName(input.first_name, input.last_name);
    const name = `${input.first_name.trim()} ${input.last_name.trim()}`;
    const [agent] = agents;
    if (agent && agents.length === 1) return found(agent, 'name', `Assignee matched by name: ${name} → ${agentName(agent)}`);
    tried.push(agents.length > 1 ? `name ${name} (ambiguous: ${agents.length} agents)` : `name ${name}`);
  }
  if (input.mlsid?.trim()) {
    const agents = directory.findByMlsId(input.mlsid, input.mls);
    const id = input.mls?.trim() ? `${input.mls.trim()} ${input.mlsid.trim()}` : input.mlsid.trim();
    const [agent] = agents;
    if (agent && agents.length === 1) return found(agent, 'mlsid', `Assignee matched by MLS id: ${id} → ${agentName(agent)}`);
    tried.push(agents.length > 1 ? `MLS id ${id} (ambiguous: ${agents.length} agents)` : `MLS id ${id}`);
  }

  return {
    detail: tried.length
      ? `${label} (${tried.join(', ')}) matched no agent`
      : `${label} has no email, phone, name or MLS id to match`,
  };
}

/** Every assignee matched, the details of those that were not, in input order. */
export interface AssigneesOutcome {
  readonly matched: readonly { readonly agent: Agent; readonly matched_by: MatchedBy; readonly detail: string }[];
  readonly unmatched: readonly string[];
}

/**
 * Matches each assignee in turn; every assignee that names an agent assigns that agent
 * (seed 004: "Get Next Assignee" loops until none are left). An agent named twice is
 * assigned once.
 */
export function matchAssignees(directory: Directory, inputs: readonly AssigneeInput[]): AssigneesOutcome {
  const matched: { agent: Agent; matched_by: MatchedBy; detail: string }[] = [];
  const unmatched: string[] = [];
  inputs.forEach((input, i) => {
    const match = matchAssignee(directory, input, `Assignee ${i + 1}`);
    if (!match.agent) unmatched.push(match.detail);
    else if (!matched.some((m) => m.agent.id === match.agent.id)) matched.push(match);
  });
  return { matched, unmatched };
}

function found(agent: Agent, matched_by: MatchedBy, detail: string): AssigneeMatch {
  return { agent, matched_by, detail };
}
