import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { BODY_LIMIT, registerBodyParsers } from './api/body-parsers.js';
import { handleError, handleNotFound } from './api/http-errors.js';
import { IDEMPOTENCY_ADVERTISEMENT, IDEMPOTENCY_KEY_HEADER } from './api/idempotency.js';
import { leadApi } from './api/lead-api.js';
import type { BrokerageConfig } from './config/brokerage-config.js';
import { loadConfig } from './config/load-config.js';
import { DATABASE_FILE, openDatabase } from './db/open-database.js';
import { inboxRoutes } from './inbox/inbox-routes.js';
import { LeadEvents } from './leads/lead-events.js';
import { LeadService } from './leads/lead-service.js';
import { Directory } from './routing/directory.js';

/** Options of {@link createSandbox}; every path defaults relative to the repository. */
export interface SandboxOptions {
  /** Directory of `sandbox.sqlite`. Default: `<repo>/data`. */
  readonly dataDir?: string;
  /** The routing config. Default: `<repo>/demo/brokerage.json`. */
  readonly configPath?: string;
  /** Fastify's logger option: `false` (default) for silence, or pino options. */
  readonly logger?: FastifyServerOptions['logger'];
  /** The repository root, where `demo/` and `dist/` are served from. */
  readonly rootDir?: string;
}

/** A configured sandbox server, not yet listening. */
export interface Sandbox {
  readonly app: FastifyInstance;
  readonly config: BrokerageConfig;
  readonly service: LeadService;
  /** The SQLite file in use. */
  readonly databaseFile: string;
  /** Starts listening (port 0 picks a free port); resolves with the base URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stops the server (ending inbox streams) and closes the database. */
  close(): Promise<void>;
}

/** The repository root, two levels above the compiled `dist/sandbox/sandbox.js`. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds the Rechat API sandbox: the Lead Capture API with routing, the inbox, the demo
 * site and `dist/`. The config is validated and the database migrated before anything
 * listens, so a bad config or an unusable data directory fails the start with a clear
 * error instead of the first request.
 *
 * @throws {ConfigError} for an invalid routing config.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = options.rootDir ?? REPO_ROOT;
  const config = loadConfig(options.configPath ?? join(root, 'demo', 'brokerage.json'));
  const directory = new Directory(config);
  const databaseFile = join(resolve(options.dataDir ?? join(root, 'data')), DATABASE_FILE);
  const db = openDatabase(databaseFile);
  const events = new LeadEvents();
  const service = new LeadService(db, directory, events);

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT });
  // Idempotency keys are kept at least 7 days: pruned at start and then hourly.
  service.pruneIdempotencyKeys();
  const pruning = setInterval(() => service.pruneIdempotencyKeys(), PRUNE_INTERVAL_MS);
  pruning.unref();
  app.addHook('onClose', async () => {
    clearInterval(pruning);
    db.close();
  });

  try {
    app.setErrorHandler(handleError);
    app.setNotFoundHandler(handleNotFound);
    await registerBodyParsers(app);
    await app.register(cors, {
      // A public API: any page may post leads. The inbox is same-origin only.
      delegator: (request, callback) => {
        callback(null, (request.url ?? '').startsWith('/inbox') ? { origin: false } : API_CORS);
      },
    });

    await app.register(fastifyStatic, {
      root: join(root, 'demo', 'site'),
      prefix: '/',
      // The demo site shows the SDK working under a strict policy: no inline script or style.
      setHeaders(res, path) {
        if (path.endsWith('.html')) res.setHeader('Content-Security-Policy', SITE_CSP);
      },
    });
    // The site's agent directory, from the routing config, so the two never disagree.
    app.get('/site-data/agents.json', async () =>
      directory.agents.map(({ id, first_name, last_name, email, phone_number, mlsid, mls, office_id }) => ({
        id,
        first_name,
        last_name,
        email,
        phone_number,
        mlsid,
        mls,
        office: directory.account(office_id)?.name ?? office_id,
      })),
    );
    await app.register(fastifyStatic, { root: join(root, 'dist'), prefix: '/dist/', decorateReply: false });
    await app.register(leadApi, { service });
    const files = { publicDir: join(root, 'demo', 'inbox', 'public'), bundleDir: join(root, 'dist', 'demo') };
    await app.register(inboxRoutes, { service, events, directory, files });
    await app.ready();
  } catch (error) {
    await app.close();
    throw error;
  }

  return {
    app,
    config,
    service,
    databaseFile,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
    },
    close: () => closeGracefully(app),
  };
}

/** How often expired idempotency keys are deleted. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** How long in-flight requests get to finish when the sandbox stops. */
const CLOSE_GRACE_MS = 2000;

/**
 * Closes the server: idle keep-alive sockets at once, requests in flight when they
 * finish. Sockets that stay open after the grace period (a client that connected but
 * never sent a request, which Node counts as active) are destroyed, so Ctrl-C and test
 * teardown never hang on a browser's spare connection.
 */
async function closeGracefully(app: FastifyInstance): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

const SITE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const API_CORS = {
  origin: '*',
  methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
  allowedHeaders: ['Content-Type', IDEMPOTENCY_KEY_HEADER],
  // The SDK's outbox honours Retry-After on 429/503, and learns from Rechat-Idempotency
  // that it may send Idempotency-Key, so pages must be able to read both.
  exposedHeaders: ['Retry-After', IDEMPOTENCY_ADVERTISEMENT.name],
  maxAge: 600,
};
