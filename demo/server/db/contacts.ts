import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { emailKey, phoneKey } from '../routing/normalize.js';

/** The person details a lead carries about its contact. */
export interface ContactDetails {
  readonly first_name?: string;
  readonly last_name?: string;
  readonly email?: string;
  readonly phone_number?: string;
}

/** A stored contact. */
export interface ContactRow {
  readonly id: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly email: string | null;
  readonly phone_number: string | null;
}

/**
 * Contacts, de-duplicated within a brokerage: a lead whose email (case-insensitive) or
 * else phone (digits only) is already known links that contact instead of a new one.
 */
export class ContactStore {
  readonly #byEmail: Database.Statement<[string, string], { id: string }>;
  readonly #byPhone: Database.Statement<[string, string], { id: string }>;
  readonly #insert: Database.Statement;
  readonly #fillBlanks: Database.Statement;
  readonly #get: Database.Statement<[string], ContactRow>;

  constructor(db: Database.Database) {
    // Oldest first: once two contacts exist (a lead with only a phone, then one with only an
    // email), new leads keep linking the original rather than flip-flopping between them.
    this.#byEmail = db.prepare('SELECT id FROM contacts WHERE brokerage_id = ? AND email_key = ? ORDER BY created_at, rowid LIMIT 1');
    this.#byPhone = db.prepare('SELECT id FROM contacts WHERE brokerage_id = ? AND phone_key = ? ORDER BY created_at, rowid LIMIT 1');
    this.#insert = db.prepare(`INSERT INTO contacts
      (id, brokerage_id, first_name, last_name, email, email_key, phone_number, phone_key, created_at, updated_at)
      VALUES (@id, @brokerage_id, @first_name, @last_name, @email, @email_key, @phone_number, @phone_key, @now, @now)`);
    // A later lead may know more (a phone number the first one lacked); it never overwrites.
    this.#fillBlanks = db.prepare(`UPDATE contacts SET
        first_name   = COALESCE(first_name, @first_name),
        last_name    = COALESCE(last_name, @last_name),
        email        = COALESCE(email, @email),
        email_key    = COALESCE(email_key, @email_key),
        phone_number = COALESCE(phone_number, @phone_number),
        phone_key    = COALESCE(phone_key, @phone_key),
        updated_at   = @now
      WHERE id = @id`);
    this.#get = db.prepare('SELECT id, first_name, last_name, email, phone_number FROM contacts WHERE id = ?');
  }

  /** Returns the id of the matching contact, creating or completing it. Call inside a transaction. */
  resolve(brokerageId: string, details: ContactDetails, now: string): { id: string; created: boolean } {
    const email_key = emailKey(details.email) ?? null;
    const phone_key = phoneKey(details.phone_number) ?? null;
    const existing =
      (email_key ? this.#byEmail.get(brokerageId, email_key) : undefined) ??
      (phone_key ? this.#byPhone.get(brokerageId, phone_key) : undefined);
    const row = {
      id: existing?.id ?? randomUUID(),
      brokerage_id: brokerageId,
      first_name: details.first_name ?? null,
      last_name: details.last_name ?? null,
      email: details.email ?? null,
      email_key,
      phone_number: details.phone_number ?? null,
      phone_key,
      now,
    };
    if (existing) {
      const { brokerage_id: _unused, ...update } = row;
      this.#fillBlanks.run(update);
      return { id: existing.id, created: false };
    }
    this.#insert.run(row);
    return { id: row.id, created: true };
  }

  get(id: string): ContactRow | undefined {
    return this.#get.get(id);
  }

  /** Several contacts by id, keyed by id. */
  getMany(ids: Iterable<string>): Map<string, ContactRow> {
    const map = new Map<string, ContactRow>();
    for (const id of new Set(ids)) {
      const row = this.#get.get(id);
      if (row) map.set(id, row);
    }
    return map;
  }
}
