import type { AttributionField } from './attribution.js';

/** Where a lead goes: its lead channel, and who or what campaign it is attributed to. */
export type Channel = { lead_channel: string } & Partial<Record<AttributionField, string>>;

/** An agent the website asks the lead to be assigned to. Matched by email, then phone, then name, then MLS id. */
export interface Assignee {
  email?: string;
  phone_number?: string;
  first_name?: string;
  last_name?: string;
  mlsid?: string;
  mls?: string;
}

/** The lead itself. Every field is optional; unknown fields are sent as they are. */
export interface LeadInput {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone_number?: string;
  /** An alias of `phone_number`, as an old example uses it. */
  phone?: string;
  /** One tag, a comma-separated list, or a list; always sent as a list. */
  tag?: string | string[];
  lead_source?: string;
  note?: string;
  address?: string;
  referer_url?: string;
  mlsid?: string;
  listing_id?: string;
  agent_mlsid?: string;
  source_type?: string;
  assignees?: Assignee[];
  [field: string]: unknown;
}

/** What `Leads.capture` resolves with. */
export interface Lead {
  /** The lead's id; null while queued, or when the API answered 204 with no body. */
  id: string | null;
  contact: string | null;
  created_at: string | null;
  lead_channel: string;
  source_type: string | null;
  /** True when the lead is kept in the offline outbox and will be sent automatically. */
  queued: boolean;
  /** For a queued lead: its outbox record id, which the Sdk's `delivered` event names. */
  outbox_id?: string;
}

/** A listing, as the tracker sends it. Numbers may come as strings; they are normalised. */
export interface Listing {
  id?: string;
  url?: string;
  mls?: string;
  mls_number?: string;
  price?: number | string;
  cover_image_url?: string;
  property?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A listing search, as the tracker sends it. Lists may come as comma-separated strings. */
export interface Search {
  url?: string;
  title?: string;
  search?: string;
  minimum_price?: number | string;
  maximum_price?: number | string;
  minimum_bedrooms?: number | string;
  maximum_bedrooms?: number | string;
  minimum_bathrooms?: number | string;
  maximum_bathrooms?: number | string;
  property_types?: string[] | string;
  postal_codes?: string[] | string;
  pool?: boolean | string;
  [field: string]: unknown;
}

/** One timeline activity. */
export interface Activity {
  action: string;
  listing?: Listing;
  search?: Search;
  notes?: string;
}

/** What a tracker call resolves with. */
export interface TrackResult {
  action: string;
  lead_id: string | null;
  queued: boolean;
  /** Kept in this browser for the visitor's future lead (the visitor phase): nothing was sent. */
  visitor?: true;
  /** Not recorded: the visitor denied consent (or sends Global Privacy Control). */
  skipped?: 'consent';
}
