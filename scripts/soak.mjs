// `npm run soak`: the fault soak test. Real Chromium pages (playwright-core) load the built
// script-tag bundle and talk to the real Rechat API sandbox (dist/sandbox, in-process on
// 127.0.0.1:0 with a temporary DATA_DIR) through a small fault-injecting proxy. Each
// iteration is a browser profile of its own with one to three tabs making captures and
// tracker calls under randomised faults: offline/online flips, 503 and 429 bursts, lost
// 2xx replies (forwarded, then the socket destroyed), tabs closed mid-flush, reloads during
// delivery, and the browser killed right after a 2xx reached the page (before the removal).
// Then everything comes back online, a page of the same profile drains the outbox, and
// every call the SDK accepted is looked up in the sandbox's SQLite database.
//
// Prints `N calls, 0 lost, 0 duplicated` and exits 1 unless both are 0.
// Options: --iterations N (default 200), --seed S, --quiet.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { findBrowser } from './browsers.mjs';

const root = new URL('..', import.meta.url);
const { values: args } = parseArgs({
  options: { iterations: { type: 'string', default: '200' }, seed: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});
const ITERATIONS = Number(args.iterations);
let seed = Number(args.seed ?? Date.now() % 1_000_000);
const firstSeed = seed;
/** A small seeded PRNG (mulberry32), so that a failing run can be replayed with --seed. */
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...line) => args.quiet || console.log(...line);

const { createSandbox } = await import(new URL('dist/sandbox/main.js', root)).catch(() => {
  console.error('[soak] dist/sandbox is missing: run `npm run build` first (npm run soak does).');
  process.exit(1);
});
const dataDir = mkdtempSync(join(tmpdir(), 'rechat-soak-'));
const sandbox = await createSandbox({ dataDir, logger: false });
const sandboxUrl = new URL(await sandbox.listen({ port: 0, host: '127.0.0.1' }));
const db = new Database(sandbox.databaseFile, { readonly: true, fileMustExist: true });

// ── The fault-injecting proxy: the API URL the pages use ────────────────────────────────
const faults = { burst: { status: 0, left: 0 }, loseReplies: 0, killAfterReply: null };
const proxy = createServer((req, res) => {
  const isApi = req.method !== 'OPTIONS' && req.url.startsWith('/leads/');
  if (isApi && faults.burst.left > 0) {
    faults.burst.left--;
    const headers = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Content-Type': 'application/json' };
    if (faults.burst.status === 429) headers['Retry-After'] = '0';
    res.writeHead(faults.burst.status, headers).end(JSON.stringify({ code: 'busy', message: 'Injected fault' }));
    return;
  }
  const upstream = httpRequest(
    { host: sandboxUrl.hostname, port: sandboxUrl.port, method: req.method, path: req.url, headers: req.headers },
    (reply) => {
      const chunks = [];
      reply.on('data', (c) => chunks.push(c));
      reply.on('end', () => {
        // The sandbox has done its work: now the reply may be lost on its way back.
        if (isApi && faults.loseReplies > 0 && reply.statusCode < 300) {
          faults.loseReplies--;
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.statusCode, reply.headers);
        res.end(Buffer.concat(chunks), () => {
          if (isApi && reply.statusCode < 300 && faults.killAfterReply) {
            const kill = faults.killAfterReply;
            faults.killAfterReply = null;
            kill();
          }
        });
      });
    },
  );
  upstream.on('error', () => req.socket.destroy());
  req.pipe(upstream);
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const apiUrl = `http://127.0.0.1:${proxy.address().port}`;

// ── The site: another origin, as a real site is to the API ──────────────────────────────
const bundle = readFileSync(new URL('dist/rechat.min.js', root));
const pageScript = readFileSync(new URL('test/soak/page.js', root));
const site = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/rechat.min.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
  if (path === '/page.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(pageScript);
  if (path === '/') {
    return res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end(`<!doctype html><title>soak</title><script src="/rechat.min.js" data-api-url="${apiUrl}"></script><script src="/page.js"></script>`);
  }
  res.writeHead(404).end();
});
await new Promise((r) => site.listen(0, '127.0.0.1', r));
const siteUrl = `http://127.0.0.1:${site.address().port}/`;

// ── What the pages asked for, and what the sandbox stored ───────────────────────────────
/** marker → 'accepted' (the SDK resolved: sent or queued) | 'unknown' (the page went away first). */
const calls = new Map();
let markerCount = 0;
const rejected = [];

function storedCount(marker) {
  const leads = db.prepare("SELECT COUNT(*) AS n FROM leads WHERE json_extract(lead_json, '$.note') = ?").get(marker).n;
  const activities = db.prepare('SELECT COUNT(*) AS n FROM timeline_activities WHERE notes = ?').get(marker).n;
  return leads + activities;
}

async function launch(profile) {
  const options = {
    executablePath: findBrowser('chromium'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
  let context;
  // After a kill the old browser may still be shutting down on this profile (Chromium then
  // refuses it: "SingletonLock: File exists"); wait for it to let go, as a returning visitor would.
  for (let attempt = 1; !context; attempt++) {
    try {
      context = await chromium.launchPersistentContext(profile, options);
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('SingletonLock')) throw error;
      await sleep(250);
    }
  }
  await context.exposeFunction('soakResolved', (marker) => calls.set(marker, 'accepted'));
  await context.exposeFunction('soakRejected', (marker, error) => {
    // No tracking id (a killed browser may lose the cookie it was about to write) is not a delivery failure.
    if (!error.includes('No tracking id')) rejected.push(`${marker}: ${error}`);
    calls.delete(marker);
  });
  return context;
}

async function openTab(context) {
  const page = await context.newPage();
  await page.goto(siteUrl);
  return page;
}

function call(page, kind) {
  const marker = `soak-${firstSeed}-${++markerCount}`;
  calls.set(marker, 'unknown');
  return page.evaluate(([k, m]) => window.soakCall(k, m), [kind, marker]).catch(() => undefined);
}

const FAULTS = ['none', 'offline', 'burst503', 'burst429', 'lose', 'closeTab', 'reload', 'kill'];

async function iteration(n) {
  const profile = mkdtempSync(join(tmpdir(), 'rechat-soak-profile-'));
  try {
    await faultedVisit(n, profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** One visitor's browser profile: tabs, calls and faults, then a page that drains the outbox. */
async function faultedVisit(n, profile) {
  let context = await launch(profile);
  let killed = false;
  const tabs = [];
  const tabCount = 1 + Math.floor(random() * 3);
  for (let i = 0; i < tabCount; i++) tabs.push(await openTab(context));
  // The visitor first submits a lead (which identifies them), then browses.
  await call(tabs[0], 'capture');
  const steps = 3 + Math.floor(random() * 4);
  const used = [];
  for (let step = 0; step < steps && !killed; step++) {
    const fault = pick(FAULTS);
    used.push(fault);
    if (fault === 'offline') await context.setOffline(true).catch(() => undefined);
    if (fault === 'burst503') faults.burst = { status: 503, left: 1 + Math.floor(random() * 3) };
    if (fault === 'burst429') faults.burst = { status: 429, left: 1 + Math.floor(random() * 3) };
    if (fault === 'lose') faults.loseReplies = 1 + Math.floor(random() * 2);
    if (fault === 'kill') {
      faults.killAfterReply = () => {
        killed = true;
        context.close().catch(() => undefined);
      };
    }
    const live = tabs.filter((t) => !t.isClosed());
    const count = 1 + Math.floor(random() * 4);
    for (let i = 0; i < count && live.length; i++) await call(pick(live), random() < 0.3 ? 'capture' : 'track');
    if (fault === 'closeTab' && live.length) {
      const tab = pick(live);
      await call(tab, 'track');
      await tab.close({ runBeforeUnload: true }).catch(() => undefined);
    }
    if (fault === 'reload' && live.length) await pick(live).reload().catch(() => undefined);
    await sleep(Math.floor(random() * 150));
    if (fault === 'offline' && !killed) await context.setOffline(false).catch(() => undefined);
  }
  faults.burst = { status: 0, left: 0 };
  faults.loseReplies = 0;
  faults.killAfterReply = null;
  if (killed) {
    await context.close().catch(() => undefined);
    context = await launch(profile);
  }
  await context.setOffline(false).catch(() => undefined);
  // A page of the same profile sends whatever is left (the startup flush), then drains.
  const page = await openTab(context);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const drained = await page.evaluate(() => window.soakDrained()).catch(() => false);
    if (drained) break;
    await sleep(100);
  }
  await context.close().catch(() => undefined);
  log(`iteration ${n}: ${tabCount} tab(s), faults ${used.join(',')}`);
}

const started = Date.now();
let failure;
try {
  for (let n = 1; n <= ITERATIONS; n++) await iteration(n);
} catch (error) {
  failure = error;
}

let lost = 0;
let duplicated = 0;
let accepted = 0;
for (const [marker, state] of calls) {
  const stored = storedCount(marker);
  if (state === 'accepted') accepted++;
  if (state === 'accepted' && stored === 0) {
    lost++;
    console.error(`[soak] lost: ${marker}`);
  }
  if (stored > 1) {
    duplicated++;
    console.error(`[soak] duplicated ${stored}×: ${marker}`);
  }
}
db.close();
proxy.close();
site.close();
await sandbox.close();
rmSync(dataDir, { recursive: true, force: true });
if (failure) console.error('[soak] the run stopped early:', failure);
for (const line of rejected) console.error(`[soak] rejected: ${line}`);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`${accepted} calls, ${lost} lost, ${duplicated} duplicated (${ITERATIONS} iterations, seed ${firstSeed}, ${seconds} s; ${calls.size - accepted} more calls whose page went away before they resolved were checked for duplicates)`);
process.exit(failure || lost || duplicated || rejected.length ? 1 : 0);
