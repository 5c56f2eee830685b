import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ActivityInput } from '../api/parse-activity.js';
import type { LeadInput } from '../api/parse-lead.js';
import { routableLead } from '../api/parse-lead.js';
import { badRequest, conflict, forbidden, notFound } from '../api/http-errors.js';
import { ContactStore } from '../db/contacts.js';
import { IdempotencyStore, type IdempotencyKey, type StoredReply } from '../db/idempotency-keys.js';
import { LeadStore } from '../db/leads.js';
import { SqliteRoundRobinStore } from '../db/sqlite-round-robin.js';
import { agentName, type Directory } from '../routing/directory.js';
import { matchAssignees, type AssigneeInput } from '../routing/match-assignees.js';
import { routeLead, type LeadStatus, type RoutingDecision } from '../routing/route-lead.js';
import type { LeadEvent, LeadEvents } from './lead-events.js';
import { buildLeadViews, type LeadView, type StoredRouting } from './lead-view.js';

/** What the webhook replies with (SPEC §2: `{ id, contact, lead_channel, created_at, … }`). */
export interface CreatedLead {
  readonly id: string;
  readonly contact: string;
  readonly lead_channel: string;
  readonly created_at: string;
  readonly source_type: string;
  readonly status: LeadStatus;
  readonly assignees: readonly { id: string; first_name: string; last_name: string; email: string; matched_by: string }[];
  readonly routing: StoredRouting & { readonly reason: string };
}

/** `source_type` when the lead names none, as the hosted API reports website leads. */
const DEFAULT_SOURCE_TYPE = 'Website';

/**
 * The sandbox's use cases: take a lead, record an activity, reassign, claim, and read
 * leads back for the inbox. Each write is one SQLite transaction (better-sqlite3 is
 * synchronous, so a transaction also runs without interleaving with other requests), and
 * each is announced on `events` after it commits.
 */
export class LeadService {
  readonly #db: Database.Database;
  readonly #directory: Directory;
  readonly #events: LeadEvents;
  readonly #contacts: ContactStore;
  readonly #leads: LeadStore;
  readonly #roundRobin: SqliteRoundRobinStore;
  readonly #keys: IdempotencyStore;
  /** Events of the transaction in progress, announced once it commits. */
  #pending: LeadEvent[] = [];

  constructor(db: Database.Database, directory: Directory, events: LeadEvents) {
    this.#db = db;
    this.#directory = directory;
    this.#events = events;
    this.#contacts = new ContactStore(db);
    this.#leads = new LeadStore(db);
    this.#roundRobin = new SqliteRoundRobinStore(db);
    this.#keys = new IdempotencyStore(db);
  }

  /**
   * Runs a write once per idempotency key: the first time, `run` stores what it stores
   * and its reply is saved with the key in the same transaction; a repeat gets that
   * reply back and runs nothing (no lead, no round-robin step, no event). A `run` that
   * throws (a 4xx) rolls everything back and the key is not remembered.
   */
  once(key: IdempotencyKey | undefined, run: () => unknown): StoredReply & { replayed: boolean } {
    if (!key) return { status: 200, body: run(), replayed: false };
    return this.#write(() => {
      const stored = this.#keys.find(key);
      if (stored) return { ...stored, replayed: true };
      const reply = { status: 200, body: run() };
      this.#keys.save(key, reply, new Date().toISOString());
      return { ...reply, replayed: false };
    });
  }

  /** Forgets idempotency keys past their time (at least 7 days); returns how many. */
  pruneIdempotencyKeys(now?: number): number {
    return this.#keys.prune(now);
  }

  /**
   * Stores a lead posted to a channel: links or creates its contact, routes it, and
   * records the assignees and the reason, all or nothing.
   *
   * @throws {HttpError} 404 when the channel does not exist.
   */
  createLead(channelId: string, input: LeadInput): CreatedLead {
    const channel = this.#directory.channel(channelId);
    if (!channel) throw notFound(`No lead channel ${channelId} in this sandbox; see the channel ids in the routing config`);

    return this.#write((): CreatedLead => {
      const now = new Date().toISOString();
      const contact = this.#contacts.resolve(this.#directory.brokerageId, input, now);
      const decision = routeLead(channel, routableLead(input), this.#directory, this.#roundRobin);
      const id = randomUUID();
      const { assignees: _assignees, attribution, extra, ...fields } = input;
      const routing = storedRouting(decision);
      this.#leads.insert({
        id,
        contact_id: contact.id,
        lead_channel: channel.id,
        created_at: now,
        source_type: input.source_type ?? DEFAULT_SOURCE_TYPE,
        status: decision.status,
        reason: decision.reason,
        routing_json: JSON.stringify(routing),
        claim_pool_json: decision.status === 'awaiting_claim' && decision.pool ? JSON.stringify(decision.pool.agent_ids) : null,
        lead_json: JSON.stringify({ ...fields, assignees: input.assignees, attribution }),
        extra_json: Object.keys(extra).length ? JSON.stringify(extra) : null,
      });
      this.#leads.assign(id, decision.assignments.map((a) => ({ agent_id: a.agent.id, via: a.via })), now);
      this.#leads.addHistory(id, now, 'routed', decision.reason);
      this.#announce({ type: 'lead.created', id });
      return {
        id,
        contact: contact.id,
        lead_channel: channel.id,
        created_at: now,
        source_type: input.source_type ?? DEFAULT_SOURCE_TYPE,
        status: decision.status,
        assignees: decision.assignments.map(({ agent, via }) => ({
          id: agent.id,
          first_name: agent.first_name,
          last_name: agent.last_name,
          email: agent.email,
          matched_by: via,
        })),
        routing: { ...routing, reason: decision.reason },
      };
    });
  }

  /**
   * Adds an activity to a lead's timeline.
   *
   * @throws {HttpError} 404 when the lead does not exist.
   */
  addActivity(leadId: string, activity: ActivityInput): void {
    const id = randomUUID();
    this.#write(() => {
      if (!this.#leads.get(leadId)) throw notFound(`No lead ${leadId}; capture the lead first, then post its activities`);
      this.#leads.addActivity({
        id,
        lead_id: leadId,
        action: activity.action,
        listing_json: activity.listing ? JSON.stringify(activity.listing) : null,
        search_json: activity.search ? JSON.stringify(activity.search) : null,
        notes: activity.notes ?? null,
        created_at: new Date().toISOString(),
      });
      this.#announce({ type: 'lead.updated', id: leadId });
    });
  }

  /**
   * Replaces a lead's assignees with the agents the given assignees name (matched as a
   * webhook's assignees are) and records why.
   *
   * @throws {HttpError} 404 for an unknown lead; 400 when no assignee names an agent (the
   *   lead is left as it was rather than silently unassigned).
   */
  reassign(leadId: string, assignees: readonly AssigneeInput[]): { reason: string } {
    return this.#write(() => {
      if (!this.#leads.get(leadId)) throw notFound(`No lead ${leadId}`);
      const { matched, unmatched } = matchAssignees(this.#directory, assignees);
      if (matched.length === 0) {
        throw badRequest(`No assignee matches an agent of ${this.#directory.config.brokerage.name}: ${unmatched.join('; ')}`);
      }
      const now = new Date().toISOString();
      const reason = `Reassigned via API: ${[...matched.map((m) => m.detail), ...unmatched].join('; ')}`;
      this.#leads.assign(leadId, matched.map((m) => ({ agent_id: m.agent.id, via: `api:${m.matched_by}` })), now);
      this.#leads.setRouting(leadId, 'assigned', reason, null);
      this.#leads.addHistory(leadId, now, 'reassigned', reason);
      this.#announce({ type: 'lead.updated', id: leadId });
      return { reason };
    });
  }

  /**
   * An agent of the pool claims a first-to-claim lead. The first claim wins; any later
   * one gets 409 and changes nothing.
   *
   * @throws {HttpError} 404 unknown lead; 400 unknown agent; 403 agent not in the pool;
   *   409 the lead is already claimed or was never waiting for a claim.
   */
  claim(leadId: string, agentId: string): LeadView {
    this.#write(() => {
      const lead = this.#leads.get(leadId);
      if (!lead) throw notFound(`No lead ${leadId}`);
      const agent = this.#directory.agent(agentId);
      if (!agent) throw badRequest(`No agent '${agentId}' in the routing config`);
      if (lead.status !== 'awaiting_claim') {
        const holders = this.#leads.assigneesOf([leadId]).map((a) => {
          const holder = this.#directory.agent(a.agent_id);
          return holder ? agentName(holder) : a.agent_id;
        });
        throw conflict(
          holders.length ? `This lead was already claimed by or assigned to ${holders.join(', ')}` : 'This lead is not waiting to be claimed',
        );
      }
      const pool = lead.claim_pool_json ? (JSON.parse(lead.claim_pool_json) as string[]) : [];
      if (!pool.includes(agent.id)) throw forbidden(`${agentName(agent)} is not in this lead's claim pool`);
      const now = new Date().toISOString();
      const routing = JSON.parse(lead.routing_json) as StoredRouting;
      const reason = `Claimed by ${agentName(agent)} (first to claim${routing.pool ? `, pool '${routing.pool.name}'` : ''})`;
      if (!this.#leads.claim(leadId, reason)) throw conflict('This lead was claimed by someone else first');
      this.#leads.assign(leadId, [{ agent_id: agent.id, via: 'claim' }], now);
      this.#leads.addHistory(leadId, now, 'claimed', reason);
      this.#announce({ type: 'lead.updated', id: leadId });
    });
    return this.view(leadId) as LeadView;
  }

  /** One lead as the inbox shows it. */
  view(id: string): LeadView | undefined {
    const row = this.#leads.get(id);
    return row ? this.#views([row])[0] : undefined;
  }

  /** Leads newest first, `limit` at a time, paging back from `beforeSeq`. */
  list(limit: number, beforeSeq?: number): LeadView[] {
    return this.#views(this.#leads.list(limit, beforeSeq));
  }

  /** How many leads are stored. */
  count(): number {
    return this.#leads.count();
  }

  /**
   * Runs `work` in one transaction and announces its events after the commit. Nested
   * (a write inside `once`), it joins the outer transaction, whose commit announces.
   * IMMEDIATE takes the write lock up front, so a second process on the same file waits
   * (busy timeout) instead of failing half-way with SQLITE_BUSY.
   */
  #write<T>(work: () => T): T {
    if (this.#db.inTransaction) return work();
    this.#pending = [];
    let result: T;
    try {
      result = this.#db.transaction(work).immediate();
    } catch (error) {
      this.#pending = [];
      throw error;
    }
    const events = this.#pending;
    this.#pending = [];
    for (const event of events) this.#events.emit(event);
    return result;
  }

  /** Queues an event of the current transaction. */
  #announce(event: LeadEvent): void {
    this.#pending.push(event);
  }

  #views(rows: ReturnType<LeadStore['list']>): LeadView[] {
    const ids = rows.map((r) => r.id);
    return buildLeadViews(
      rows,
      {
        contacts: this.#contacts.getMany(rows.map((r) => r.contact_id)),
        assignees: this.#leads.assigneesOf(ids),
        timeline: this.#leads.timelineOf(ids),
        history: this.#leads.historyOf(ids),
      },
      this.#directory,
    );
  }
}

function storedRouting(decision: RoutingDecision): StoredRouting {
  return {
    method: decision.method,
    trace: decision.trace,
    ...(decision.rule ? { rule: decision.rule } : {}),
    ...(decision.position !== undefined ? { position: decision.position } : {}),
    ...(decision.pool ? { pool: decision.pool } : {}),
  };
}
