// The script-tag build: sets `window.Rechat`. Safe to load twice on one page (CMS pages
// often do): the second copy leaves the first in place, so the page keeps one Sdk class,
// one shared Sdk and one outbox.
import { RechatError, Sdk } from './index.js';
import { RechatLeadFormElement, RechatSdkElement, RechatTrackListingElement, RechatTrackSearchElement } from './elements/index.js';
import type { ConsentState } from './core/consent.js';
import { DEFAULT_API_URL, type SdkSettings } from './core/sdk.js';
import { documentParsed } from './elements/shared/parsed.js';

declare global {
  interface Window {
    Rechat?: RechatGlobal;
  }
}

/** What `window.Rechat` holds. */
export interface RechatGlobal {
  Sdk: typeof Sdk;
  RechatError: typeof RechatError;
  version: string;
  RechatSdkElement: typeof RechatSdkElement;
  RechatLeadFormElement: typeof RechatLeadFormElement;
  RechatTrackListingElement: typeof RechatTrackListingElement;
  RechatTrackSearchElement: typeof RechatTrackSearchElement;
}

const VERSION = '0.1.0';
// Where src/offline-sdk.ts keeps the page's shared Sdk (a registered symbol: every copy of the
// code on the page finds the same one).
const SHARED = Symbol.for('rechat-sdk.shared');
const page = globalThis as typeof globalThis & { Rechat?: Partial<RechatGlobal>; [SHARED]?: Sdk };

/**
 * `<script src=".../rechat.min.js" data-api-url="http://127.0.0.1:8080">` points every
 * Sdk on the page at that API unless it names its own. With several tags (a plugin's copy
 * and the site owner's), the one that names an API wins, whichever loads first: a shared
 * Sdk already made without one is replaced. Two that name different APIs: the first
 * stays, and the console says so once, naming both.
 */
function chooseApiUrl(PageSdk: typeof Sdk, apiUrl: string | undefined): void {
  if (!apiUrl) return;
  const chosen = PageSdk.defaults.apiUrl;
  if (!chosen) {
    Object.assign(PageSdk.defaults, { apiUrl });
    // Made with no API chosen (by an element of the first copy): the next call makes it again.
    if (page[SHARED]?.apiUrl === DEFAULT_API_URL) delete page[SHARED];
  } else if (chosen !== apiUrl) {
    console.warn(`[rechat-sdk] Two script tags name different APIs: data-api-url="${chosen}" is used, "${apiUrl}" is ignored.`);
  }
}

const script = globalThis.document?.currentScript;
const data = script instanceof HTMLScriptElement ? script.dataset : {};
const apiUrl = data.apiUrl?.trim() || undefined;

/**
 * `data-visitor`, `data-track-pages` (present, and not `"false"`) and `data-consent="pending"`
 * on the first tag: the settings of `Rechat.Sdk.shared()` and of every Sdk made without its own.
 */
function tagSettings(): SdkSettings {
  const on = (value: string | undefined) => value !== undefined && value !== 'false';
  const settings: SdkSettings = {};
  if (on(data.visitor)) settings.visitor = true;
  if (on(data.trackPages)) settings.trackPages = true;
  const consent = data.consent?.trim();
  // A typo must not stop the SDK on the page: it is named, and the default stays.
  if (consent && ['granted', 'pending', 'denied'].includes(consent)) settings.consent = consent as ConsentState;
  else if (consent) console.warn(`[rechat-sdk] data-consent="${consent}" is not granted, pending or denied: ignored.`);
  return settings;
}

if (!page.Rechat?.Sdk) {
  page.Rechat = Object.assign(page.Rechat ?? {}, {
    Sdk,
    RechatError,
    version: VERSION,
    RechatSdkElement,
    RechatLeadFormElement,
    RechatTrackListingElement,
    RechatTrackSearchElement,
  });
  Object.assign(Sdk.defaults, tagSettings());
  chooseApiUrl(Sdk, apiUrl);
  // Defined after `data-api-url` is applied: the elements already on the page upgrade now
  // (the provider first, so that the elements inside it find it), and send once it is
  // parsed. A second copy of the script defines nothing: the first copy's classes stay.
  for (const element of [RechatSdkElement, RechatLeadFormElement, RechatTrackListingElement, RechatTrackSearchElement]) element.define();
  // The SDK starts on every page the script is on, not only on pages that send: it sends
  // what earlier pages left queued, and keeps the landing page's attribution for the
  // session. Once the page is parsed, so that a later script tag's data-api-url counts.
  void documentParsed().then(() => page.Rechat!.Sdk!.shared());
} else {
  chooseApiUrl(page.Rechat.Sdk, apiUrl);
}
