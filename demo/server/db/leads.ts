import type Database from 'better-sqlite3';
import type { LeadStatus } from '../routing/route-lead.js';

/** A lead as stored. JSON columns are kept as text and parsed by the view layer. */
export interface LeadRow {
  readonly seq: number;
  readonly id: string;
  readonly contact_id: string;
  readonly lead_channel: string;
  readonly created_at: string;
  readonly source_type: string;
  readonly status: LeadStatus;
  readonly reason: string;
  readonly routing_json: string;
  readonly claim_pool_json: string | null;
  readonly lead_json: string;
  readonly extra_json: string | null;
}

/** An assigned agent of a lead. */
export interface AssigneeRow {
  readonly lead_id: string;
  readonly agent_id: string;
  readonly via: string;
  readonly assigned_at: string;
}

/** One entry of a lead's timeline. */
export interface ActivityRow {
  readonly id: string;
  readonly lead_id: string;
  readonly action: string;
  readonly listing_json: string | null;
  readonly search_json: string | null;
  readonly notes: string | null;
  readonly created_at: string;
}

/** One routing event of a lead: how it was routed, claimed or reassigned, and why. */
export interface HistoryRow {
  readonly lead_id: string;
  readonly at: string;
  readonly event: 'routed' | 'claimed' | 'reassigned';
  readonly reason: string;
}

/** Which leads the inbox lists; every filter given must hold. */
export interface LeadFilter {
  readonly status?: LeadStatus | undefined;
  readonly channel?: string | undefined;
  /** Assigned to this agent, or waiting for them (among others) to claim it. */
  readonly agent?: string | undefined;
  /** Part of the contact's name, email or phone number (digits). */
  readonly q?: string | undefined;
}

/** What `assign` writes: the agents in order and how each came to be assigned. */
export interface NewAssignment {
  readonly agent_id: string;
  readonly via: string;
}

/**
 * Leads with their assignees, timeline and routing history. Writes are meant to run
 * inside the caller's transaction (see `LeadService`); reads are plain queries.
 */
export class LeadStore {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement<[string], LeadRow>;
  readonly #list: Database.Statement<[number, number], LeadRow>;
  readonly #deleteAssignees: Database.Statement<[string]>;
  readonly #insertAssignee: Database.Statement<[string, string, string, number, string]>;
  readonly #setRouting: Database.Statement<[LeadStatus, string, string | null, string]>;
  readonly #claim: Database.Statement<[string, string]>;
  readonly #insertHistory: Database.Statement<[string, string, string, string]>;
  readonly #insertActivity: Database.Statement;
  readonly #count: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT INTO leads
      (id, contact_id, lead_channel, created_at, source_type, status, reason, routing_json, claim_pool_json, lead_json, extra_json)
      VALUES (@id, @contact_id, @lead_channel, @created_at, @source_type, @status, @reason, @routing_json, @claim_pool_json, @lead_json, @extra_json)`);
    this.#get = db.prepare('SELECT * FROM leads WHERE id = ?');
    this.#list = db.prepare('SELECT * FROM leads WHERE seq < ? ORDER BY seq DESC LIMIT ?');
    this.#deleteAssignees = db.prepare('DELETE FROM lead_assignees WHERE lead_id = ?');
    this.#insertAssignee = db.prepare(
      'INSERT INTO lead_assignees (lead_id, agent_id, via, ordinal, assigned_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#setRouting = db.prepare('UPDATE leads SET status = ?, reason = ?, claim_pool_json = ? WHERE id = ?');
    // The status test in the WHERE clause is what makes "first claim wins" hold: of two
    // claims, only the first finds the lead still awaiting and changes a row.
    this.#claim = db.prepare(
      "UPDATE leads SET status = 'assigned', reason = ?, claim_pool_json = NULL WHERE id = ? AND status = 'awaiting_claim'",
    );
    this.#insertHistory = db.prepare('INSERT INTO lead_history (lead_id, at, event, reason) VALUES (?, ?, ?, ?)');
    this.#insertActivity = db.prepare(`INSERT INTO timeline_activities
      (id, lead_id, action, listing_json, search_json, notes, created_at)
      VALUES (@id, @lead_id, @action, @listing_json, @search_json, @notes, @created_at)`);
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM leads');
  }

  insert(row: Omit<LeadRow, 'seq'>): void {
    this.#insert.run(row);
  }

  get(id: string): LeadRow | undefined {
    return this.#get.get(id);
  }

  /** Newest first; `beforeSeq` pages back from a lead's `seq`. */
  list(limit: number, beforeSeq = Number.MAX_SAFE_INTEGER, filter: LeadFilter = {}): LeadRow[] {
    if (!hasFilter(filter)) return this.#list.all(beforeSeq, limit);
    const { where, params } = filterSql(filter);
    return this.#statement<LeadRow>(`SELECT l.* FROM leads l WHERE l.seq < ? AND ${where} ORDER BY l.seq DESC LIMIT ?`).all(
      beforeSeq,
      ...params,
      limit,
    );
  }

  /** How many leads there are, or match `filter`. */
  count(filter: LeadFilter = {}): number {
    if (!hasFilter(filter)) return this.#count.get()?.n ?? 0;
    const { where, params } = filterSql(filter);
    return this.#statement<{ n: number }>(`SELECT COUNT(*) AS n FROM leads l WHERE ${where}`).get(...params)?.n ?? 0;
  }

  readonly #statements = new Map<string, Database.Statement<unknown[], unknown>>();

  /** Prepared once per distinct SQL text (filters combine into a handful of shapes). */
  #statement<Row>(sql: string): Database.Statement<unknown[], Row> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], unknown>(sql);
      this.#statements.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], Row>;
  }

  /** Replaces a lead's assignees. */
  assign(leadId: string, assignments: readonly NewAssignment[], at: string): void {
    this.#deleteAssignees.run(leadId);
    assignments.forEach((a, i) => this.#insertAssignee.run(leadId, a.agent_id, a.via, i, at));
  }

  setRouting(leadId: string, status: LeadStatus, reason: string, claimPool: readonly string[] | null): void {
    this.#setRouting.run(status, reason, claimPool ? JSON.stringify(claimPool) : null, leadId);
  }

  /** Marks an awaiting lead as claimed; false when it was not (or no longer) awaiting a claim. */
  claim(leadId: string, reason: string): boolean {
    return this.#claim.run(reason, leadId).changes === 1;
  }

  addHistory(leadId: string, at: string, event: HistoryRow['event'], reason: string): void {
    this.#insertHistory.run(leadId, at, event, reason);
  }

  addActivity(row: ActivityRow): void {
    this.#insertActivity.run(row);
  }

  /** The assignees of several leads at once, in assignment order. */
  assigneesOf(leadIds: readonly string[]): AssigneeRow[] {
    return this.#inList(
      'SELECT lead_id, agent_id, via, assigned_at FROM lead_assignees WHERE lead_id IN (%) ORDER BY lead_id, ordinal',
      leadIds,
    );
  }

  /** The timelines of several leads, oldest activity first. */
  timelineOf(leadIds: readonly string[]): ActivityRow[] {
    return this.#inList(
      'SELECT id, lead_id, action, listing_json, search_json, notes, created_at FROM timeline_activities WHERE lead_id IN (%) ORDER BY seq',
      leadIds,
    );
  }

  historyOf(leadIds: readonly string[]): HistoryRow[] {
    return this.#inList('SELECT lead_id, at, event, reason FROM lead_history WHERE lead_id IN (%) ORDER BY seq', leadIds);
  }

  #inList<Row>(sql: string, ids: readonly string[]): Row[] {
    if (ids.length === 0) return [];
    // Only the number of placeholders varies; the ids themselves are bound parameters.
    const statement = this.#db.prepare<string[], Row>(sql.replace('%', ids.map(() => '?').join(', ')));
    return statement.all(...ids);
  }
}

function hasFilter(filter: LeadFilter): boolean {
  return Boolean(filter.status || filter.channel || filter.agent || filter.q);
}

/** The WHERE clause of a filter over `leads l`; values are always bound parameters. */
function filterSql(filter: LeadFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    clauses.push('l.status = ?');
    params.push(filter.status);
  }
  if (filter.channel) {
    clauses.push('l.lead_channel = ?');
    params.push(filter.channel);
  }
  if (filter.agent) {
    clauses.push(`(EXISTS (SELECT 1 FROM lead_assignees a WHERE a.lead_id = l.id AND a.agent_id = ?)
      OR (l.status = 'awaiting_claim' AND EXISTS (SELECT 1 FROM json_each(l.claim_pool_json) p WHERE p.value = ?)))`);
    params.push(filter.agent, filter.agent);
  }
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = filter.q.replace(/\D/g, '');
    clauses.push(`EXISTS (SELECT 1 FROM contacts c WHERE c.id = l.contact_id AND (
      lower(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) LIKE ? ESCAPE '\\'
      OR lower(coalesce(c.email, '')) LIKE ? ESCAPE '\\'${digits.length >= 3 ? " OR c.phone_key LIKE ?" : ''}))`);
    params.push(like, like, ...(digits.length >= 3 ? [`%${digits}%`] : []));
  }
  return { where: clauses.join(' AND '), params };
}
