// `npm run bench:sandbox`: webhook throughput of the Rechat API sandbox, with routing on,
// against the same server's no-op endpoint in the same run.
//
// The sandbox runs in a child process (its own event loop and core) on 127.0.0.1:0 with a
// temporary data directory; autocannon drives it from this process. The webhook phases
// send a fixed number of requests (autocannon `amount`) rather than run for a fixed time,
// so that every request sent is answered before the phase ends and "leads stored" can be
// compared exactly with "leads acknowledged". Fails (exit 1) on any error or lost lead.
//
// Needs the compiled sandbox: `npx tsc -p tsconfig.sandbox.json` (part of `npm run build`).
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const SANDBOX = new URL('../dist/sandbox/main.js', import.meta.url);
const RESULTS = new URL('./results/sandbox.json', import.meta.url);
/** General contact: routed by round robin over all ten agents of the brokerage. */
const ROUND_ROBIN_CHANNEL = '39d049be-12bd-4ab8-bc87-f5668a570620';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Target length of each measured phase; the request count is derived from a warm-up. */
const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_REQUESTS = 1500;
/** Distinct visitors in the request mix; each connection cycles through them. */
const VISITORS = 500;

if (process.argv[2] === '--serve') await serve();
else await main();

/** Child process: the sandbox, started on port 0, reporting its URL over IPC. */
async function serve() {
  const { createSandbox } = await import(SANDBOX.href);
  const sandbox = await createSandbox({ dataDir: process.env.BENCH_DATA_DIR, logger: false });
  const url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', async (message) => {
    if (message !== 'close') return;
    await sandbox.close();
    process.exit(0);
  });
  process.send({ url });
}

async function main() {
  if (!existsSync(SANDBOX)) {
    console.error('bench/sandbox.mjs: dist/sandbox/main.js is missing; build it first: npx tsc -p tsconfig.sandbox.json');
    process.exit(1);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'rechat-bench-'));
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    env: { ...process.env, BENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const { url } = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the sandbox exited with code ${code} before listening`)));
    });

    const targets = {
      noop: { title: 'POST /__noop', path: '/__noop' },
      webhook: { title: 'POST webhook (round robin)', path: `/leads/channels/${ROUND_ROBIN_CHANNEL}/webhook` },
    };
    // Both endpoints get the same prebuilt bodies, so the client does the same work for
    // each and the ratio measures the server. (autocannon's per-request `setupRequest`
    // halves its own throughput here and would make the no-op figure client-bound.)
    const requests = leadBodies(VISITORS).map((body) => ({ body }));
    /** `limit` is `{ amount }` (stop after that many replies) or `{ duration }` in seconds. */
    const run = (target, limit) =>
      autocannon({
        url: `${url}${target.path}`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: CONNECTIONS,
        pipelining: 1,
        timeout: 10,
        requests,
        ...limit,
      });

    // Warm-up: JIT, SQLite page cache, connections. The webhook's warm-up rate also sizes
    // its measured phase, which must be a request count (see the top of this file); the
    // no-op stores nothing, so it simply runs for the same time.
    const warm = {
      noop: await run(targets.noop, { amount: WARMUP_REQUESTS }),
      webhook: await run(targets.webhook, { amount: WARMUP_REQUESTS }),
    };
    const webhookRate = warm.webhook.requests.total / warm.webhook.duration;
    const webhookAmount = Math.min(300_000, Math.max(2_000, Math.round(webhookRate * PHASE_SECONDS)));

    const noop = await run(targets.noop, { duration: PHASE_SECONDS });
    const webhook = await run(targets.webhook, { amount: webhookAmount });

    child.send('close');
    await exited;

    const db = new Database(join(dataDir, 'sandbox.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT COUNT(*) AS n FROM leads').get().n;
    db.close();

    const summary = (r) => ({
      requests: r.requests.total,
      duration_s: round(r.duration, 2),
      rps: round(r.requests.total / r.duration, 0),
      latency_ms: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    });
    const errorsOf = (r) => r.non2xx + r.errors + r.timeouts;
    const allRuns = [warm.noop, warm.webhook, noop, webhook];
    const errors = allRuns.reduce((sum, r) => sum + errorsOf(r), 0);
    const acknowledged = warm.webhook['2xx'] + webhook['2xx'];
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
      connections: CONNECTIONS,
      pipelining: 1,
      note: 'Server in a child process on 127.0.0.1, autocannon in the parent, same 500 lead bodies for both endpoints; warm-up, then no-op for BENCH_SECONDS and the webhook for a request count sized to about as long.',
      noop: summary(noop),
      webhook: summary(webhook),
      ratio_webhook_to_noop: {
        rps: round(webhook.requests.total / webhook.duration / (noop.requests.total / noop.duration), 3),
        p99: round(webhook.latency.p99 / Math.max(noop.latency.p99, 1), 2),
      },
      errors,
      leads: { acknowledged, stored, lost: acknowledged - stored },
      ok: errors === 0 && acknowledged === stored,
    };

    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    printTable(result);
    if (!result.ok) {
      console.error(`FAILED: ${errors} errors, ${result.leads.lost} leads lost (acknowledged ${acknowledged}, stored ${stored})`);
      process.exitCode = 1;
    }
  } finally {
    if (child.exitCode === null) child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** JSON lead bodies of `count` different visitors. */
function leadBodies(count) {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      first_name: 'Bench',
      last_name: `Visitor ${i}`,
      email: `visitor${i}@bench.example`,
      phone_number: `(555) 01${String(i).padStart(5, '0')}`,
      tag: ['Benchmark'],
      lead_source: 'autocannon',
      note: 'Looking for a three-bedroom house near a park.',
    }),
  );
}

function printTable(r) {
  const row = (name, s) =>
    `${name.padEnd(28)} ${String(s.requests).padStart(8)} ${String(s.rps).padStart(8)} ${String(s.latency_ms.p50).padStart(7)} ${String(s.latency_ms.p99).padStart(7)} ${String(s.non2xx + s.errors + s.timeouts).padStart(7)}`;
  console.log(`\nRechat API sandbox, ${r.connections} connections, ${r.node}, ${r.cpus}`);
  console.log(`${'endpoint'.padEnd(28)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}`);
  console.log(row('POST /__noop', r.noop));
  console.log(row('POST webhook (round robin)', r.webhook));
  console.log(`webhook / no-op: req/s ×${r.ratio_webhook_to_noop.rps}, p99 ×${r.ratio_webhook_to_noop.p99}`);
  console.log(`leads acknowledged ${r.leads.acknowledged}, stored ${r.leads.stored}, lost ${r.leads.lost}; errors ${r.errors}`);
  console.log(`→ ${fileURLToPath(RESULTS)}`);
}

function round(n, digits) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
