import type { DeliveredRecord, FailedRecord, OutboxRecord, RecordPlace, RecordStore } from './record.js';

/**
 * Records kept in memory: where IndexedDB is unavailable, or while the outbox may not
 * persist (consent pending). Works while the page lives, then is gone.
 */
export class MemoryStore implements RecordStore {
  readonly persistent = false;
  readonly #records = new Map<string, OutboxRecord>();
  readonly #failed = new Map<string, FailedRecord>();
  readonly #delivered = new Map<string, DeliveredRecord>();
  readonly #meta = new Map<string, unknown>();

  async all() {
    return [...this.#records.values()].sort((a, b) => a.seq - b.seq).map((r) => ({ ...r }));
  }
  async add(records: OutboxRecord[]) {
    for (const r of records) if (!(r.givenId && this.#delivered.has(r.id))) this.#records.set(r.id, { ...r });
    return this.#records.size;
  }
  async addThenAll(records: OutboxRecord[]) {
    await this.add(records);
    return this.all();
  }
  async put(record: OutboxRecord) {
    if (this.#records.has(record.id)) this.#records.set(record.id, { ...record });
  }
  async remove(ids: string[]) {
    return ids.filter((id) => this.#records.delete(id));
  }
  async delivered(records: DeliveredRecord[]) {
    for (const record of records) {
      this.#records.delete(record.id);
      this.#delivered.set(record.id, record);
    }
  }
  async deliveredOf(id: string) {
    return this.#delivered.get(id);
  }
  async whereAre(ids: string[]) {
    const found = new Map<string, RecordPlace>();
    for (const id of ids) {
      if (this.#records.has(id)) found.set(id, 'pending');
      else if (this.#delivered.has(id)) found.set(id, 'delivered');
    }
    return found;
  }
  async fail(record: FailedRecord) {
    this.#records.delete(record.id);
    this.#failed.set(record.id, record);
  }
  async failed() {
    return [...this.#failed.values()].sort((a, b) => a.failedAt - b.failedAt);
  }
  async unfail(id: string, retry?: OutboxRecord) {
    const failed = this.#failed.get(id);
    this.#failed.delete(id);
    if (failed && retry) this.#records.set(id, retry);
    return failed;
  }
  async prune(before: number) {
    const expired = [...this.#failed.values()].filter((r) => r.failedAt < before);
    for (const r of expired) this.#failed.delete(r.id);
    for (const [id, r] of this.#delivered) if (r.at < before) this.#delivered.delete(id);
    return expired;
  }
  async getMeta(key: string) {
    return this.#meta.get(key);
  }
  async setMeta(key: string, value: unknown) {
    this.#meta.set(key, value);
  }
  close() {}
}
