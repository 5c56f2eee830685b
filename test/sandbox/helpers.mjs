// Shared helpers of the sandbox tests: start the compiled sandbox (dist/sandbox, built by
// `tsc -p tsconfig.sandbox.json`) on a free port with its own temporary data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../../dist/sandbox/main.js';

/** The lead channels of demo/brokerage.json. */
export const CHANNELS = {
  listing: 'c16e0f89-0762-423d-a365-6ec823a4f66d',
  general: '39d049be-12bd-4ab8-bc87-f5668a570620',
  newsletter: '8b03ffa9-7e0e-416f-8ac2-fb07b1104291',
  agentProfile: 'c66704ff-ca94-4d8e-9df7-d3b36eebfaad',
  buyerClaim: '63eb1d97-a5e5-4c90-8466-b3204f3f42a3',
  expensive: 'd1d0774a-dc61-4916-a75e-046103913f96',
  uptown: 'd430eb08-ac5b-4ab1-a92c-76fdc8d69625',
  /** Owned by the agent Sophia Moore: to her, else her luxury team's round robin. */
  mooreSite: '3bd8bdff-a2e6-49cc-8cdc-06e89171c2ed',
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh temporary data directory. */
export function tempDir(prefix = 'rechat-sandbox-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts a sandbox on 127.0.0.1:0. `dataDir` defaults to a new temporary directory,
 * removed by `stop()` unless `keepData` (for restart tests).
 */
export async function startSandbox({ dataDir, configPath, keepData = false, host, ...options } = {}) {
  const dir = dataDir ?? tempDir();
  const sandbox = await createSandbox({ dataDir: dir, ...(configPath ? { configPath } : {}), logger: false, ...options });
  const url = await sandbox.listen({ port: 0, ...(host ? { host } : {}) });
  return {
    sandbox,
    url,
    dataDir: dir,
    async stop() {
      await sandbox.close();
      if (!keepData && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends a request; resolves with the status, headers and parsed JSON body (or text). */
export async function request(url, { method = 'GET', json, form, body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] ??= 'application/json';
  } else if (form !== undefined) {
    init.body = form instanceof URLSearchParams ? form.toString() : form;
    init.headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Posts a lead as JSON to a channel's webhook. */
export function postLead(base, channel, lead, options = {}) {
  return request(`${base}/leads/channels/${channel}/webhook`, { method: 'POST', json: lead, ...options });
}

/** The inbox view of a lead. */
export async function viewLead(base, id) {
  const { status, body } = await request(`${base}/inbox/api/leads/${id}`);
  if (status !== 200) throw new Error(`GET lead ${id}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * A request through node:http, for what fetch cannot send: any Host header, a raw
 * (undecoded) path. Resolves with status, headers (lower-case) and the body text.
 */
export function rawRequest(base, path, { method = 'GET', headers = {}, body } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers }, (res) => {
      // An event stream never ends: its status and headers are the answer.
      if ((res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        resolve({ status: res.statusCode, headers: res.headers, body: undefined, text: '' });
        res.destroy();
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let parsed;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `check` (sync or async) every 20 ms until it returns a truthy value; fails after `ms`. */
export async function waitFor(check, { ms = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
