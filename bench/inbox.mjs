// `node bench/inbox.mjs`: how long the inbox's first screen takes with 10 and with 10,000
// leads stored (budget: at most 1.5× as long). Debian's Chromium (playwright-core) opens
// /inbox in a fresh context each time; the time is the page's own clock from navigation
// start until the first page of leads (50, or all 10) is rendered. One warm-up load, then
// the median of RUNS loads, for each size. Needs the sandbox and inbox built
// (`npx tsc -p tsconfig.sandbox.json && npx rollup -c demo/rollup.demo.mjs`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureBrowser } from '../scripts/browsers.mjs';

const { createSandbox } = await import(new URL('../dist/sandbox/main.js', import.meta.url).href);
const { parseLead } = await import(new URL('../dist/sandbox/api/parse-lead.js', import.meta.url).href);
const RESULTS = new URL('./results/inbox-first-screen.json', import.meta.url);
const SIZES = [10, 10_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET = 1.5;
const CHANNELS = [
  'c16e0f89-0762-423d-a365-6ec823a4f66d',
  '39d049be-12bd-4ab8-bc87-f5668a570620',
  '8b03ffa9-7e0e-416f-8ac2-fb07b1104291',
  '63eb1d97-a5e5-4c90-8466-b3204f3f42a3',
];

const browser = await chromium.launch({
  executablePath: ensureBrowser('chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const results = {};
try {
  for (const size of SIZES) results[size] = await measure(size);
} finally {
  await browser.close();
}

const ratio = Math.round((results[10_000].median_ms / results[10].median_ms) * 100) / 100;
const result = {
  date: new Date().toISOString(),
  node: process.version,
  runs: RUNS,
  note: 'Time from navigation start to the first page of leads rendered in /inbox, fresh browser context per load, median of the runs after one warm-up.',
  leads_10: results[10],
  leads_10000: results[10_000],
  ratio,
  budget: BUDGET,
  ok: ratio <= BUDGET,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
console.log(`inbox first screen: 10 leads ${results[10].median_ms} ms, 10,000 leads ${results[10_000].median_ms} ms → ×${ratio} (budget ×${BUDGET})`);
console.log(`→ ${fileURLToPath(RESULTS)}`);
if (!result.ok) process.exitCode = 1;

/** Seeds `size` leads into a fresh sandbox and times the inbox's first screen. */
async function measure(size) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rechat-bench-inbox-'));
  const sandbox = await createSandbox({ dataDir, logger: false });
  try {
    const started = Date.now();
    for (let i = 0; i < size; i++) {
      const lead = parseLead({
        first_name: `Visitor${i}`,
        last_name: 'Bench',
        email: `visitor${i}@bench.example`,
        phone_number: `(555) ${String(i).padStart(7, '0')}`,
        note: 'Looking for a three-bedroom house near a park.',
        price: 200_000 + (i % 50) * 40_000,
      });
      sandbox.service.createLead(CHANNELS[i % CHANNELS.length], lead);
    }
    const seeded = Date.now() - started;
    const url = await sandbox.listen({ port: 0 });
    const expected = Math.min(size, 50);
    const times = [];
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${url}/inbox`);
      const ms = await page.waitForFunction(
        (n) => (document.querySelectorAll('rechat-inbox-lead article').length >= n ? performance.now() : false),
        expected,
        { polling: 'raf', timeout: 30_000 },
      );
      if (run > 0) times.push(Math.round(await ms.jsonValue()));
      await context.close();
    }
    times.sort((a, b) => a - b);
    return { leads: size, seeded_in_ms: seeded, rendered: expected, times_ms: times, median_ms: times[Math.floor(times.length / 2)] };
  } finally {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
