/** The page a URL shows: origin, path and query. A change of `#hash` alone is no new page. */
export function pageOf(href: string): string {
  const url = new URL(href);
  url.hash = '';
  return url.href;
}

const HISTORY_EVENT = 'rechat-sdk:history';
const PATCHED = Symbol.for('rechat-sdk.history');

/**
 * Calls `onPage` with the URL of each page the visitor sees: now, and after each History
 * API navigation of a single-page app (`pushState`, `replaceState`, back and forward) that
 * shows another page — once per URL change, so a router that pushes and then replaces the
 * same URL, or fires `popstate` and pushes, counts once. Returns a function that stops.
 */
export function watchPages(onPage: (url: string) => void): () => void {
  const page = globalThis as typeof globalThis & { [PATCHED]?: true };
  let last = '';
  const check = () => {
    const url = pageOf(location.href);
    if (url === last) return;
    last = url;
    onPage(url);
  };
  // One wrapper per page, however many Sdks or copies of the SDK listen: `history` methods
  // have no event of their own.
  if (!page[PATCHED]) {
    page[PATCHED] = true;
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args);
        dispatchEvent(new Event(HISTORY_EVENT));
      };
    }
  }
  addEventListener(HISTORY_EVENT, check);
  addEventListener('popstate', check);
  check();
  return () => {
    removeEventListener(HISTORY_EVENT, check);
    removeEventListener('popstate', check);
  };
}
