// The script-tag build: sets `window.Rechat`. Safe to load twice on one page (CMS pages
// often do): the second copy leaves the first in place, so the page keeps one Sdk class,
// one shared Sdk and one outbox.
import { RechatError, Sdk } from './index.js';
import { RechatLeadFormElement, RechatSdkElement, RechatTrackListingElement, RechatTrackSearchElement } from './elements/index.js';

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
const page = globalThis as typeof globalThis & { Rechat?: Partial<RechatGlobal> };

if (!page.Rechat?.Sdk) {
  // `<script src=".../rechat.min.js" data-api-url="http://127.0.0.1:8080">` points every
  // Sdk on the page at that API (the sandbox) unless it names its own.
  const script = globalThis.document?.currentScript;
  const apiUrl = script instanceof HTMLScriptElement ? script.dataset.apiUrl : undefined;
  if (apiUrl) Object.assign(Sdk.defaults, { apiUrl });
  page.Rechat = Object.assign(page.Rechat ?? {}, {
    Sdk,
    RechatError,
    version: VERSION,
    RechatSdkElement,
    RechatLeadFormElement,
    RechatTrackListingElement,
    RechatTrackSearchElement,
  });
}

// Defined after `data-api-url` is applied: the elements already on the page upgrade now,
// and the first of them sends a moment later. Each define() returns quietly when its tag
// is taken (the script loaded twice).
for (const element of [RechatSdkElement, RechatLeadFormElement, RechatTrackListingElement, RechatTrackSearchElement]) element.define();
