/** The channel's attribution fields, which may also arrive as `rechat_<field>` URL parameters. */
export const ATTRIBUTION_FIELDS = [
  'user_id',
  'brand_id',
  'ad_campaign_id',
  'email_campaign_id',
  'email_campaign_email_id',
] as const;

export type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];
export type Attribution = Partial<Record<AttributionField, string>>;

const STORAGE_KEY = 'rechat-sdk-attribution';

// Whether sessionStorage may be written: consent granted.
let persist = true;

/**
 * The attribution of this browser session: what earlier pages of the session saw in
 * their URL, overlaid with the current URL's `rechat_*` parameters — so that a visitor
 * who lands from a campaign link and submits a form on a later page is still attributed.
 * Written to sessionStorage only when the URL brings some, and only with consent
 * (without, the page's own URL still attributes it). Storage may be blocked: then the
 * current page alone.
 */
export function sessionAttribution(): Attribution {
  const params = new URLSearchParams(globalThis.location?.search);
  const fromUrl = Object.fromEntries(
    ATTRIBUTION_FIELDS.map((field) => [field, params.get(`rechat_${field}`)?.trim()]).filter(([, value]) => value),
  );
  let stored: Attribution = {};
  try {
    stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    if (persist && Object.keys(fromUrl).length) sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...stored, ...fromUrl }));
  } catch {
    // Blocked or corrupt storage: this page's URL alone.
  }
  return { ...stored, ...fromUrl };
}

/**
 * At SDK start, and when consent changes (`persistent`: granted): reads the URL — one
 * parse, a write only when it has `rechat_*` parameters and consent — so that a landing
 * page that captures nothing still attributes the session.
 */
export function startAttribution(persistent: boolean): void {
  persist = persistent;
  sessionAttribution();
}

/** Forgets the session's attribution. */
export function eraseAttribution(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}
