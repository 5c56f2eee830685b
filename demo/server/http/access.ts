import { createHash, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../api/http-errors.js';
import { IDEMPOTENCY_ADVERTISEMENT, IDEMPOTENCY_KEY_HEADER } from '../api/idempotency.js';

/**
 * Who may reach what (README, "Security model"):
 * - every request must name this server in `Host` (DNS rebinding: a page on
 *   `evil.example` resolving to 127.0.0.1 is refused even on loopback);
 * - the public Lead Capture API (routes with `config.publicApi`) answers any origin, as
 *   a public API must; everything else gets no CORS headers, so it is same-origin only;
 * - the inbox (every route under `/inbox`) needs the inbox token when one is set, and
 *   its state-changing actions need a same-origin JSON request, which a cross-site page
 *   cannot send without a preflight that is never granted.
 *
 * Every decision uses the route the router matched (`request.routeOptions`), never the
 * raw URL, so `/%69nbox/…` is the inbox like `/inbox/…`.
 */
export interface AccessOptions {
  /** When set, the inbox requires it (`Authorization: Bearer`, or the cookie `/inbox?token=` sets). */
  readonly inboxToken?: string | undefined;
  /** Host names served besides the loopback names and the listening address. */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** Route config marking the public Lead Capture API. */
export const PUBLIC_API = { config: { publicApi: true } } as const;

/** The cookie that carries the inbox token after `/inbox?token=…`. */
export const INBOX_COOKIE = 'rechat_inbox';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

const API_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': `Retry-After, ${IDEMPOTENCY_ADVERTISEMENT.name}`,
};

const PREFLIGHT_HEADERS = {
  ...API_CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
  'Access-Control-Allow-Headers': `Content-Type, ${IDEMPOTENCY_KEY_HEADER}`,
  'Access-Control-Max-Age': '600',
};

/** Whether a listening address or host name is loopback only. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The access rules of one sandbox; `listening(host)` completes them once the address is known. */
export class AccessPolicy {
  readonly #tokenDigest: Buffer | undefined;
  readonly #hosts = new Set<string>(LOOPBACK_NAMES);

  constructor(options: AccessOptions = {}) {
    this.#tokenDigest = options.inboxToken ? digest(options.inboxToken) : undefined;
    for (const name of options.allowedHosts ?? []) this.#hosts.add(name.toLowerCase());
  }

  get requiresToken(): boolean {
    return this.#tokenDigest !== undefined;
  }

  /** The host names accepted in `Host`, for the start message. */
  get hostNames(): readonly string[] {
    return [...this.#hosts];
  }

  /**
   * Adds the names a listening address is reached by: itself, and for a wildcard
   * address every interface address and the machine's name.
   *
   * @throws when the address is not loopback and there is no inbox token.
   */
  listening(host: string): void {
    if (!isLoopback(host) && !this.requiresToken) {
      throw new Error(
        `Listening on ${host} would open the inbox (every lead's name, email and phone) to the network: set INBOX_TOKEN, or start with main(), which generates one`,
      );
    }
    const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (bare === '0.0.0.0' || bare === '::') {
      this.#hosts.add(hostname().toLowerCase());
      for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) this.#hosts.add(i.address.toLowerCase());
    } else {
      this.#hosts.add(bare);
    }
  }

  /** Whether a `Host` header names this server (any port). */
  hostAllowed(header: string | undefined): boolean {
    if (!header) return false;
    const match = /^\[([^\]]+)\](?::\d+)?$/.exec(header) ?? /^([^:]+)(?::\d+)?$/.exec(header);
    return match !== null && this.#hosts.has(match[1]!.toLowerCase());
  }

  /** Whether a request carries the inbox token (always true without one). */
  authorized(request: FastifyRequest): boolean {
    if (!this.#tokenDigest) return true;
    const auth = request.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    return [bearer, cookie(request, INBOX_COOKIE)].some((t) => t !== undefined && this.tokenMatches(t));
  }

  tokenMatches(candidate: string): boolean {
    return this.#tokenDigest !== undefined && timingSafeEqual(digest(candidate), this.#tokenDigest);
  }
}

/**
 * Installs the policy: one `onRequest` hook for every route and the 404 handler, and the
 * `/inbox?token=` login. Also sets `X-Content-Type-Options: nosniff` on every reply.
 */
export function registerAccess(app: FastifyInstance, policy: AccessPolicy): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Content-Type-Options', 'nosniff');
    if (!policy.hostAllowed(request.headers.host)) {
      throw new HttpError(421, 'MisdirectedRequest', `This sandbox does not serve the host '${(request.headers.host ?? '').slice(0, 100)}'`);
    }
    const route = request.routeOptions;
    if ((route.config as { publicApi?: boolean } | undefined)?.publicApi) {
      void reply.headers(request.method === 'OPTIONS' ? PREFLIGHT_HEADERS : API_CORS_HEADERS);
      return;
    }
    if (!(route.url ?? '').startsWith('/inbox')) return;
    if (!policy.authorized(request) && !isLogin(request, policy)) {
      throw new HttpError(401, 'Unauthorized', 'The inbox needs its token: open the /inbox?token=… link the sandbox printed at start');
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) checkSameOrigin(request);
  });

  // `/inbox?token=…` (the link printed at start) trades the token for a cookie and
  // leaves the token out of the address bar, history and Referer.
  app.addHook('preHandler', async (request, reply) => {
    if (!isLogin(request, policy)) return;
    void reply
      .header('Set-Cookie', `${INBOX_COOKIE}=${encodeURIComponent(queryToken(request) ?? '')}; Path=/; HttpOnly; SameSite=Strict`)
      .header('Cache-Control', 'no-store')
      .redirect('/inbox', 303);
    return reply;
  });
}

/** Throws 403/415 unless a state-changing inbox request is same-origin JSON. */
function checkSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const own = `http://${request.headers.host ?? ''}`.toLowerCase();
  if ((site !== undefined && site !== 'same-origin') || (origin !== undefined && origin.toLowerCase() !== own)) {
    throw new HttpError(403, 'Forbidden', 'Inbox actions are accepted from the inbox page only');
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'UnsupportedMediaType', 'Inbox actions take a JSON body (Content-Type: application/json)');
  }
}

function isLogin(request: FastifyRequest, policy: AccessPolicy): boolean {
  if (request.method !== 'GET' || (request.routeOptions.url !== '/inbox' && request.routeOptions.url !== '/inbox/')) return false;
  const token = queryToken(request);
  return token !== undefined && policy.tokenMatches(token);
}

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.['token'];
  return typeof value === 'string' ? value : undefined;
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Sends a preflight answer (the headers were set by the access hook). */
export function preflight(_request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(204).send();
}
