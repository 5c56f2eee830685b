import type { IdentifyWith, OutboundRequest } from '../core/dispatcher.js';

/** One request in the outbox: saved before it is sent, removed after a 2xx answer. */
export interface OutboxRecord extends OutboundRequest {
  /** A random UUID: the key, and what a pending tracking cookie points at. */
  id: string;
  /** Send order: a high-resolution timestamp, comparable across tabs. */
  seq: number;
  createdAt: number;
  attempts: number;
  /** Not to be sent again before this time (backoff). */
  notBefore: number;
  /** Whether `notBefore` is the server's own `Retry-After`, which even the last-chance flush honours. */
  serverDelay?: boolean;
  timeoutMs: number;
  identify?: IdentifyWith;
}

/** A record the API refused for good, kept for inspection. */
export interface FailedRecord extends OutboxRecord {
  failedAt: number;
  error: { message: string; status?: number };
}

/**
 * Where the outbox keeps its records: IndexedDB, or memory where IndexedDB cannot be used.
 * Every method resolves once the change is durable (committed).
 */
export interface RecordStore {
  readonly persistent: boolean;
  /** Every pending record, oldest first. */
  all(): Promise<OutboxRecord[]>;
  /** Adds records in one transaction; resolves with every pending record after it, oldest first. */
  add(records: OutboxRecord[]): Promise<OutboxRecord[]>;
  put(record: OutboxRecord): Promise<void>;
  /** Removes delivered or dropped records; remembers the lead id of delivered captures. */
  remove(ids: string[], leads?: Array<[captureId: string, leadId: string]>): Promise<void>;
  /** Moves a record to the failed store. */
  fail(record: FailedRecord): Promise<void>;
  /** The lead a delivered capture created, if known. */
  leadOf(captureId: string): Promise<string | undefined>;
}
