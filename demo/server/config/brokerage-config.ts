/**
 * The shape of the sandbox's routing config (`demo/brokerage.json`), after validation.
 *
 * It mirrors seed 004: one brokerage account, its office accounts, their agents, and
 * lead channels whose ordered rules decide who gets a lead that names no known assignee.
 */

/** An agent account: the people leads are assigned to. */
export interface Agent {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly phone_number?: string;
  /** The agent's MLS id (called `mls_id` in the reassignment API). */
  readonly mlsid?: string;
  /** The MLS board the id belongs to, e.g. `NTREIS`. */
  readonly mls?: string;
  /** The office account the agent belongs to. */
  readonly office_id: string;
}

/** An office account and its agents. */
export interface Office {
  readonly id: string;
  readonly name: string;
  readonly agents: readonly Agent[];
}

/** The brokerage account at the top of the hierarchy. */
export interface Brokerage {
  readonly id: string;
  readonly name: string;
  readonly offices: readonly Office[];
}

/** A named group of agents that round-robin and first-to-claim rules draw from. */
export interface AgentPool {
  readonly id: string;
  readonly name: string;
  readonly agent_ids: readonly string[];
}

/** Conditions on lead data; every condition given must hold for the rule to apply. */
export interface RuleConditions {
  /** Inclusive bounds on the lead's price (its `price` field or its listing's price). */
  readonly price?: { readonly min?: number; readonly max?: number };
  /** The lead's postal code must be one of these. */
  readonly postal_codes?: readonly string[];
  /** The lead must carry at least one of these tags (case-insensitive). */
  readonly tags?: readonly string[];
  /** The lead's `lead_source` or `source_type` must be one of these (case-insensitive). */
  readonly sources?: readonly string[];
}

/** The rule types of seed 004. */
export type RuleType =
  | 'specific_agent'
  | 'round_robin_all'
  | 'round_robin_pool'
  | 'first_to_claim'
  | 'default';

interface RuleBase {
  /** Stable id within the channel; keys the rule's round-robin position. */
  readonly id: string;
  /** 1-based position of the rule in its channel, used in routing reasons. */
  readonly number: number;
  readonly name?: string;
  readonly when?: RuleConditions;
}

/** Always assign to one agent. */
export interface SpecificAgentRule extends RuleBase {
  readonly type: 'specific_agent';
  readonly agent_id: string;
}

/** Rotate among every agent of an account (the brokerage or one office). */
export interface RoundRobinAllRule extends RuleBase {
  readonly type: 'round_robin_all';
  readonly account_id: string;
}

/** Rotate among the agents of a pool. */
export interface RoundRobinPoolRule extends RuleBase {
  readonly type: 'round_robin_pool';
  readonly pool_id: string;
}

/** Leave the lead waiting until one agent of the pool claims it. */
export interface FirstToClaimRule extends RuleBase {
  readonly type: 'first_to_claim';
  readonly pool_id: string;
}

/** The catch-all last rule: assign to one agent. */
export interface DefaultRule extends RuleBase {
  readonly type: 'default';
  readonly agent_id: string;
}

/** One routing rule of a lead channel. */
export type Rule =
  | SpecificAgentRule
  | RoundRobinAllRule
  | RoundRobinPoolRule
  | FirstToClaimRule
  | DefaultRule;

/** A lead channel: the id leads are posted to, and its ordered rules. */
export interface LeadChannel {
  /** A UUID, lower case. */
  readonly id: string;
  readonly name: string;
  /** The account (brokerage, office or agent) that owns the channel. */
  readonly account_id: string;
  readonly rules: readonly Rule[];
  /** The account's default channel, which the sandbox gives every account (seed 004). */
  readonly is_default?: boolean;
}

/** The whole validated config. */
export interface BrokerageConfig {
  readonly brokerage: Brokerage;
  readonly pools: readonly AgentPool[];
  readonly lead_channels: readonly LeadChannel[];
}
