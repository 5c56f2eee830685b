import { deleteDB, openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { KeptActivity, VisitorState, VisitorStore } from '../core/visitor-record.js';

/** The visitor phase's database: apart from the outbox's, so that each evolves (and is erased) alone. */
export const VISITOR_DB_NAME = 'rechat-sdk-visitor';
const STATE_KEY = 'visitor';

interface VisitorSchema extends DBSchema {
  activity: { key: string; value: KeptActivity; indexes: { seq: number } };
  state: { key: string; value: VisitorState };
}

/** Kept visitor activity and state in IndexedDB. */
export class IdbVisitorStore implements VisitorStore {
  constructor(private db: IDBPDatabase<VisitorSchema>) {}

  async load() {
    const tx = this.db.transaction(['activity', 'state']);
    const [activities, state] = await Promise.all([
      tx.objectStore('activity').index('seq').getAll(),
      tx.objectStore('state').get(STATE_KEY),
    ]);
    return { state: state ?? {}, activities };
  }

  async state() {
    return (await this.db.get('state', STATE_KEY)) ?? {};
  }

  save(activities: KeptActivity[], state: VisitorState) {
    const tx = this.db.transaction(['activity', 'state'], 'readwrite');
    // The raw store: idb would make a promise per put, and a burst of calls can be 1,000
    // puts; the transaction's completion (`tx.done`) is all that is awaited.
    const activity = unwrap(tx.objectStore('activity'));
    for (const kept of activities) activity.put(kept);
    tx.objectStore('state').put(state, STATE_KEY);
    return tx.done;
  }

  remove(ids: string[] | 'all', state: VisitorState) {
    const tx = this.db.transaction(['activity', 'state'], 'readwrite');
    const activity = tx.objectStore('activity');
    if (ids === 'all') activity.clear();
    else for (const id of ids) activity.delete(id);
    tx.objectStore('state').put(state, STATE_KEY);
    return tx.done;
  }

  erase() {
    this.db.close();
    return deleteDB(VISITOR_DB_NAME);
  }
}

/**
 * Opens the visitor database. With `create: false` (consent pending: nothing may be
 * written, and creating a database is a write) it opens only one that exists already,
 * and resolves undefined otherwise — or where the browser cannot tell
 * (`indexedDB.databases` is missing).
 */
export async function openVisitorStore(create: boolean): Promise<VisitorStore | undefined> {
  if (!create) {
    const names = (await indexedDB.databases?.().catch(() => undefined)) ?? [];
    if (!names.some((db) => db.name === VISITOR_DB_NAME)) return undefined;
  }
  const db = await openDB<VisitorSchema>(VISITOR_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('activity', { keyPath: 'id' }).createIndex('seq', 'seq');
      db.createObjectStore('state');
    },
    // Another tab erases the database, or a newer SDK upgrades it: let it.
    blocking() {
      db.close();
    },
  });
  return new IdbVisitorStore(db);
}
