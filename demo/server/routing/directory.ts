import { createHash } from 'node:crypto';
import type { Agent, AgentPool, BrokerageConfig, LeadChannel, Rule } from '../config/brokerage-config.js';
import { emailKey, mlsKey, nameKey, phoneKey } from './normalize.js';

/** The kinds of account of seed 004's hierarchy. */
export type AccountKind = 'brokerage' | 'office' | 'agent';

/** An account: the brokerage, an office or an agent, with the agents it covers. */
export interface Account {
  readonly id: string;
  readonly kind: AccountKind;
  readonly name: string;
  readonly agents: readonly Agent[];
}

/**
 * Read-only lookups over a validated config: agents by each identifying detail,
 * the agents of an account or pool, and channels by id. Built once at start.
 *
 * Every account (brokerage, office, agent) also gets its default lead channel (seed 004:
 * "Each account gets 1 default lead channel to start"), with an id derived from the
 * account id so that it stays the same across restarts.
 */
export class Directory {
  readonly #agents = new Map<string, Agent>();
  readonly #byEmail = new Map<string, Agent>();
  readonly #byPhone = new Map<string, Agent>();
  readonly #byName = new Map<string, Agent[]>();
  readonly #byMlsId = new Map<string, Agent[]>();
  readonly #accounts = new Map<string, Account>();
  readonly #pools = new Map<string, AgentPool>();
  readonly #channels = new Map<string, LeadChannel>();

  constructor(readonly config: BrokerageConfig) {
    const all: Agent[] = [];
    for (const office of config.brokerage.offices) {
      this.#accounts.set(office.id, { id: office.id, kind: 'office', name: office.name, agents: office.agents });
      for (const agent of office.agents) {
        all.push(agent);
        this.#accounts.set(agent.id, { id: agent.id, kind: 'agent', name: agentName(agent), agents: [agent] });
        this.#agents.set(agent.id, agent);
        const email = emailKey(agent.email);
        if (email) this.#byEmail.set(email, agent);
        const phone = phoneKey(agent.phone_number);
        if (phone) this.#byPhone.set(phone, agent);
        push(this.#byName, nameKey(agent.first_name, agent.last_name), agent);
        push(this.#byMlsId, mlsKey(agent.mlsid), agent);
      }
    }
    this.#accounts.set(config.brokerage.id, { id: config.brokerage.id, kind: 'brokerage', name: config.brokerage.name, agents: all });
    for (const pool of config.pools) this.#pools.set(pool.id, pool);
    for (const channel of config.lead_channels) this.#channels.set(channel.id, channel);
    for (const account of this.#accounts.values()) {
      const channel = defaultChannel(account);
      this.#channels.set(channel.id, channel);
    }
  }

  /** Every lead channel: the configured ones, then each account's default channel. */
  get channels(): readonly LeadChannel[] {
    return [...this.#channels.values()];
  }

  /** Every account: the brokerage, its offices and its agents. */
  get accounts(): readonly Account[] {
    return [...this.#accounts.values()];
  }

  /** The brokerage's id: contacts are de-duplicated within it. */
  get brokerageId(): string {
    return this.config.brokerage.id;
  }

  /** Every agent, in config order. */
  get agents(): readonly Agent[] {
    return this.#accounts.get(this.config.brokerage.id)?.agents ?? [];
  }

  agent(id: string): Agent | undefined {
    return this.#agents.get(id);
  }

  /** A channel by id; ids compare case-insensitively, as UUIDs do. */
  channel(id: string): LeadChannel | undefined {
    return this.#channels.get(id.toLowerCase());
  }

  pool(id: string): AgentPool | undefined {
    return this.#pools.get(id);
  }

  /** The agents of a pool, in the pool's order. */
  poolAgents(id: string): readonly Agent[] {
    return (this.#pools.get(id)?.agent_ids ?? []).map((agentId) => this.#agents.get(agentId)).filter(isAgent);
  }

  /** An account's kind, name and agents (the brokerage: every agent; an office: its own; an agent: itself). */
  account(id: string): Account | undefined {
    return this.#accounts.get(id);
  }

  findByEmail(email: string | undefined): Agent | undefined {
    const key = emailKey(email);
    return key ? this.#byEmail.get(key) : undefined;
  }

  findByPhone(phone: string | undefined): Agent | undefined {
    const key = phoneKey(phone);
    return key ? this.#byPhone.get(key) : undefined;
  }

  /** All agents with this first and last name (more than one means the name is ambiguous). */
  findByName(firstName: string | undefined, lastName: string | undefined): readonly Agent[] {
    const key = nameKey(firstName, lastName);
    return key ? (this.#byName.get(key) ?? []) : [];
  }

  /** Agents with this MLS id, narrowed to one MLS board when `mls` is given. */
  findByMlsId(mlsid: string | undefined, mls?: string): readonly Agent[] {
    const key = mlsKey(mlsid);
    if (!key) return [];
    const board = mlsKey(mls);
    const found = this.#byMlsId.get(key) ?? [];
    return board ? found.filter((agent) => mlsKey(agent.mls) === board) : found;
  }
}

function push(map: Map<string, Agent[]>, key: string | undefined, agent: Agent): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(agent);
  else map.set(key, [agent]);
}

function isAgent(agent: Agent | undefined): agent is Agent {
  return agent !== undefined;
}

/** "Sophia Moore": how reasons and the inbox name an agent. */
export function agentName(agent: Agent): string {
  return `${agent.first_name} ${agent.last_name}`;
}

/**
 * The default channel of an account: an agent's goes to the agent, falling back to a
 * round robin over the agent's office (when the agent is away); an office's and the
 * brokerage's rotate over their agents.
 */
function defaultChannel(account: Account): LeadChannel {
  const rules: Rule[] =
    account.kind === 'agent'
      ? [
          { id: 'agent', number: 1, name: account.name, type: 'specific_agent', agent_id: account.id },
          { id: 'office', number: 2, name: 'Office round robin', type: 'round_robin_all', account_id: account.agents[0]!.office_id },
        ]
      : [{ id: 'everyone', number: 1, name: `All agents of ${account.name}`, type: 'round_robin_all', account_id: account.id }];
  return { id: defaultChannelId(account.id), name: `${account.name} (default)`, account_id: account.id, rules, is_default: true };
}

/** A UUID derived from an account id: the same account always has the same default channel id. */
export function defaultChannelId(accountId: string): string {
  const hex = createHash('sha256').update(`rechat-sandbox default channel ${accountId}`).digest('hex');
  // Version 8 ("custom") and the RFC 9562 variant, so the id is a well-formed UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
