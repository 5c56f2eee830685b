import { isBlank } from './input.js';

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

/**
 * The attribution of this browser session: what earlier pages of the session saw in
 * their URL, overlaid with the current URL's `rechat_*` parameters. Kept in
 * sessionStorage so that a visitor who lands from a campaign link and submits a form
 * on a later page is still attributed to it.
 */
export function sessionAttribution(): Attribution {
  const stored = readStored();
  const fromUrl = fromSearch(globalThis.location?.search ?? '');
  if (Object.keys(fromUrl).length === 0) return stored;
  const merged = { ...stored, ...fromUrl };
  try {
    globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(merged));
  } catch {
    // Storage blocked or full: the current page still attributes from its own URL.
  }
  return merged;
}

function fromSearch(search: string): Attribution {
  const params = new URLSearchParams(search);
  const out: Attribution = {};
  for (const field of ATTRIBUTION_FIELDS) {
    const value = params.get(`rechat_${field}`);
    if (!isBlank(value)) out[field] = value!.trim();
  }
  return out;
}

function readStored(): Attribution {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    const out: Attribution = {};
    if (parsed && typeof parsed === 'object') {
      for (const field of ATTRIBUTION_FIELDS) {
        const value = (parsed as Record<string, unknown>)[field];
        if (typeof value === 'string' && value) out[field] = value;
      }
    }
    return out;
  } catch {
    return {};
  }
}
