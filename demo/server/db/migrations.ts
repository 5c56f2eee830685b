/** One schema change. Versions are applied in ascending order, each exactly once. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The sandbox's schema, as numbered migrations. Never edit one that has shipped: add the
 * next number, so that an existing `data/sandbox.sqlite` upgrades in place.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contacts, leads, assignees, timeline, round robin',
    sql: `
      CREATE TABLE contacts (
        id           TEXT PRIMARY KEY,
        brokerage_id TEXT NOT NULL,
        first_name   TEXT,
        last_name    TEXT,
        email        TEXT,
        email_key    TEXT,
        phone_number TEXT,
        phone_key    TEXT,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX contacts_by_email ON contacts (brokerage_id, email_key) WHERE email_key IS NOT NULL;
      CREATE INDEX contacts_by_phone ON contacts (brokerage_id, phone_key) WHERE phone_key IS NOT NULL;

      -- seq keeps arrival order (newest first in the inbox) independent of clock ties.
      CREATE TABLE leads (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        contact_id   TEXT NOT NULL REFERENCES contacts (id),
        lead_channel TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        source_type  TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('assigned', 'awaiting_claim', 'unassigned')),
        reason       TEXT NOT NULL,
        routing_json TEXT NOT NULL,
        claim_pool_json TEXT,
        lead_json    TEXT NOT NULL,
        extra_json   TEXT
      );
      CREATE INDEX leads_by_contact ON leads (contact_id);
      CREATE INDEX leads_by_channel ON leads (lead_channel);

      CREATE TABLE lead_assignees (
        lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
        agent_id    TEXT NOT NULL,
        via         TEXT NOT NULL,
        ordinal     INTEGER NOT NULL,
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (lead_id, agent_id)
      );

      -- Every routing decision, claim and reassignment, with its reason: "records why".
      CREATE TABLE lead_history (
        seq     INTEGER PRIMARY KEY,
        lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
        at      TEXT NOT NULL,
        event   TEXT NOT NULL,
        reason  TEXT NOT NULL
      );
      CREATE INDEX lead_history_by_lead ON lead_history (lead_id, seq);

      CREATE TABLE timeline_activities (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        lead_id      TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
        action       TEXT NOT NULL,
        listing_json TEXT,
        search_json  TEXT,
        notes        TEXT,
        created_at   TEXT NOT NULL
      );
      CREATE INDEX timeline_by_lead ON timeline_activities (lead_id, seq);

      CREATE TABLE round_robin_state (
        rule_key      TEXT PRIMARY KEY,
        next_position INTEGER NOT NULL,
        updated_at    TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'idempotency keys',
    sql: `
      -- One row per Idempotency-Key that produced a 2xx: the reply it got, replayed to
      -- repeats. scope is method + route + the channel or lead id.
      CREATE TABLE idempotency_keys (
        scope      TEXT NOT NULL,
        key        TEXT NOT NULL,
        status     INTEGER NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
  },
];
