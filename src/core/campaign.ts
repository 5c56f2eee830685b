/** The campaign parameters a touch keeps from the landing URL. */
export const CAMPAIGN_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'fbclid'] as const;

/**
 * How the visitor arrived: the campaign parameters of the URL, the external referrer and
 * the page they landed on. Sent with a capture under these names.
 */
export type Touch = Partial<Record<(typeof CAMPAIGN_FIELDS)[number] | 'referrer' | 'landing_page', string>>;

/** What the browser session keeps: its first and last touch. */
export interface SessionTouches {
  first?: Touch;
  last?: Touch;
}

/** What one page brings: its touch, and whether that touch is a new arrival. */
export interface PageArrival {
  touch: Touch;
  /** Campaign parameters or an external referrer: the visitor came (back) from somewhere. */
  arrived: boolean;
}

const STORAGE_KEY = 'rechat-sdk-touches';

/**
 * The page's URL and referrer, read once: its touch. `origin`: the document's own origin,
 * when it is not the URL's (an `about:srcdoc` frame inherits its parent's).
 */
export function pageArrival(href: string, referrer: string, origin?: string): PageArrival {
  const url = new URL(href);
  const touch: Touch = {};
  for (const field of CAMPAIGN_FIELDS) {
    const value = url.searchParams.get(field)?.trim();
    if (value) touch[field] = value;
  }
  try {
    if (referrer && ![url.origin, origin].includes(new URL(referrer).origin)) touch.referrer = referrer;
  } catch {
    // Not a URL: no referrer.
  }
  const arrived = Object.keys(touch).length > 0;
  url.hash = '';
  touch.landing_page = url.href;
  return { touch, arrived };
}

/**
 * The session's touches after a page: the first kept from the session's first page; the
 * last replaced by a page the visitor arrived at from a campaign or another site.
 * Undefined when nothing changes. A pure function.
 */
export function nextTouches(kept: SessionTouches | undefined, page: PageArrival): SessionTouches | undefined {
  if (kept?.first && !page.arrived) return undefined;
  const first = kept?.first ?? page.touch;
  return { first, last: page.arrived ? page.touch : (kept?.last ?? first) };
}

/** A touch that says where the visitor came from: campaign parameters or another site. */
export function isArrival(touch: Touch | undefined): touch is Touch {
  return !!touch && Object.keys(touch).some((key) => key !== 'landing_page');
}

let memory: SessionTouches | undefined;
let persist = true;

/**
 * The session's touches. With consent, sessionStorage is the truth; without, what this
 * page holds over what earlier pages stored.
 */
export function sessionTouches(): SessionTouches | undefined {
  if (memory && !persist) return memory;
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') ?? undefined;
  } catch {
    // Blocked storage: this page's memory.
    return memory;
  }
}

/**
 * Folds the current page into the session's touches (at SDK start: one URL parse). Writes
 * sessionStorage only when the page changes them, and only when `persistent` (consent
 * granted); otherwise they live in this page's memory.
 */
export function noteArrival(persistent: boolean, href: string, referrer: string, origin?: string): void {
  persist = persistent;
  const next = nextTouches(sessionTouches(), pageArrival(href, referrer, origin));
  if (!next) return;
  memory = next;
  writeTouches();
}

/** Consent changed: `granted` writes what this page holds; otherwise nothing more is written. */
export function setTouchesPersistence(persistent: boolean): void {
  persist = persistent;
  writeTouches();
}

function writeTouches(): void {
  try {
    if (persist && memory) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // Blocked storage: memory only.
  }
}

/** Forgets the session's touches, in memory and in sessionStorage. */
export function eraseTouches(): void {
  memory = undefined;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

/**
 * Adds the visitor's attribution to a capture's body, never over what the page set:
 * `referer_url` ← the session's landing page, `lead_source` ← `utm_source`, the last
 * touch's fields under their own names, and the first touch (the visitor's of their 45
 * days, when kept) as `first_touch`. A direct visit adds nothing.
 */
export function addTouches(body: Record<string, unknown>, visitorFirst?: Touch): void {
  const kept = sessionTouches();
  const first = visitorFirst ?? kept?.first;
  const last = kept?.last ?? first;
  if (!isArrival(last) && !isArrival(first)) return;
  if (kept?.first?.landing_page) body.referer_url ??= kept.first.landing_page;
  const source = last?.utm_source ?? first?.utm_source;
  if (source) body.lead_source ??= source;
  for (const [field, value] of Object.entries({ ...last })) body[field] ??= value;
  body.first_touch ??= first;
}
