import type { Agent, LeadChannel, Rule, RuleType } from '../config/brokerage-config.js';
import { checkConditions, type LeadFacts } from './conditions.js';
import { agentName, type Directory } from './directory.js';
import { matchAssignees, type AssigneeInput, type MatchedBy } from './match-assignees.js';
import { roundRobinKey, type RoundRobinStore } from './round-robin.js';

/** What routing needs from a lead. */
export interface RoutableLead extends LeadFacts {
  readonly assignees: readonly AssigneeInput[];
}

/**
 * `assigned`: has agents. `awaiting_claim`: a first-to-claim rule is waiting for one of
 * its pool. `unassigned`: nothing matched and the channel has no default fallback.
 */
export type LeadStatus = 'assigned' | 'awaiting_claim' | 'unassigned';

/** How an agent came to be assigned. */
export type AssignedVia = MatchedBy | RuleType | 'claim';

/** One assigned agent and how. */
export interface Assignment {
  readonly agent: Agent;
  readonly via: AssignedVia;
}

/** Where a lead went and why; stored with the lead. */
export interface RoutingDecision {
  readonly status: LeadStatus;
  readonly assignments: readonly Assignment[];
  /** One human-readable sentence (or a few, joined by "; "). */
  readonly reason: string;
  /** `assignees` when the lead's own assignees decided; else the deciding rule's type. */
  readonly method: 'assignees' | RuleType | 'none';
  /** The rule that decided, if one did. */
  readonly rule?: { readonly number: number; readonly id: string; readonly name?: string; readonly type: RuleType };
  /** The round-robin position the rule handed out (0-based), for round-robin rules. */
  readonly position?: number;
  /** The pool of a first-to-claim or round-robin-pool rule. */
  readonly pool?: { readonly id: string; readonly name: string; readonly agent_ids: readonly string[] };
  /** Why earlier rules did not apply, in order; shown in the inbox. */
  readonly trace: readonly string[];
}

/**
 * Routes one lead through a channel, as seed 004 describes: the lead's own assignees
 * first (each matched by email, then phone, then name, then MLS id); when none of them
 * is an agent, the channel's rules in order, the first whose conditions hold deciding.
 *
 * Agents in `away` are skipped everywhere, with the reason recorded: an away assignee is
 * passed over, a specific-agent or default rule whose agent is away is skipped (the next
 * rule decides), round robins move on to the next available agent, and a first-to-claim
 * pool waits only for its available agents. A rule left with nobody available is skipped.
 *
 * Pure apart from `roundRobin.take`, which a round-robin rule calls exactly once: the
 * caller runs this inside the transaction that stores the lead, so a position handed out
 * always belongs to a stored lead and concurrent leads never share one.
 */
export function routeLead(
  channel: LeadChannel,
  lead: RoutableLead,
  directory: Directory,
  roundRobin: RoundRobinStore,
  away: ReadonlySet<string> = new Set(),
): RoutingDecision {
  const { matched: allMatched, unmatched: notAgents } = matchAssignees(directory, lead.assignees);
  const matched = allMatched.filter((m) => !away.has(m.agent.id));
  const unmatched = [...notAgents, ...allMatched.filter((m) => away.has(m.agent.id)).map((m) => `${m.detail}, but ${agentName(m.agent)} is away`)];
  if (matched.length > 0) {
    return {
      status: 'assigned',
      method: 'assignees',
      assignments: matched.map((m) => ({ agent: m.agent, via: m.matched_by })),
      reason: [...matched.map((m) => m.detail), ...unmatched].join('; '),
      trace: [],
    };
  }

  const trace: string[] = [...unmatched];
  let awaySkips = 0;
  for (const rule of channel.rules) {
    const conditions = checkConditions(rule.when, lead);
    if (!conditions.ok) {
      trace.push(`${ruleLabel(rule)} skipped: ${conditions.failures.join('; ')}`);
      continue;
    }
    const decision = applyRule(channel, rule, directory, roundRobin, trace.length > 0 || rule.number > 1, away);
    if (typeof decision === 'string') {
      if (decision.includes('away')) awaySkips += 1;
      trace.push(`${ruleLabel(rule)} skipped: ${decision}`);
      continue;
    }
    const prefix = unmatched.length ? `${unmatched.join('; ')}; ` : '';
    return { ...decision, reason: prefix + decision.reason, trace };
  }

  return {
    status: 'unassigned',
    method: 'none',
    assignments: [],
    reason: awaySkips
      ? `${trace.join('; ')}; no rule left with an available agent, so the lead is unassigned`
      : `${unmatched.length ? `${unmatched.join('; ')}; ` : ''}No rule matched and channel '${channel.name}' has no default fallback; the lead is unassigned`,
    trace,
  };
}

type RuleOutcome = Omit<RoutingDecision, 'trace'>;

function applyRule(
  channel: LeadChannel,
  rule: Rule,
  directory: Directory,
  roundRobin: RoundRobinStore,
  earlierRules: boolean,
  away: ReadonlySet<string>,
): RuleOutcome | string {
  const ruleRef = { number: rule.number, id: rule.id, type: rule.type, ...(rule.name ? { name: rule.name } : {}) };
  const assigned = (agent: Agent, reason: string, extra: Partial<RuleOutcome> = {}): RuleOutcome => ({
    status: 'assigned',
    method: rule.type,
    rule: ruleRef,
    assignments: [{ agent, via: rule.type }],
    reason,
    ...extra,
  });

  switch (rule.type) {
    case 'specific_agent': {
      const agent = required(directory.agent(rule.agent_id), rule.agent_id);
      if (away.has(agent.id)) return `${agentName(agent)} is away`;
      return assigned(agent, `${ruleLabel(rule)} (Specific agent): assigned to ${agentName(agent)}`);
    }
    case 'default': {
      const agent = required(directory.agent(rule.agent_id), rule.agent_id);
      if (away.has(agent.id)) return `the default agent ${agentName(agent)} is away`;
      return assigned(
        agent,
        earlierRules
          ? `No rule matched; default fallback to ${agentName(agent)} (rule ${rule.number})`
          : `Default fallback (rule ${rule.number}): assigned to ${agentName(agent)}`,
      );
    }
    case 'round_robin_all': {
      const account = directory.account(rule.account_id);
      if (!account || account.agents.length === 0) return 'its account has no agents';
      const turn = nextAvailable(account.agents, channel, rule, roundRobin, away);
      if (typeof turn === 'string') return turn;
      return assigned(
        turn.agent,
        `${ruleLabel(rule)} (Round robin over all agents of ${account.name}): next agent ${agentName(turn.agent)} (position ${turn.position}${turn.skipped})`,
        { position: turn.position },
      );
    }
    case 'round_robin_pool': {
      const pool = required(directory.pool(rule.pool_id), rule.pool_id);
      const turn = nextAvailable(directory.poolAgents(pool.id), channel, rule, roundRobin, away);
      if (typeof turn === 'string') return turn;
      return assigned(
        turn.agent,
        `${ruleLabel(rule)} (Round robin over pool '${pool.name}'): next agent ${agentName(turn.agent)} (position ${turn.position}${turn.skipped})`,
        { position: turn.position, pool },
      );
    }
    case 'first_to_claim': {
      const pool = required(directory.pool(rule.pool_id), rule.pool_id);
      const members = directory.poolAgents(pool.id);
      const available = members.filter((a) => !away.has(a.id));
      const absent = members.filter((a) => away.has(a.id)).map(agentName);
      if (available.length === 0) return `everyone in pool '${pool.name}' is away`;
      return {
        status: 'awaiting_claim',
        method: rule.type,
        rule: ruleRef,
        assignments: [],
        // The lead waits for the agents available now; only they are notified and may claim.
        pool: { ...pool, agent_ids: available.map((a) => a.id) },
        reason: `${ruleLabel(rule)} (First to claim, pool '${pool.name}'): waiting for one of ${available.map(agentName).join(', ')} to claim it${absent.length ? ` (${absent.join(', ')} away)` : ''}`,
      };
    }
  }
}

/**
 * The next agent of a rotation who is not away. Each agent passed over uses up its turn
 * (a position), so the rotation stays even: the agent after them is next, not them again
 * once they are back. With nobody available, no position is used.
 */
function nextAvailable(
  agents: readonly Agent[],
  channel: LeadChannel,
  rule: Rule,
  roundRobin: RoundRobinStore,
  away: ReadonlySet<string>,
): { agent: Agent; position: number; skipped: string } | string {
  if (agents.every((a) => away.has(a.id))) return 'every agent it rotates over is away';
  const passed: string[] = [];
  for (;;) {
    const position = roundRobin.take(roundRobinKey(channel.id, rule.id));
    const agent = agents[position % agents.length] as Agent;
    if (!away.has(agent.id)) {
      return { agent, position, skipped: passed.length ? `; skipped ${passed.join(', ')}: away` : '' };
    }
    passed.push(agentName(agent));
  }
}

/** "Rule 2 'Luxury listings'": how reasons name a rule. */
function ruleLabel(rule: Rule): string {
  return rule.name ? `Rule ${rule.number} '${rule.name}'` : `Rule ${rule.number}`;
}

// The config was validated against the same directory, so a miss here is a bug, not input.
function required<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new Error(`Routing config refers to unknown id '${id}'`);
  return value;
}
