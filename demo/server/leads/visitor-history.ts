/**
 * A lead's visitor history: the activity the SDK kept in the browser before the visitor got
 * in touch, merged onto the lead's timeline when it was captured (SPEC §6). Each merged
 * activity's notes start with `Before contact, <ISO time>` (`src/core/visitor-merge.ts`,
 * `mergedNotes`), which is how the sandbox tells it apart; the rest of the notes are the
 * activity's own.
 */

/** The prefix the SDK writes (keep in step with `BEFORE_CONTACT` in src/core/visitor-merge.ts). */
export const BEFORE_CONTACT = 'Before contact, ';
const MERGED_NOTES = /^Before contact, (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)(?:: ([\s\S]*))?$/;

/** Seed 003: a session ends after 30 minutes without activity. */
const SESSION_GAP_MS = 30 * 60 * 1000;

/** The timeline activity fields the classification reads. */
export interface TimelineActivity {
  readonly action: string;
  readonly created_at: string;
  readonly notes?: string;
}

/** An activity from before contact, with its original time and its own notes. */
export type EarlierActivity<A extends TimelineActivity> = Omit<A, 'notes'> & { readonly at: string; readonly notes?: string };

/** A lead's timeline, split: what the visitor did before getting in touch, and the rest. */
export interface VisitorHistory<A extends TimelineActivity> {
  /** Oldest first, by original time. */
  readonly before_contact: readonly EarlierActivity<A>[];
  readonly listing_views: number;
  /** Runs of activity with no gap of 30 minutes or more. */
  readonly sessions: number;
  /** The timeline after contact. */
  readonly after_contact: readonly A[];
}

/** Splits a timeline into the visitor's history before contact and the rest. A pure function. */
export function visitorHistory<A extends TimelineActivity>(timeline: readonly A[]): VisitorHistory<A> {
  const before: EarlierActivity<A>[] = [];
  const after: A[] = [];
  for (const activity of timeline) {
    const merged = activity.notes && MERGED_NOTES.exec(activity.notes);
    if (!merged) {
      after.push(activity);
      continue;
    }
    const { notes: _notes, ...rest } = activity;
    before.push({ ...rest, at: merged[1]!, ...(merged[2] ? { notes: merged[2] } : {}) });
  }
  // Stable: activities of one instant keep the order they were delivered in.
  before.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let sessions = 0;
  let last = -Infinity;
  for (const { at } of before) {
    const time = Date.parse(at);
    if (time - last >= SESSION_GAP_MS) sessions++;
    last = time;
  }
  return {
    before_contact: before,
    listing_views: before.filter((a) => a.action === 'ContactViewedListing').length,
    sessions,
    after_contact: after,
  };
}

/** The attribution fields the SDK sends with a capture (SPEC §6), in the order the inbox shows them. */
export const ATTRIBUTION_KEYS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
  'referrer',
  'landing_page',
  'referer_url',
] as const;

/**
 * The lead's attribution from its raw payload: the fields above (known to the lead API or
 * kept with its unknown fields), and the visitor's first touch. Strings only.
 */
export function leadAttribution(lead: Record<string, unknown>): { last: Record<string, string>; first_touch?: Record<string, string> } {
  const extra = (lead['extra'] ?? {}) as Record<string, unknown>;
  const strings = (source: Record<string, unknown>, keys: readonly string[]) =>
    Object.fromEntries(keys.map((key) => [key, source[key]]).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  const last = strings({ ...extra, ...lead }, ATTRIBUTION_KEYS);
  const first = lead['first_touch'] ?? extra['first_touch'];
  const firstTouch = first && typeof first === 'object' ? strings(first as Record<string, unknown>, ATTRIBUTION_KEYS) : undefined;
  return firstTouch && Object.keys(firstTouch).length ? { last, first_touch: firstTouch } : { last };
}
