import type Database from 'better-sqlite3';

/** How long a key is remembered: the protocol asks for at least 7 days. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** An idempotency key and the endpoint it belongs to. */
export interface IdempotencyKey {
  /** Method, route and the channel or lead id: `POST /leads/<id>/timeline`. */
  readonly scope: string;
  readonly key: string;
}

/** The reply a key got the first time. */
export interface StoredReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Remembered replies of idempotent requests. `save` is meant to run inside the
 * transaction that stores what the request created, so both commit or neither does.
 */
export class IdempotencyStore {
  readonly #find: Database.Statement<[string, string], { status: number; body: string }>;
  readonly #save: Database.Statement<[string, string, number, string, string]>;
  readonly #prune: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#find = db.prepare('SELECT status, body FROM idempotency_keys WHERE scope = ? AND key = ?');
    this.#save = db.prepare('INSERT INTO idempotency_keys (scope, key, status, body, created_at) VALUES (?, ?, ?, ?, ?)');
    this.#prune = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  }

  find({ scope, key }: IdempotencyKey): StoredReply | undefined {
    const row = this.#find.get(scope, key);
    return row ? { status: row.status, body: JSON.parse(row.body) as unknown } : undefined;
  }

  save({ scope, key }: IdempotencyKey, reply: StoredReply, at: string): void {
    this.#save.run(scope, key, reply.status, JSON.stringify(reply.body), at);
  }

  /** Forgets keys older than the TTL; returns how many. */
  prune(now = Date.now()): number {
    return this.#prune.run(new Date(now - IDEMPOTENCY_TTL_MS).toISOString()).changes;
  }
}
