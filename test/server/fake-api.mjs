// A fake of Rechat's Lead Capture API for the browser tests, served from its own port
// so that every request from the page is cross-origin, as it is with the real API.
//
// Each test asks for a session (`POST /__sessions`) and uses `${url}/s/${id}` as the
// SDK's apiUrl: what one test sends and scripts never leaks into another's.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const CONTROL_PREFIX = '/__';

/** @typedef {{ method?: string, path?: string, status: number, body?: unknown, headers?: Record<string,string>, times?: number, delayMs?: number, hangup?: boolean }} Script */

export function startFakeApi({ port = 0, host = '127.0.0.1' } = {}) {
  /** @type {Map<string, { requests: object[], scripts: Script[], leads: Set<string> }>} */
  const sessions = new Map();

  const server = createServer(async (req, res) => {
    const origin = req.headers.origin;
    res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Rechat-Idempotency');
    res.setHeader('Access-Control-Max-Age', '600');
    if (req.method === 'OPTIONS') return send(res, 204);

    const body = await readBody(req);
    const url = new URL(req.url, 'http://fake');

    if (url.pathname === `${CONTROL_PREFIX}sessions` && req.method === 'POST') {
      const id = randomUUID();
      sessions.set(id, { requests: [], scripts: [], leads: new Set() });
      return send(res, 200, { id });
    }
    const control = url.pathname.match(/^\/__sessions\/([^/]+)\/(requests|scripts)$/);
    if (control) {
      const session = sessions.get(control[1]);
      if (!session) return send(res, 404, { message: 'No such session' });
      if (control[2] === 'requests') return send(res, 200, session.requests);
      session.scripts.push(...(Array.isArray(body.json) ? body.json : [body.json]));
      return send(res, 200, { ok: true });
    }

    const routed = url.pathname.match(/^\/s\/([^/]+)(\/.*)$/);
    const session = routed && sessions.get(routed[1]);
    if (!session) return send(res, 404, { message: 'Unknown fake API session' });
    const path = routed[2];
    // Like the sandbox, the key in a capture's body is the request's, not a lead field:
    // it is recorded beside the body. `keyHeader` is the Idempotency-Key header, if any.
    const json = body.json && typeof body.json === 'object' && !Array.isArray(body.json) ? { ...body.json } : body.json;
    const key = json?.idempotency_key;
    if (json) delete json.idempotency_key;
    const record = {
      method: req.method,
      path,
      contentType: req.headers['content-type'] ?? null,
      body: json ?? body.text,
      key,
      keyHeader: req.headers['idempotency-key'],
      at: Date.now(),
    };
    session.requests.push(record);

    const script = session.scripts.find(
      (s) => (!s.method || s.method === req.method) && (!s.path || new RegExp(s.path).test(path)),
    );
    if (script) {
      if (script.times !== undefined && --script.times <= 0) session.scripts.splice(session.scripts.indexOf(script), 1);
      if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
      if (script.hangup) return req.socket.destroy();
      record.status = script.status;
      return send(res, script.status, script.body, script.headers);
    }

    let m;
    if (req.method === 'POST' && (m = path.match(/^\/leads\/channels\/([^/]+)\/webhook$/))) {
      const id = randomUUID();
      session.leads.add(id);
      record.status = 200;
      const lead = json && typeof json === 'object' ? json : {};
      return send(res, 200, {
        code: 'OK',
        data: {
          id,
          contact: randomUUID(),
          lead_channel: m[1],
          created_at: new Date().toISOString(),
          source_type: lead.source_type ?? 'Website',
        },
      });
    }
    if (req.method === 'POST' && (m = path.match(/^\/leads\/([^/]+)\/timeline$/))) {
      record.status = 200;
      return send(res, 200, { success: true });
    }
    if (req.method === 'PUT' && (m = path.match(/^\/leads\/([^/]+)\/assignees$/))) {
      record.status = 200;
      return send(res, 200, { success: true, message: 'Lead reassigned successfully' });
    }
    record.status = 404;
    return send(res, 404, { message: 'Not found' });
  });

  // The same controls in-process, for test-runner commands: they work while the page is offline.
  const control = {
    createSession() {
      const id = randomUUID();
      sessions.set(id, { requests: [], scripts: [], leads: new Set() });
      return id;
    },
    requests: (id) => sessions.get(id)?.requests ?? [],
    script(id, replies) {
      sessions.get(id)?.scripts.push(...replies);
    },
  };

  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ url: `http://${host}:${actual}`, control, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function send(res, status, body, headers = {}) {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (body === undefined || status === 204) {
    res.writeHead(status);
    return res.end();
  }
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    return { text };
  }
}
