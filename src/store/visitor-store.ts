import { deleteDB, openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { KeptActivity, VisitorState, VisitorStore } from '../core/visitor-record.js';
import { heldUp } from './idb-store.js';

/** The visitor phase's database: apart from the outbox's, so that each evolves (and is erased) alone. */
export const VISITOR_DB_NAME = 'rechat-sdk-visitor';
const STATE_KEY = 'visitor';

interface VisitorSchema extends DBSchema {
  activity: { key: string; value: KeptActivity; indexes: { seq: number } };
  state: { key: string; value: VisitorState };
}

type VisitorDb = IDBPDatabase<VisitorSchema>;

/**
 * Kept visitor activity and state in IndexedDB. The connection is let go whenever another
 * connection wants the database (another Sdk of the page or another tab erases it, a newer
 * SDK upgrades it) and opened again at the next use, so that one Sdk's `forget()` does not
 * leave the page's other Sdks with a closed connection.
 */
export class IdbVisitorStore implements VisitorStore {
  #db?: Promise<VisitorDb>;
  readonly #create: boolean;

  /** `create`: whether opening again may create the database (see {@link openVisitorStore}). */
  constructor(db: VisitorDb, create = true) {
    this.#db = Promise.resolve(this.#watch(db));
    this.#create = create;
  }

  #watch(db: VisitorDb): VisitorDb {
    const release = () => {
      db.close();
      this.#db = undefined;
    };
    db.addEventListener('versionchange', release);
    db.addEventListener('close', () => (this.#db = undefined));
    return db;
  }

  #connection(): Promise<VisitorDb> {
    if (this.#db) return this.#db;
    // Opened without consent: never created again by a read (another Sdk may have erased it).
    const open = this.#create ? connect() : existing().then((db) => db ?? Promise.reject(new DOMException('Erased', 'NotFoundError')));
    return (this.#db = open.then((db) => this.#watch(db)));
  }

  async load() {
    const tx = (await this.#connection()).transaction(['activity', 'state']);
    const [activities, state] = await Promise.all([
      tx.objectStore('activity').index('seq').getAll(),
      tx.objectStore('state').get(STATE_KEY),
    ]);
    return { state: state ?? {}, activities };
  }

  async state() {
    return (await (await this.#connection()).get('state', STATE_KEY)) ?? {};
  }

  async save(activities: KeptActivity[], state: VisitorState) {
    const tx = (await this.#connection()).transaction(['activity', 'state'], 'readwrite');
    // The raw store: idb would make a promise per put, and a burst of calls can be 1,000
    // puts; the transaction's completion (`tx.done`) is all that is awaited.
    const activity = unwrap(tx.objectStore('activity'));
    for (const kept of activities) activity.put(kept);
    tx.objectStore('state').put(state, STATE_KEY);
    return tx.done;
  }

  async remove(ids: string[] | 'all', state: VisitorState) {
    const tx = (await this.#connection()).transaction(['activity', 'state'], 'readwrite');
    // The raw store, as in save(): a merge removes hundreds at a time.
    const activity = unwrap(tx.objectStore('activity'));
    if (ids === 'all') activity.clear();
    else for (const id of ids) activity.delete(id);
    tx.objectStore('state').put(state, STATE_KEY);
    return tx.done;
  }

  async erase() {
    this.close();
    return heldUp(deleteDB(VISITOR_DB_NAME));
  }

  /** Closes the connection (the next use opens it again). */
  close(): void {
    void this.#db?.then((db) => db.close());
    this.#db = undefined;
  }
}

function connect(): Promise<VisitorDb> {
  const opening = openDB<VisitorSchema>(VISITOR_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('activity', { keyPath: 'id' }).createIndex('seq', 'seq');
      db.createObjectStore('state');
    },
  });
  return heldUp(opening).catch((error: unknown) => {
    // Given up on: a connection that opens after all is closed at once.
    opening.then((db) => db.close()).catch(() => undefined);
    throw error;
  });
}

/**
 * Opens the visitor database. With `create: false` (consent pending: nothing may be
 * written, and creating a database is a write) it opens only one that exists already,
 * and resolves undefined otherwise — or where the browser cannot tell
 * (`indexedDB.databases` is missing). The visitor phase writes only with consent, so a
 * store opened without it is only read.
 */
export async function openVisitorStore(create: boolean): Promise<VisitorStore | undefined> {
  const db = create ? await connect() : await existing();
  return db && new IdbVisitorStore(db, create);
}

/** The database if it exists; never creates it. */
async function existing(): Promise<VisitorDb | undefined> {
  const names = (await indexedDB.databases?.().catch(() => undefined)) ?? [];
  return names.some((db) => db.name === VISITOR_DB_NAME) ? connect() : undefined;
}
