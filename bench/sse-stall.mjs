// `node bench/sse-stall.mjs`: the audit's stalled-client case for the inbox event stream.
// 20 clients open /inbox/events and never read; 600 large leads (~45 KB each) are posted.
// Reports the sandbox process's RSS before and after, and how many stalled streams it
// dropped. Without backpressure every stalled socket queued every message (audit: RSS
// 75 → 222 MB); with it, memory stays flat. Needs `npx tsc -p tsconfig.sandbox.json`.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SANDBOX = new URL('../dist/sandbox/main.js', import.meta.url);
const RESULTS = new URL('./results/sse-stall.json', import.meta.url);
const NEWSLETTER = '8b03ffa9-7e0e-416f-8ac2-fb07b1104291';
const CLIENTS = Number(process.env.SSE_CLIENTS ?? 20);
const LEADS = 600;

if (process.argv[2] === '--serve') await serve();
else await main();

async function serve() {
  const { createSandbox } = await import(SANDBOX.href);
  const sandbox = await createSandbox({ dataDir: process.env.BENCH_DATA_DIR, logger: false });
  const url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', async (message) => {
    if (message === 'stats') {
      globalThis.gc?.();
      process.send({ rss: process.memoryUsage().rss, streams: sandbox.inboxStreams?.() ?? null });
    } else if (message === 'close') {
      await sandbox.close();
      process.exit(0);
    }
  });
  process.send({ url });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rechat-sse-stall-'));
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    env: { ...process.env, BENCH_DATA_DIR: dataDir },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (message) => {
    const reply = once(child, 'message').then(([m]) => m);
    if (message) child.send(message);
    return reply;
  };
  const sockets = [];
  try {
    const { url } = await ask();
    const { port } = new URL(url);
    // A warm-up lead, so that "before" includes the code paths of a post.
    await post(url, 0);
    const before = await ask('stats');

    for (let i = 0; i < CLIENTS; i++) {
      const socket = net.connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(`GET /inbox/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      socket.pause();
      socket.on('error', () => {});
      sockets.push(socket);
    }
    const started = Date.now();
    for (let i = 1; i <= LEADS; i++) await post(url, i);
    const after = await ask('stats');
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      clients: CLIENTS,
      leads: LEADS,
      lead_bytes: Buffer.byteLength(body(0)),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      rss_mb: { before: mb(before.rss), after: mb(after.rss), growth: mb(after.rss - before.rss) },
      streams_open_after: after.streams,
    };
    child.send('close');
    await once(child, 'exit');
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `${CLIENTS} stalled clients, ${LEADS} leads of ${result.lead_bytes} B: RSS ${result.rss_mb.before} → ${result.rss_mb.after} MB; streams still open ${after.streams}`,
    );
  } finally {
    sockets.forEach((s) => s.destroy());
    if (child.exitCode === null) child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A large lead: five fields of 9,000 characters (under the 10,000-character limit). */
function body(i) {
  const filler = 'x'.repeat(9_000);
  return JSON.stringify({ email: `stall${i}@example.com`, note: filler, a: filler, b: filler, c: filler, d: filler });
}

async function post(url, i) {
  const res = await fetch(`${url}/leads/channels/${NEWSLETTER}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(i),
  });
  if (res.status !== 200) throw new Error(`lead ${i}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

function mb(bytes) {
  return Math.round(bytes / 1024 / 1024);
}
