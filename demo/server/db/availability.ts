import type Database from 'better-sqlite3';

/** Which agents are away (seed 004: "What happens if the listing agent isn't available?"). */
export class AvailabilityStore {
  readonly #away: Database.Statement<[], { agent_id: string }>;
  readonly #set: Database.Statement<[string, number, string]>;

  constructor(db: Database.Database) {
    this.#away = db.prepare('SELECT agent_id FROM agent_availability WHERE away = 1');
    this.#set = db.prepare(`INSERT INTO agent_availability (agent_id, away, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (agent_id) DO UPDATE SET away = excluded.away, updated_at = excluded.updated_at`);
  }

  /** The ids of the agents marked away. */
  away(): Set<string> {
    return new Set(this.#away.all().map((r) => r.agent_id));
  }

  set(agentId: string, away: boolean, at: string): void {
    this.#set.run(agentId, away ? 1 : 0, at);
  }
}
