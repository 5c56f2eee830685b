import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type StoreNames } from 'idb';
import type { DeliveredRecord, FailedRecord, OutboxRecord, RecordPlace, RecordStore } from './record.js';

/** The database's name: one per origin, shared by every tab and every Sdk. */
export const DB_NAME = 'rechat-sdk';

interface OutboxSchema extends DBSchema {
  outbox: { key: string; value: OutboxRecord; indexes: { seq: number } };
  failed: { key: string; value: FailedRecord };
  /** Delivered records: their lead for captures, and that a repeated dispatch of their key is a no-op. */
  delivered: { key: string; value: DeliveredRecord; indexes: { at: number } };
  meta: { key: string; value: unknown };
}

type Db = IDBPDatabase<OutboxSchema>;
const VERSION = 2;
const STORES = ['outbox', 'failed', 'delivered', 'meta'] as const;
/** How long opening the database may take before the outbox goes on in memory (it waits only on other tabs). */
export const OPEN_TIMEOUT_MS = 3000;

/**
 * `work`, or a TimeoutError after {@link OPEN_TIMEOUT_MS}: an open or a deletion that
 * another tab's connection holds up never holds the page up for good. The request itself
 * goes on, and completes once that tab lets go.
 */
export function heldUp<T>(work: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    work.then(resolve, reject);
    setTimeout(reject, OPEN_TIMEOUT_MS, new DOMException('Another tab held the database up', 'TimeoutError'));
  });
}

/**
 * The outbox in IndexedDB. The connection opens on first use and opens again after the
 * browser closed it (storage cleared, a newer SDK in another tab upgrading the database):
 * the outbox never stays dead.
 */
export class IdbStore implements RecordStore {
  readonly persistent = true;
  #db?: Promise<Db>;

  /** `name`: the database's (tests use others, to be alone with theirs). */
  constructor(readonly name = DB_NAME) {}

  /** Opens the database (so that a browser refusing IndexedDB is known at once). */
  async open(): Promise<this> {
    await this.#conn();
    return this;
  }

  #conn(): Promise<Db> {
    if (this.#db) return this.#db;
    const forget = () => {
      this.#db = undefined;
    };
    const callbacks = {
      upgrade(db: IDBPDatabase<OutboxSchema>) {
        // By the stores that are missing, not by version numbers: an empty database made by
        // someone else's `indexedDB.open('rechat-sdk')` is upgraded like a new one.
        const has = (name: string) => db.objectStoreNames.contains(name as never);
        if (!has('outbox')) db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq');
        if (!has('failed')) db.createObjectStore('failed', { keyPath: 'id' });
        if (!has('meta')) db.createObjectStore('meta');
        if (!has('delivered')) db.createObjectStore('delivered', { keyPath: 'id' }).createIndex('at', 'at');
      },
      // A newer version of the SDK in another tab wants to upgrade: let it, and reopen later.
      blocking(_current: number, _next: number | null, event: IDBVersionChangeEvent) {
        (event.target as IDBDatabase).close();
        forget();
      },
      // The browser closed the connection (storage cleared, disk error): reopen on next use.
      terminated: forget,
    };
    // Opened at the version it has, then upgraded (or made) only when older than ours: never
    // asked for an older version than a newer SDK (another tab) upgraded it to. After an open
    // that fails with VersionError, Firefox makes the next open of the database wait until no
    // transaction runs on it, which a busy tab can make never.
    const opening = openDB<OutboxSchema>(this.name, undefined, callbacks).then((db) => {
      if (db.version < VERSION) {
        db.close();
        return openDB<OutboxSchema>(this.name, VERSION, callbacks);
      }
      // Someone else's database of that name, at a version we cannot upgrade: not ours to use.
      if (STORES.some((name) => !db.objectStoreNames.contains(name))) {
        db.close();
        throw new DOMException(`${this.name} lacks the outbox's stores`, 'NotFoundError');
      }
      return db;
    });
    // Nor does an open wait for good on another tab (an upgrade or deletion that one of its
    // connections holds up): past the deadline the outbox goes on in memory. A connection
    // that opens later closes, as any, at the next versionchange.
    this.#db = heldUp(opening);
    this.#db.catch(forget);
    return this.#db;
  }

  /** Runs `work`; when the connection was closed under it, once more on a new one. */
  async #with<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const db = await this.#conn();
    try {
      return await work(db);
    } catch (error) {
      if ((error as DOMException)?.name !== 'InvalidStateError') throw error;
      if (this.#db && (await this.#db) === db) this.#db = undefined;
      return work(await this.#conn());
    }
  }

  all() {
    return this.#with((db) => db.getAllFromIndex('outbox', 'seq'));
  }

  add(records: OutboxRecord[]) {
    return this.#save(records, (outbox) => outbox.count());
  }

  addThenAll(records: OutboxRecord[]) {
    // A pass that starts with new records saves them and reads the outbox in one round trip.
    return this.#save(records, (outbox) => outbox.index('seq').getAll());
  }

  /** Puts records and reads something back, in one transaction (see `RecordStore.add`). */
  #save<T>(records: OutboxRecord[], readBack: (outbox: IDBPObjectStore<OutboxSchema, StoreNames<OutboxSchema>[], 'outbox', 'readwrite'>) => Promise<T>) {
    return this.#with(async (db) => {
      const given = records.filter((record) => record.givenId);
      // Only what a caller gave the id of can have been delivered already.
      const tx = db.transaction(given.length ? ['outbox', 'delivered'] : ['outbox'], 'readwrite');
      const sent = new Set<string>();
      if (given.length) {
        const delivered = tx.objectStore('delivered');
        const keys = await Promise.all(given.map((record) => delivered.getKey(record.id)));
        for (const key of keys) if (key !== undefined) sent.add(key);
      }
      // The plain object store: idb would wrap each put's request in a promise nobody reads.
      const outbox = tx.objectStore('outbox');
      const raw = unwrap(outbox);
      for (const record of records) if (!sent.has(record.id)) raw.put(record);
      const result = readBack(outbox);
      await tx.done;
      return result;
    });
  }

  put(record: OutboxRecord) {
    return this.#with(async (db) => {
      const tx = db.transaction('outbox', 'readwrite');
      if ((await tx.store.getKey(record.id)) !== undefined) void tx.store.put(record);
      await tx.done;
    });
  }

  remove(ids: string[]) {
    return this.#with(async (db) => {
      const tx = db.transaction('outbox', 'readwrite');
      const removed: string[] = [];
      for (const id of ids) {
        if ((await tx.store.getKey(id)) === undefined) continue;
        void tx.store.delete(id);
        removed.push(id);
      }
      await tx.done;
      return removed;
    });
  }

  delivered(records: DeliveredRecord[]) {
    return this.#with(async (db) => {
      const tx = db.transaction(['outbox', 'delivered'], 'readwrite');
      // The plain stores, as in #save: a promise per request would only be thrown away.
      const [outbox, delivered] = [unwrap(tx.objectStore('outbox')), unwrap(tx.objectStore('delivered'))];
      for (const record of records) {
        outbox.delete(record.id);
        delivered.put(record);
      }
      await tx.done;
    });
  }

  deliveredOf(id: string) {
    return this.#with((db) => db.get('delivered', id));
  }

  whereAre(ids: string[]) {
    return this.#with(async (db) => {
      // Every key of both stores in two reads: a merge asks about hundreds of ids at once,
      // and both stores stay small (delivered records are pruned after 30 days).
      const tx = db.transaction(['outbox', 'delivered']);
      const keys = (store: 'outbox' | 'delivered') => tx.objectStore(store).getAllKeys().then((all) => new Set(all));
      const [pending, delivered] = await Promise.all([keys('outbox'), keys('delivered')]);
      const found = new Map<string, RecordPlace>();
      for (const id of ids) {
        if (pending.has(id)) found.set(id, 'pending');
        else if (delivered.has(id)) found.set(id, 'delivered');
      }
      return found;
    });
  }

  fail(record: FailedRecord) {
    return this.#with(async (db) => {
      const tx = db.transaction(['outbox', 'failed'], 'readwrite');
      tx.objectStore('outbox').delete(record.id);
      tx.objectStore('failed').put(record);
      await tx.done;
    });
  }

  failed() {
    return this.#with(async (db) => (await db.getAll('failed')).sort((a, b) => a.failedAt - b.failedAt));
  }

  unfail(id: string, retry?: OutboxRecord) {
    return this.#with(async (db) => {
      const tx = db.transaction(['outbox', 'failed'], 'readwrite');
      const failed = await tx.objectStore('failed').get(id);
      if (failed) {
        tx.objectStore('failed').delete(id);
        if (retry) tx.objectStore('outbox').put(retry);
      }
      await tx.done;
      return failed;
    });
  }

  prune(before: number) {
    return this.#with(async (db) => {
      const tx = db.transaction(['failed', 'delivered'], 'readwrite');
      const expired = (await tx.objectStore('failed').getAll()).filter((r) => r.failedAt < before);
      for (const record of expired) tx.objectStore('failed').delete(record.id);
      let old = await tx.objectStore('delivered').index('at').openCursor(IDBKeyRange.upperBound(before, true));
      while (old) {
        old.delete();
        old = await old.continue();
      }
      await tx.done;
      return expired;
    });
  }

  getMeta(key: string) {
    return this.#with((db) => db.get('meta', key));
  }

  setMeta(key: string, value: unknown) {
    return this.#with((db) => db.put('meta', value, key)).then(() => undefined);
  }

  close() {
    this.#db?.then((db) => db.close(), () => undefined);
    this.#db = undefined;
  }
}

/** Opens (or creates) the outbox database; rejects where IndexedDB cannot be used. */
export function openIdbStore(name?: string): Promise<IdbStore> {
  return new IdbStore(name).open();
}

/**
 * Whether this origin may have records left by earlier pages, without creating the
 * database: a page that never queued anything opens no IndexedDB at load.
 */
export async function mayHaveRecords(): Promise<boolean> {
  const databases = await globalThis.indexedDB?.databases?.().catch(() => undefined);
  return !databases || databases.some((d) => d.name === DB_NAME);
}
