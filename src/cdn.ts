// The script-tag build: sets `window.Rechat`. Safe to load twice on one page (CMS pages
// often do): the second copy leaves the first in place, so the page keeps one Sdk class,
// one shared Sdk and one outbox.
import { RechatError, Sdk } from './index.js';

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
}

const VERSION = '0.1.0';
const page = globalThis as typeof globalThis & { Rechat?: Partial<RechatGlobal> };

if (!page.Rechat?.Sdk) {
  // `<script src=".../rechat.min.js" data-api-url="http://127.0.0.1:8080">` points every
  // Sdk on the page at that API (the sandbox) unless it names its own.
  const script = globalThis.document?.currentScript;
  const apiUrl = script instanceof HTMLScriptElement ? script.dataset.apiUrl : undefined;
  if (apiUrl) Object.assign(Sdk.defaults, { apiUrl });
  page.Rechat = Object.assign(page.Rechat ?? {}, { Sdk, RechatError, version: VERSION });
}
