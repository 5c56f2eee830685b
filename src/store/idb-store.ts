import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FailedRecord, OutboxRecord, RecordStore } from './record.js';

/** The database's name: one per origin, shared by every tab and every Sdk. */
export const DB_NAME = 'rechat-sdk';

interface OutboxSchema extends DBSchema {
  outbox: { key: string; value: OutboxRecord; indexes: { seq: number } };
  failed: { key: string; value: FailedRecord };
  /** Delivered captures' lead ids, for activities that were queued against them. */
  leads: { key: string; value: string };
}

/** The outbox in IndexedDB. Rejects from {@link openIdbStore} where IndexedDB cannot be used. */
export class IdbStore implements RecordStore {
  readonly persistent = true;
  constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  all() {
    return this.db.getAllFromIndex('outbox', 'seq');
  }

  async add(records: OutboxRecord[]) {
    // Writing and reading back in one transaction: a flush that starts with new records
    // gets them saved and the whole outbox read in a single round trip.
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const record of records) tx.store.put(record);
    const all = tx.store.index('seq').getAll();
    await tx.done;
    return all;
  }

  put(record: OutboxRecord) {
    return this.db.put('outbox', record).then(() => undefined);
  }

  async remove(ids: string[], leads: Array<[string, string]> = []) {
    const tx = this.db.transaction(['outbox', 'leads'], 'readwrite');
    for (const id of ids) tx.objectStore('outbox').delete(id);
    for (const [capture, lead] of leads) tx.objectStore('leads').put(lead, capture);
    await tx.done;
  }

  async fail(record: FailedRecord) {
    const tx = this.db.transaction(['outbox', 'failed'], 'readwrite');
    tx.objectStore('outbox').delete(record.id);
    tx.objectStore('failed').put(record);
    await tx.done;
  }

  leadOf(captureId: string) {
    return this.db.get('leads', captureId);
  }
}

/** Opens (or creates) the outbox database. */
export async function openIdbStore(): Promise<IdbStore> {
  const db = await openDB<OutboxSchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq');
      db.createObjectStore('failed', { keyPath: 'id' });
      db.createObjectStore('leads');
    },
    // A newer version of the SDK in another tab wants to upgrade: let it.
    blocking() {
      db.close();
    },
  });
  return new IdbStore(db);
}
