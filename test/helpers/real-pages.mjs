// Real pages for the browser tests: a test composes a page's HTML as chunks, and the test
// server streams them with a pause between, as a slow CMS page arrives — so that scripts
// run, and elements upgrade, while the markup after them is still on its way.
//
// `realPages()` gives a server command (`real-page`, which stores a page and answers
// with its URL) and the Koa middleware that serves it. The middleware answers before the
// dev server's transforms, which would read the whole body first.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';

const PREFIX = '/__real-pages/';

/**
 * @typedef {{ chunks: string[], delayMs?: number, csp?: string }} RealPage
 */

export function realPages() {
  /** @type {Map<string, RealPage>} */
  const pages = new Map();

  const plugin = {
    name: 'rechat-real-pages',
    executeCommand({ command, payload }) {
      if (command !== 'real-page') return undefined;
      const id = randomUUID();
      pages.set(id, payload);
      return `${PREFIX}${id}`;
    },
  };

  async function middleware(ctx, next) {
    const page = ctx.path.startsWith(PREFIX) && pages.get(ctx.path.slice(PREFIX.length));
    if (!page) return next();
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    if (page.csp) ctx.set('Content-Security-Policy', page.csp);
    const body = new PassThrough();
    ctx.body = body;
    void (async () => {
      for (const [index, chunk] of page.chunks.entries()) {
        if (index) await new Promise((resolve) => setTimeout(resolve, page.delayMs ?? 0));
        body.write(chunk);
      }
      body.end();
    })();
  }

  return { plugin, middleware };
}
