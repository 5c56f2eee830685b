// `npm run bench`: opens every bench/pages/*.html in Chromium, side by side with its own
// baseline in the same run, and checks each ratio against its budget. Results go to
// bench/results/<name>.json. Exits 1 when a budget is missed.
//
// A page sets `window.benchResult = { name, baselineMs, measuredMs, ratio, budget, valid?, … }`.
// It gets `?api=<fake API base URL>` and `window.benchSetOffline(bool)`.
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { ensureBrowser } from '../scripts/browsers.mjs';
import { startFakeApi } from '../test/server/fake-api.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json', '.json': 'application/json' };

if (!existsSync(join(root, 'dist/rechat.min.js'))) {
  console.error('[bench] dist/rechat.min.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}

const files = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(root, path);
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  createReadStream(file).pipe(res);
});
await new Promise((r) => files.listen(0, '127.0.0.1', r));
const site = `http://127.0.0.1:${files.address().port}`;
const api = await startFakeApi();

const browser = await puppeteer.launch({
  executablePath: ensureBrowser('chromium'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const pages = readdirSync(join(root, 'bench/pages'))
  .filter((f) => f.endsWith('.html'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failures = 0;
const rows = [];
for (const file of pages) {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  // Offline the way the browser tests do it: navigator.onLine and failing http(s) requests.
  await page.exposeFunction('benchSetOffline', async (offline) => {
    await cdp.send('Network.overrideNetworkState', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const rule = (urlPattern) => ({ urlPattern, offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.send('Network.emulateNetworkConditionsByRule', {
      offline,
      matchedNetworkConditions: offline ? [rule(`${api.url}/*`)] : [],
    });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${site}/bench/pages/${file}?api=${encodeURIComponent(api.url)}`);
  let result;
  try {
    await page.waitForFunction('window.benchResult', { timeout: 240_000, polling: 200 });
    result = await page.evaluate('window.benchResult');
  } catch (error) {
    result = { name: file, error: String(error), pageErrors: errors };
  }
  await page.close();
  // `valid: false` is a page's own check of what it measured (say, records lost): a failure whatever the ratio.
  if (result.medians) console.log(result.name, JSON.stringify(result.medians));
  const pass = !result.error && result.valid !== false && result.ratio <= result.budget;
  if (!pass) failures++;
  const record = { ...result, pass, browser: await browser.version(), at: new Date().toISOString() };
  writeFileSync(join(root, 'bench/results', `${result.name}.json`), JSON.stringify(record, null, 2) + '\n');
  rows.push(record);
}
await browser.close();
files.close();
await api.close();

console.log('\nbenchmark                         baseline ms  measured ms   ratio  budget');
for (const r of rows) {
  if (r.error) {
    console.log(`${r.name.padEnd(32)}  ERROR ${r.error} ${r.pageErrors?.join(' | ') ?? ''}`);
    continue;
  }
  console.log(
    `${r.name.padEnd(32)} ${r.baselineMs.toFixed(2).padStart(11)} ${r.measuredMs.toFixed(2).padStart(12)} ${r.ratio.toFixed(2).padStart(7)}  ≤ ${r.budget}  ${r.pass ? 'ok' : 'OVER BUDGET'}`,
  );
}
process.exit(failures ? 1 : 0);
