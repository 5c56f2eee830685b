import type { FailedRecord, OutboxRecord, RecordStore } from './record.js';

/** The fallback where IndexedDB is unavailable: works while the page lives, then is gone. */
export class MemoryStore implements RecordStore {
  readonly persistent = false;
  readonly #records = new Map<string, OutboxRecord>();
  readonly #leads = new Map<string, string>();

  async all() {
    return [...this.#records.values()].sort((a, b) => a.seq - b.seq).map((r) => ({ ...r }));
  }
  async add(records: OutboxRecord[]) {
    for (const r of records) this.#records.set(r.id, { ...r });
    return this.all();
  }
  async put(record: OutboxRecord) {
    this.#records.set(record.id, { ...record });
  }
  async remove(ids: string[], leads: Array<[string, string]> = []) {
    for (const id of ids) this.#records.delete(id);
    for (const [capture, lead] of leads) this.#leads.set(capture, lead);
  }
  // The failure itself was reported by the `failed` event; memory keeps nothing past the page.
  async fail(record: FailedRecord) {
    this.#records.delete(record.id);
  }
  async leadOf(captureId: string) {
    return this.#leads.get(captureId);
  }
}
