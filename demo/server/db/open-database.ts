import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

/** The database file inside a data directory. */
export const DATABASE_FILE = 'sandbox.sqlite';

/**
 * Opens (creating if needed) the sandbox database and brings its schema up to date.
 *
 * WAL lets the inbox read while a lead is being written; `synchronous = NORMAL` is
 * durable across a crash of this process (what "nothing lost on restart" asks) and only
 * risks the last commits on a power cut, which a sandbox can afford for its throughput.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Applies the migrations newer than the database's version, each in its own transaction
 * together with its `schema_migrations` row, so a failed one leaves the previous version
 * intact. Returns the versions applied.
 *
 * @throws when the database is newer than this code (a downgrade would corrupt it).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations').get();
  const current = row?.version ?? 0;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(
      `${db.name} has schema version ${current}, newer than this sandbox knows (${latest}); use a newer sandbox or another DATA_DIR`,
    );
  }

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      // user_version mirrors it for tools such as the sqlite3 shell.
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
