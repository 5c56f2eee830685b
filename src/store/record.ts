import type { IdentifyWith, OutboundRequest } from '../core/dispatcher.js';

/** One request in the outbox: saved before it is sent, removed after a 2xx answer. */
export interface OutboxRecord extends OutboundRequest {
  /**
   * A random UUID, stable across attempts, tabs and reloads: the request's idempotency key
   * (sent on every attempt) and what a pending tracking cookie points at.
   */
  id: string;
  /** Send order: a high-resolution timestamp, comparable across tabs. */
  seq: number;
  createdAt: number;
  attempts: number;
  /** Not to be sent again before this time (backoff). */
  notBefore: number;
  /** Whether `notBefore` is the server's own `Retry-After`, which even the page-exit send honours. */
  serverDelay?: boolean;
  timeoutMs: number;
  identify?: IdentifyWith;
  /**
   * The caller gave the id (a visitor merge does), and may dispatch it again from another
   * page or tab: once a record of that id is delivered, it is never added again.
   */
  givenId?: true;
}

/** A record the API refused for good, kept for `sdk.failed()`, `retry()` and `discard()` (30 days). */
export interface FailedRecord extends OutboxRecord {
  failedAt: number;
  error: { message: string; status?: number };
}

/** What the outbox remembers of a delivered record: when, and for captures the lead it created. */
export interface DeliveredRecord {
  id: string;
  at: number;
  leadId?: string;
}

/**
 * Where the outbox keeps its records: IndexedDB, or memory where IndexedDB cannot or may
 * not be used. Every method resolves once the change is durable (committed).
 */
/** Where a record with a given id is in a store: still to send, or sent. */
export type RecordPlace = 'pending' | 'delivered';

export interface RecordStore {
  readonly persistent: boolean;
  /** Every pending record, oldest first. */
  all(): Promise<OutboxRecord[]>;
  /**
   * Adds records in one transaction; resolves with how many records are pending after it.
   * A `givenId` record whose id is delivered is left out, checked in that transaction: two
   * tabs that both found it new (a merge both resume) cannot bring it back once sent.
   */
  add(records: OutboxRecord[]): Promise<number>;
  /** As {@link add}, and reads every pending record back, oldest first, in the same transaction. */
  addThenAll(records: OutboxRecord[]): Promise<OutboxRecord[]>;
  /**
   * Updates a pending record (its retry state). One no longer pending — dropped, discarded
   * or delivered while it was on the wire — is not brought back.
   */
  put(record: OutboxRecord): Promise<void>;
  /**
   * Removes pending records without remembering them as delivered (dropped or discarded);
   * resolves with the ids it found and removed. Of two callers removing one record (two
   * tabs, or a pass and a save), only one gets its id: only that one announces the drop.
   */
  remove(ids: string[]): Promise<string[]>;
  /** Removes delivered records and remembers them (with the lead each capture created). */
  delivered(records: DeliveredRecord[]): Promise<void>;
  /** What is remembered of a delivered record, if anything. */
  deliveredOf(id: string): Promise<DeliveredRecord | undefined>;
  /**
   * Where each of these ids is, read in one transaction; absent from the map when neither
   * (a record moves from one to the other atomically).
   */
  whereAre(ids: string[]): Promise<Map<string, RecordPlace>>;
  /** Moves a pending record to the failed store. */
  fail(record: FailedRecord): Promise<void>;
  /** Every failed record, oldest first. */
  failed(): Promise<FailedRecord[]>;
  /** Moves a failed record back to the pending records (`retry`), or only removes it (`discard`). */
  unfail(id: string, retry?: OutboxRecord): Promise<FailedRecord | undefined>;
  /** Forgets failed and delivered records older than `before`; resolves with the failed ones it forgot. */
  prune(before: number): Promise<FailedRecord[]>;
  /** A small persisted setting (what the outbox learned about an API). */
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
  /** Lets go of the store (tests, switching to memory). */
  close(): void;
}
