import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import puppeteerCore from 'puppeteer-core';
import { findBrowser } from './scripts/browsers.mjs';
import { startFakeApi } from './test/server/fake-api.mjs';
import { realPages } from './test/helpers/real-pages.mjs';
import { summaryReporter } from './test/server/summary-reporter.mjs';

const firefox = process.env.RECHAT_BROWSER === 'firefox';

// Chromium's background services try to reach Google's hosts, which this network
// refuses; these flags keep the browser quiet and its start fast.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const browser = firefox
  ? chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: findBrowser('firefox'), headless: true },
    })
  : chromeLauncher({
      launchOptions: { executablePath: findBrowser('chromium'), headless: true, args: chromiumArgs },
    });

const cdpSessions = new WeakMap();

/**
 * Takes the test page offline or back, without cutting the runner's own WebSocket (which
 * puppeteer's setOfflineMode would do in Chromium): navigator.onLine and the
 * online/offline events through Network.overrideNetworkState, and failing http(s)
 * requests through URL-pattern network conditions. Firefox's BiDi offline mode leaves
 * the runner alone, so there it is setOfflineMode.
 */
async function setOffline(page, offline) {
  if (firefox) return page.setOfflineMode(offline);
  let cdp = cdpSessions.get(page);
  if (!cdp) {
    cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    cdpSessions.set(page, cdp);
  }
  await cdp.send('Network.overrideNetworkState', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const rule = (urlPattern) => ({ urlPattern, offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.send('Network.emulateNetworkConditionsByRule', {
    offline,
    matchedNetworkConditions: offline ? [rule('http://*:*/*'), rule('https://*:*/*')] : [],
  });
}

/** Starts the cross-origin fake of Rechat's API and hands its URL to the tests. */
function fakeApiPlugin() {
  let api;
  return {
    name: 'rechat-fake-api',
    async serverStart() {
      api = await startFakeApi();
    },
    async serverStop() {
      await api?.close();
    },
    async executeCommand({ command, payload, session }) {
      if (command === 'fake-api-session') return { url: api.url, id: api.control.createSession() };
      if (command === 'fake-api-requests') return api.control.requests(payload.id);
      if (command === 'fake-api-script') {
        api.control.script(payload.id, payload.replies);
        return true;
      }
      // The page's cookies with their attributes, which document.cookie does not show.
      if (command === 'page-cookies') {
        const page = session.browser.getPage(session.id);
        return (await page.cookies()).map(({ name, value, domain, path, expires, secure, sameSite }) => ({
          name, value, domain, path, expires, secure, sameSite,
        }));
      }
      if (command === 'set-offline') {
        await setOffline(session.browser.getPage(session.id), payload.offline);
        return true;
      }
      return undefined;
    },
  };
}

// Streamed real pages for the elements' tests (test/helpers/real-pages.mjs).
const pages = realPages();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['production'] },
  // One page at a time: the tests share the page origin's cookies and IndexedDB.
  concurrency: 1,
  browsers: [browser],
  testFramework: { config: { timeout: 10000 } },
  browserStartTimeout: 60000,
  testsFinishTimeout: 300000,
  reporters: [defaultReporter(), summaryReporter(process.env.RECHAT_SUMMARY_FILE ?? '.wtr-summary.json')],
  middleware: [
    pages.middleware,
    // The elements' CSP test page, served with the strict policy a cautious site sets.
    async (ctx, next) => {
      await next();
      if (ctx.path === '/test/elements/csp.html') {
        ctx.set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self'; connect-src http://127.0.0.1:*");
      }
    },
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    fakeApiPlugin(),
    pages.plugin,
  ],
};
