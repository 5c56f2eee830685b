// `npm run lighthouse`: Lighthouse (mobile preset: a mid-range phone on a slow 4G link,
// simulated) over every page of the demo site and the inbox, served by the sandbox as
// `npm start` serves them (dist/sandbox/main.js on a free loopback port, with a temporary
// DATA_DIR), in the system Chromium. Budgets (issue 12): performance ≥ 95, accessibility
// 100, best practices 100, CLS ≤ 0.02 on every page. Writes bench/results/lighthouse.json,
// prints a table, exits 1 over budget.
//
// `node bench/lighthouse.mjs [--runs 3] [path…]`: the median run of each page by
// performance score (default 1 run); paths default to every page below.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { ensureBrowser } from '../scripts/browsers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args, positionals } = parseArgs({ options: { runs: { type: 'string', default: '1' } }, allowPositionals: true });
const RUNS = Math.max(1, Number(args.runs));
const PAGES = positionals.length
  ? positionals
  : ['/', '/listing.html?id=L-1001', '/search.html', '/contact.html', '/agent.html', '/agent.html?id=smith', '/demo.html', '/inbox'];
const BUDGET = { performance: 95, accessibility: 100, 'best-practices': 100, cls: 0.02 };
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

for (const file of ['dist/sandbox/main.js', 'dist/rechat.min.js', 'dist/demo/inbox.js']) {
  if (!existsSync(join(root, file))) {
    console.error(`[lighthouse] ${file} is missing: run \`npm run build\` first (npm run lighthouse does).`);
    process.exit(1);
  }
}

/** Starts the sandbox as `npm start` does, on a free port; resolves with its URL and a stop(). */
async function startSandbox() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rechat-lighthouse-'));
  const child = spawn(process.execPath, [join(root, 'dist/sandbox/main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening:\n${out}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A few leads, so that the inbox shows what an agent sees rather than an empty list. */
async function seedLeads(url) {
  const leads = [
    ['39d049be-12bd-4ab8-bc87-f5668a570620', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', tag: ['Seller'], note: 'Selling in spring.' }],
    ['c16e0f89-0762-423d-a365-6ec823a4f66d', { first_name: 'Zoë', last_name: 'Łukasz', email: 'zoe@example.com', listing_id: 'L-1001' }],
    ['63eb1d97-a5e5-4c90-8466-b3204f3f42a3', { first_name: 'Ada', last_name: 'Lovelace', phone_number: '+1 214 555 0100' }],
  ];
  for (const [channel, lead] of leads) {
    const response = await fetch(`${url}/leads/channels/${channel}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(lead),
    });
    if (!response.ok) throw new Error(`seeding a lead: ${response.status} ${await response.text()}`);
  }
}

const sandbox = await startSandbox();
const browser = await puppeteer.launch({
  executablePath: ensureBrowser('chromium'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const rows = [];
try {
  await seedLeads(sandbox.url);
  for (const path of PAGES) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage();
      const result = await lighthouse(`${sandbox.url}${path}`, { logLevel: 'error', output: 'json', onlyCategories: CATEGORIES }, undefined, page);
      await page.close();
      runs.push(result.lhr);
    }
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs[runs.length >> 1];
    const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
    const numeric = (id) => lhr.audits[id]?.numericValue;
    // What keeps a category under 100: every scored audit of it that did not pass.
    const flagged = CATEGORIES.flatMap((category) =>
      lhr.categories[category].auditRefs
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
        .map((ref) => `${category}: ${ref.id} (${lhr.audits[ref.id].displayValue || lhr.audits[ref.id].score})`),
    );
    const row = {
      path,
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      cls: numeric('cumulative-layout-shift'),
      lcpMs: numeric('largest-contentful-paint'),
      fcpMs: numeric('first-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      runs: runs.map((r) => Math.round(r.categories.performance.score * 100)),
      flagged,
      layoutShifts: lhr.audits['layout-shifts']?.details?.items?.map((i) => ({ score: i.score, node: i.node?.snippet })) ?? [],
      runWarnings: lhr.runWarnings,
    };
    row.pass =
      row.performance >= BUDGET.performance &&
      row.accessibility >= BUDGET.accessibility &&
      row['best-practices'] >= BUDGET['best-practices'] &&
      row.cls <= BUDGET.cls;
    rows.push(row);
    console.log(`[lighthouse] ${path}: ${row.performance} / ${row.accessibility} / ${row['best-practices']}, CLS ${row.cls.toFixed(3)}`);
  }
} finally {
  await browser.close();
  await sandbox.stop();
}

const report = {
  name: 'lighthouse',
  what: `Lighthouse ${JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version}, mobile preset (simulated throttling), categories ${CATEGORIES.join(', ')}; median of ${RUNS} run(s) by performance`,
  budget: BUDGET,
  pass: rows.every((r) => r.pass),
  at: new Date().toISOString(),
  rows,
};
writeFileSync(join(root, 'bench/results/lighthouse.json'), JSON.stringify(report, null, 2) + '\n');

console.log(`\n${report.what}\n`);
console.log('| page | performance | accessibility | best practices | CLS | LCP | TBT | |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.cls.toFixed(3)} | ${(r.lcpMs / 1000).toFixed(1)} s | ${Math.round(r.tbtMs)} ms | ${r.pass ? 'ok' : '**over budget**'} |`,
  );
}
const flagged = rows.filter((r) => r.flagged.length);
if (flagged.length) console.log(`\nFlagged:\n${flagged.map((r) => `  ${r.path}: ${r.flagged.join('; ')}`).join('\n')}`);
console.log(`\nBudgets: performance ≥ ${BUDGET.performance}, accessibility ${BUDGET.accessibility}, best practices ${BUDGET['best-practices']}, CLS ≤ ${BUDGET.cls}`);
process.exit(report.pass ? 0 : 1);
