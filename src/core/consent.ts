import { invalid } from './input.js';

/**
 * What the visitor allows the SDK to do (SPEC §6):
 * - `granted`: track, and keep what it needs in cookies, IndexedDB and sessionStorage.
 * - `pending`: track, but write nothing to any browser store: it lives in memory until
 *   `granted` persists it or `denied` drops it.
 * - `denied`: track nothing; a lead the visitor submits is still sent, unidentified.
 */
export type ConsentState = 'granted' | 'pending' | 'denied';

/** The state named, or `invalid_input`. */
export function consentState(value: unknown): ConsentState {
  return ['granted', 'pending', 'denied'].includes(value as string) ? (value as ConsentState) : invalid('consent', 'granted, pending or denied');
}

/**
 * The consent the SDK acts on. Global Privacy Control (`navigator.globalPrivacyControl`)
 * is a refusal of tracking that only the visitor's own `granted` — a banner's answer,
 * given through `sdk.consent('granted')` — overrides; a site's setting does not.
 */
export function effectiveConsent(state: ConsentState, visitorGranted: boolean, gpc: boolean): ConsentState {
  return gpc && !visitorGranted ? 'denied' : state;
}

/** Whether the browser sends Global Privacy Control. */
export function globalPrivacyControl(): boolean {
  return (globalThis.navigator as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl === true;
}
