import type { ActivityView, AgentView, LeadView } from './types.js';

/** The contact's name, or whatever identifies them when they gave no name. */
export function contactName(lead: LeadView): string {
  const { first_name, last_name, email, phone_number } = lead.contact;
  const name = [first_name, last_name].filter(Boolean).join(' ');
  return name || email || phone_number || 'Anonymous visitor';
}

export function agentName(agent: AgentView): string {
  return [agent.first_name, agent.last_name].filter(Boolean).join(' ') || agent.id;
}

const STATUS_LABELS: Record<LeadView['status'], string> = {
  assigned: 'Assigned',
  awaiting_claim: 'Waiting for a claim',
  unassigned: 'Unassigned',
};

export function statusLabel(status: LeadView['status']): string {
  return STATUS_LABELS[status] ?? status;
}

/** "ContactFavoritedListing" → "Favorited listing". */
export function actionLabel(action: string): string {
  const words = action.replace(/^Contact/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One line about an activity's listing or search, from whichever fields it has. */
export function activitySubject(activity: ActivityView): string {
  const pick = (obj: Record<string, unknown> | undefined, keys: string[]): string[] =>
    keys.map((k) => obj?.[k]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  if (activity.listing) {
    const [label] = pick(activity.listing, ['address', 'mls_number', 'id', 'url']);
    const [price] = pick(activity.listing, ['price']);
    return [label, price && `$${Number(price).toLocaleString('en-US')}`].filter(Boolean).join(' · ');
  }
  if (activity.search) return pick(activity.search, ['title', 'url']).slice(0, 1).join('');
  return '';
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

const LEAD_FIELDS: readonly (readonly [key: string, label: string])[] = [
  ['note', 'Note'],
  ['lead_source', 'Lead source'],
  ['listing_id', 'Listing'],
  ['mlsid', 'MLS number'],
  ['agent_mlsid', 'Agent MLS id'],
  ['address', 'Address'],
  ['price', 'Price'],
  ['referer_url', 'Page'],
];

/** The lead's own fields worth showing, as label/value text pairs. */
export function leadFacts(lead: LeadView): [label: string, value: string][] {
  const facts: [string, string][] = [];
  const tags = lead.lead['tag'];
  if (Array.isArray(tags) && tags.length) facts.push(['Tags', tags.join(', ')]);
  for (const [key, label] of LEAD_FIELDS) {
    const value = lead.lead[key];
    if (key === 'price' && typeof value === 'number') facts.push([label, `$${value.toLocaleString('en-US')}`]);
    else if (typeof value === 'string' || typeof value === 'number') facts.push([label, String(value)]);
  }
  return facts;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "Before they got in touch: 12 listing views in 3 sessions" (activities when no listing was viewed). */
export function visitorSummary(visitor: LeadView['visitor']): string {
  const what = visitor.listing_views
    ? plural(visitor.listing_views, 'listing view', 'listing views')
    : plural(visitor.before_contact.length, 'activity', 'activities');
  return `Before they got in touch: ${what} in ${plural(visitor.sessions, 'session', 'sessions')}`;
}

const ATTRIBUTION_LABELS: Record<string, string> = {
  utm_source: 'Source',
  utm_medium: 'Medium',
  utm_campaign: 'Campaign',
  utm_term: 'Term',
  utm_content: 'Content',
  gclid: 'Google click id',
  fbclid: 'Facebook click id',
  referrer: 'Referrer',
  landing_page: 'Landing page',
  referer_url: 'Page',
};

/** A touch's fields as label/value text pairs, in the server's order. */
export function touchFacts(touch: Record<string, string>): [label: string, value: string][] {
  return Object.entries(touch).map(([key, value]) => [ATTRIBUTION_LABELS[key] ?? key, value]);
}
