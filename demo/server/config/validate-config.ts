import { emailKey, mlsKey, phoneKey } from '../routing/normalize.js';
import { isUuid } from '../uuid.js';
import type {
  Agent,
  AgentPool,
  BrokerageConfig,
  LeadChannel,
  Office,
  Rule,
  RuleConditions,
  RuleType,
} from './brokerage-config.js';

/** Thrown when the routing config is unusable; `problems` lists every issue found. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    source = 'routing config',
  ) {
    super(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const RULE_TYPES: readonly RuleType[] = [
  'specific_agent',
  'round_robin_all',
  'round_robin_pool',
  'first_to_claim',
  'default',
];

const RULE_KEYS = new Set(['id', 'name', 'when', 'type', 'agent', 'account', 'pool', '$comment']);
const CONDITION_KEYS = new Set(['price', 'postal_codes', 'tags', 'sources']);

type Json = Record<string, unknown>;

/**
 * Checks a parsed routing config and returns it in its typed, normalised form.
 *
 * It reports every problem at once (with its JSON path) rather than the first, because
 * whoever edits the file wants one round of fixes, and it rejects unknown keys in rules
 * and conditions so that a typo (`"postcodes"`) cannot silently make a rule match all.
 *
 * @throws {ConfigError} listing each problem found.
 */
export function validateConfig(raw: unknown, source?: string): BrokerageConfig {
  const problems: string[] = [];
  const fail = (path: string, message: string): undefined => {
    problems.push(`${path}: ${message}`);
    return undefined;
  };

  if (!isObject(raw)) throw new ConfigError(['the config must be a JSON object'], source);

  // Accounts: the brokerage, its offices and its agents share one id space, since rules name any.
  const accountIds = new Set<string>();
  const agentsById = new Map<string, Agent>();
  const seen = { email: new Map<string, string>(), phone: new Map<string, string>(), mls: new Map<string, string>() };

  const rawBrokerage = raw['brokerage'];
  let brokerageId = '';
  let brokerageName = '';
  const offices: Office[] = [];
  if (!isObject(rawBrokerage)) {
    fail('brokerage', 'must be an object with id, name and offices');
  } else {
    brokerageId = requireString(rawBrokerage, 'id', 'brokerage', fail) ?? '';
    brokerageName = requireString(rawBrokerage, 'name', 'brokerage', fail) ?? '';
    if (brokerageId) accountIds.add(brokerageId);
    const rawOffices = rawBrokerage['offices'];
    if (!Array.isArray(rawOffices) || rawOffices.length === 0) {
      fail('brokerage.offices', 'must be a non-empty list of offices');
    } else {
      rawOffices.forEach((rawOffice, i) => {
        const path = `brokerage.offices[${i}]`;
        if (!isObject(rawOffice)) return fail(path, 'must be an object');
        const id = requireString(rawOffice, 'id', path, fail);
        const name = requireString(rawOffice, 'name', path, fail);
        if (id && accountIds.has(id)) fail(`${path}.id`, `duplicate account id '${id}'`);
        if (id) accountIds.add(id);
        const agents: Agent[] = [];
        const rawAgents = rawOffice['agents'];
        if (!Array.isArray(rawAgents)) {
          fail(`${path}.agents`, 'must be a list of agents');
        } else {
          rawAgents.forEach((rawAgent, j) => {
            const agent = readAgent(rawAgent, `${path}.agents[${j}]`, id ?? '', fail);
            if (!agent) return;
            const agentPath = `${path}.agents[${j}]`;
            if (agentsById.has(agent.id)) return fail(`${agentPath}.id`, `duplicate agent id '${agent.id}'`);
            checkUnique(seen.email, emailKey(agent.email), agent.id, `${agentPath}.email`, 'email', fail);
            checkUnique(seen.phone, phoneKey(agent.phone_number), agent.id, `${agentPath}.phone_number`, 'phone number', fail);
            const mls = mlsKey(agent.mlsid);
            checkUnique(seen.mls, mls && `${mlsKey(agent.mls) ?? ''}/${mls}`, agent.id, `${agentPath}.mlsid`, 'MLS id', fail);
            // Agents are accounts too (seed 004): they can own lead channels.
            if (accountIds.has(agent.id)) return fail(`${agentPath}.id`, `duplicate account id '${agent.id}'`);
            accountIds.add(agent.id);
            agentsById.set(agent.id, agent);
            agents.push(agent);
          });
        }
        if (id && name) offices.push({ id, name, agents });
        return undefined;
      });
    }
  }
  if (agentsById.size === 0 && problems.length === 0) fail('brokerage.offices', 'no agents are defined');

  const pools: AgentPool[] = [];
  const rawPools = raw['pools'] ?? [];
  if (!Array.isArray(rawPools)) {
    fail('pools', 'must be a list');
  } else {
    rawPools.forEach((rawPool, i) => {
      const path = `pools[${i}]`;
      if (!isObject(rawPool)) return fail(path, 'must be an object');
      const id = requireString(rawPool, 'id', path, fail);
      const name = requireString(rawPool, 'name', path, fail);
      if (id && pools.some((p) => p.id === id)) fail(`${path}.id`, `duplicate pool id '${id}'`);
      const members = rawPool['agents'];
      if (!Array.isArray(members) || members.length === 0) return fail(`${path}.agents`, 'must be a non-empty list of agent ids');
      const ids: string[] = [];
      members.forEach((member, j) => {
        if (typeof member !== 'string' || !agentsById.has(member)) {
          return fail(`${path}.agents[${j}]`, `unknown agent id ${JSON.stringify(member)}`);
        }
        if (ids.includes(member)) return fail(`${path}.agents[${j}]`, `agent '${member}' is listed twice`);
        ids.push(member);
        return undefined;
      });
      if (id && name) pools.push({ id, name, agent_ids: ids });
      return undefined;
    });
  }
  const poolIds = new Set(pools.map((p) => p.id));

  const channels: LeadChannel[] = [];
  const rawChannels = raw['lead_channels'];
  if (!Array.isArray(rawChannels) || rawChannels.length === 0) {
    fail('lead_channels', 'must be a non-empty list of lead channels');
  } else {
    rawChannels.forEach((rawChannel, i) => {
      const path = `lead_channels[${i}]`;
      if (!isObject(rawChannel)) return fail(path, 'must be an object');
      const rawId = requireString(rawChannel, 'id', path, fail);
      const id = rawId?.toLowerCase();
      if (rawId !== undefined && !isUuid(rawId)) fail(`${path}.id`, `'${rawId}' is not a UUID`);
      if (id && channels.some((c) => c.id === id)) fail(`${path}.id`, `duplicate lead channel id '${rawId}'`);
      const name = requireString(rawChannel, 'name', path, fail);
      const account = rawChannel['account'] ?? brokerageId;
      const accountOk = typeof account === 'string' && accountIds.has(account);
      if (!accountOk) fail(`${path}.account`, `unknown account ${JSON.stringify(account)}; expected the brokerage, an office or an agent id`);
      const rawRules = rawChannel['rules'];
      if (!Array.isArray(rawRules)) return fail(`${path}.rules`, 'must be a list of rules');
      const rules: Rule[] = [];
      rawRules.forEach((rawRule, j) => {
        const rule = readRule(rawRule, `${path}.rules[${j}]`, j + 1, accountOk ? String(account) : undefined, {
          agentsById,
          accountIds,
          poolIds,
          fail,
        });
        if (!rule) return;
        if (rules.some((r) => r.id === rule.id)) return fail(`${path}.rules[${j}].id`, `duplicate rule id '${rule.id}'`);
        const previous = rules[rules.length - 1];
        if (previous?.type === 'default') {
          return fail(`${path}.rules[${j}]`, `unreachable: it comes after the default fallback (rule ${previous.number})`);
        }
        rules.push(rule);
      });
      if (id && name && typeof account === 'string') channels.push({ id, name, account_id: account, rules });
      return undefined;
    });
  }

  if (problems.length > 0) throw new ConfigError(problems, source);
  return {
    brokerage: { id: brokerageId, name: brokerageName, offices },
    pools,
    lead_channels: channels,
  };
}

type Fail = (path: string, message: string) => undefined;

interface RuleContext {
  agentsById: ReadonlyMap<string, Agent>;
  accountIds: ReadonlySet<string>;
  poolIds: ReadonlySet<string>;
  fail: Fail;
}

function readAgent(raw: unknown, path: string, officeId: string, fail: Fail): Agent | undefined {
  if (!isObject(raw)) return fail(path, 'must be an object');
  const id = requireString(raw, 'id', path, fail);
  const first = requireString(raw, 'first_name', path, fail);
  const last = requireString(raw, 'last_name', path, fail);
  const email = requireString(raw, 'email', path, fail);
  if (email !== undefined && !email.includes('@')) fail(`${path}.email`, `'${email}' is not an email address`);
  const phone = optionalString(raw, 'phone_number', path, fail);
  const mlsid = optionalString(raw, 'mlsid', path, fail);
  const mls = optionalString(raw, 'mls', path, fail);
  if (!id || !first || !last || !email) return undefined;
  return {
    id,
    first_name: first,
    last_name: last,
    email,
    office_id: officeId,
    ...(phone ? { phone_number: phone } : {}),
    ...(mlsid ? { mlsid } : {}),
    ...(mls ? { mls } : {}),
  };
}

function readRule(
  raw: unknown,
  path: string,
  number: number,
  channelAccount: string | undefined,
  ctx: RuleContext,
): Rule | undefined {
  const { fail } = ctx;
  if (!isObject(raw)) return fail(path, 'must be an object');
  for (const key of Object.keys(raw)) {
    if (!RULE_KEYS.has(key)) fail(`${path}.${key}`, 'unknown rule property');
  }
  const type = raw['type'];
  if (typeof type !== 'string' || !RULE_TYPES.includes(type as RuleType)) {
    return fail(`${path}.type`, `must be one of ${RULE_TYPES.join(', ')}`);
  }
  const id = raw['id'] === undefined ? `rule-${number}` : requireString(raw, 'id', path, fail);
  const name = optionalString(raw, 'name', path, fail);
  const when = raw['when'] === undefined ? undefined : readConditions(raw['when'], `${path}.when`, fail);
  if (type === 'default' && raw['when'] !== undefined) fail(`${path}.when`, 'a default fallback has no conditions');
  if (!id) return undefined;
  const base = { id, number, ...(name ? { name } : {}), ...(when ? { when } : {}) };

  const agent = (): string | undefined => {
    const value = raw['agent'];
    if (typeof value !== 'string' || !ctx.agentsById.has(value)) {
      return fail(`${path}.agent`, `unknown agent id ${JSON.stringify(value)}`);
    }
    return value;
  };
  const pool = (): string | undefined => {
    const value = raw['pool'];
    if (typeof value !== 'string' || !ctx.poolIds.has(value)) return fail(`${path}.pool`, `unknown pool id ${JSON.stringify(value)}`);
    return value;
  };

  switch (type as RuleType) {
    case 'specific_agent': {
      const agent_id = agent();
      return agent_id ? { ...base, type: 'specific_agent', agent_id } : undefined;
    }
    case 'default': {
      const agent_id = agent();
      return agent_id ? { ...base, type: 'default', agent_id } : undefined;
    }
    case 'round_robin_all': {
      const account = raw['account'] ?? channelAccount;
      // An inherited account that is unknown was already reported on the channel.
      if (account === undefined) return undefined;
      if (typeof account !== 'string' || !ctx.accountIds.has(account)) {
        return fail(`${path}.account`, `unknown account ${JSON.stringify(account)}`);
      }
      return { ...base, type: 'round_robin_all', account_id: account };
    }
    case 'round_robin_pool': {
      const pool_id = pool();
      return pool_id ? { ...base, type: 'round_robin_pool', pool_id } : undefined;
    }
    case 'first_to_claim': {
      const pool_id = pool();
      return pool_id ? { ...base, type: 'first_to_claim', pool_id } : undefined;
    }
  }
}

function readConditions(raw: unknown, path: string, fail: Fail): RuleConditions | undefined {
  if (!isObject(raw)) return fail(path, 'must be an object of conditions');
  for (const key of Object.keys(raw)) {
    if (!CONDITION_KEYS.has(key)) fail(`${path}.${key}`, `unknown condition; expected ${[...CONDITION_KEYS].join(', ')}`);
  }
  const conditions: { -readonly [K in keyof RuleConditions]: RuleConditions[K] } = {};
  const price = raw['price'];
  if (price !== undefined) {
    if (!isObject(price)) {
      fail(`${path}.price`, 'must be an object with min and/or max');
    } else {
      const { min, max } = price;
      const okNumber = (v: unknown): v is number | undefined => v === undefined || (typeof v === 'number' && Number.isFinite(v));
      if (!okNumber(min)) fail(`${path}.price.min`, 'must be a number');
      if (!okNumber(max)) fail(`${path}.price.max`, 'must be a number');
      if (min === undefined && max === undefined) fail(`${path}.price`, 'needs min and/or max');
      if (typeof min === 'number' && typeof max === 'number' && min > max) fail(`${path}.price`, `min ${min} is above max ${max}`);
      if (okNumber(min) && okNumber(max)) {
        conditions.price = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
      }
    }
  }
  for (const key of ['postal_codes', 'tags', 'sources'] as const) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string' && v.trim() !== '')) {
      fail(`${path}.${key}`, 'must be a non-empty list of strings');
      continue;
    }
    conditions[key] = list.map((v: string) => v.trim());
  }
  return conditions;
}

function checkUnique(
  seen: Map<string, string>,
  key: string | undefined,
  agentId: string,
  path: string,
  what: string,
  fail: Fail,
): void {
  if (!key) return;
  const owner = seen.get(key);
  // Assignee matching needs these to identify one agent; a shared one would be a coin toss.
  if (owner !== undefined) fail(path, `${what} is also used by agent '${owner}'`);
  else seen.set(key, agentId);
}

function requireString(obj: Json, key: string, path: string, fail: Fail): string | undefined {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') return fail(`${path}.${key}`, 'must be a non-empty string');
  return value.trim();
}

function optionalString(obj: Json, key: string, path: string, fail: Fail): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return fail(`${path}.${key}`, 'must be a string');
  return value.trim() || undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
