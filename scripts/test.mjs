// `npm test`: builds, checks the size budgets, finds (or installs) Chromium and Firefox
// ESR, then runs every suite — the browser tests under web-test-runner in both browsers,
// the Node tests of the API sandbox, the end-to-end tests of the demo site and a short
// fault soak — and ends with one plain line
// "N passed, N failed" over all of them. Exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { ensureBrowser } from './browsers.mjs';

const root = new URL('..', import.meta.url);
const totals = { passed: 0, failed: 0, skipped: 0 };
let anyFailed = false;

function run(cmd, args, { env = {}, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
    });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
      child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function step(name) {
  console.log(`\n[rechat-sdk] ── ${name}`);
}

step('build');
if ((await run('npm', ['run', '--silent', 'build'])).code !== 0) {
  console.log('\n0 passed, 1 failed');
  console.error('[rechat-sdk] The build failed; no tests were run.');
  process.exit(1);
}

step('size budgets (gzip)');
const { measure } = await import('./size.mjs');
for (const budget of await measure()) {
  console.log(`${budget.pass ? '✔' : '✖'} ${budget.size} B of ${budget.limit} B ceiling (${budget.note})  ${budget.name}`);
  if (budget.pass) totals.passed++;
  else {
    totals.failed++;
    anyFailed = true;
  }
}

// The browser suite runs twice: in Chromium and in Firefox ESR (WebDriver BiDi).
for (const [kind, label] of [['chromium', 'Chromium'], ['firefox', 'Firefox']]) {
  step(`browser tests (${label}, web-test-runner)`);
  ensureBrowser(kind);
  const summaryFile = new URL(`../.wtr-summary-${kind}.json`, import.meta.url);
  rmSync(summaryFile, { force: true });
  const wtr = await run('npx', ['web-test-runner'], {
    env: { RECHAT_SUMMARY_FILE: summaryFile.pathname, RECHAT_BROWSER: kind },
  });
  if (existsSync(summaryFile)) {
    const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
    totals.passed += s.passed;
    totals.failed += s.failed + s.sessionsFailed;
    totals.skipped += s.skipped;
  } else {
    totals.failed += 1;
  }
  if (wtr.code !== 0) anyFailed = true;
}

for (const dir of ['test/sandbox', 'test/e2e']) {
  const abs = new URL(`../${dir}/`, import.meta.url);
  const files = existsSync(abs) ? readdirSync(abs).filter((f) => f.endsWith('.test.mjs')).sort() : [];
  if (files.length === 0) continue;
  step(`Node tests: ${dir}`);
  // The spec reporter even when piped: its closing lines (ℹ pass N …) are what is counted.
  const res = await run('node', ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => `${dir}/${f}`)], { capture: true });
  const num = (label) => Number(res.out.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += num('pass');
  totals.failed += num('fail') + num('cancelled');
  totals.skipped += num('skipped') + num('todo');
  if (res.code !== 0) {
    anyFailed = true;
    if (num('fail') + num('cancelled') === 0) totals.failed += 1;
  }
}

// A short fault soak (the full one is `npm run soak`): every accepted call stored exactly once.
step('fault soak (short run; npm run soak for the full one)');
const soak = await run('node', ['scripts/soak.mjs', '--iterations', process.env.RECHAT_SOAK_ITERATIONS ?? '8', '--quiet']);
if (soak.code === 0) totals.passed++;
else {
  totals.failed++;
  anyFailed = true;
}

if (anyFailed && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(anyFailed || totals.failed > 0 ? 1 : 0);
