import type Database from 'better-sqlite3';
import type { RoundRobinStore } from '../routing/round-robin.js';

/**
 * Round-robin positions in the `round_robin_state` table.
 *
 * One upsert both reads and advances the counter, so it is atomic on its own; callers
 * still run it inside the lead's transaction so that a position is only spent when the
 * lead that got it is stored (a failed insert rolls the counter back with it).
 */
export class SqliteRoundRobinStore implements RoundRobinStore {
  readonly #take: Database.Statement<[string, string], { position: number }>;

  constructor(db: Database.Database) {
    this.#take = db.prepare(`
      INSERT INTO round_robin_state (rule_key, next_position, updated_at) VALUES (?, 1, ?)
      ON CONFLICT (rule_key) DO UPDATE SET next_position = next_position + 1, updated_at = excluded.updated_at
      RETURNING next_position - 1 AS position`);
  }

  take(key: string): number {
    const row = this.#take.get(key, new Date().toISOString());
    if (!row) throw new Error(`round robin state for '${key}' was not returned`);
    return row.position;
  }
}
