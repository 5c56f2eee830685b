import type { Agent, AgentPool, BrokerageConfig, LeadChannel } from '../config/brokerage-config.js';
import { emailKey, mlsKey, nameKey, phoneKey } from './normalize.js';

/**
 * Read-only lookups over a validated config: agents by each identifying detail,
 * the agents of an account or pool, and channels by id. Built once at start.
 */
export class Directory {
  readonly #agents = new Map<string, Agent>();
  readonly #byEmail = new Map<string, Agent>();
  readonly #byPhone = new Map<string, Agent>();
  readonly #byName = new Map<string, Agent[]>();
  readonly #byMlsId = new Map<string, Agent[]>();
  readonly #accounts = new Map<string, { name: string; agents: readonly Agent[] }>();
  readonly #pools = new Map<string, AgentPool>();
  readonly #channels = new Map<string, LeadChannel>();

  constructor(readonly config: BrokerageConfig) {
    const all: Agent[] = [];
    for (const office of config.brokerage.offices) {
      this.#accounts.set(office.id, { name: office.name, agents: office.agents });
      for (const agent of office.agents) {
        all.push(agent);
        this.#agents.set(agent.id, agent);
        const email = emailKey(agent.email);
        if (email) this.#byEmail.set(email, agent);
        const phone = phoneKey(agent.phone_number);
        if (phone) this.#byPhone.set(phone, agent);
        push(this.#byName, nameKey(agent.first_name, agent.last_name), agent);
        push(this.#byMlsId, mlsKey(agent.mlsid), agent);
      }
    }
    this.#accounts.set(config.brokerage.id, { name: config.brokerage.name, agents: all });
    for (const pool of config.pools) this.#pools.set(pool.id, pool);
    for (const channel of config.lead_channels) this.#channels.set(channel.id, channel);
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

  /** An account's display name and agents (the brokerage: every agent; an office: its own). */
  account(id: string): { name: string; agents: readonly Agent[] } | undefined {
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
