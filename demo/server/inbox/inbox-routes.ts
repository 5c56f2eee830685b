import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../api/http-errors.js';
import { isRawObject } from '../api/fields.js';
import type { LeadService } from '../leads/lead-service.js';
import type { Directory } from '../routing/directory.js';
import { agentView } from '../leads/lead-view.js';
import { isUuid } from '../uuid.js';
import type { LeadStream } from './lead-stream.js';

/**
 * The inbox allows only its own script, stylesheet and API: whatever a lead contains,
 * nothing in it can run as code in the page.
 */
export const INBOX_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': INBOX_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Where the inbox's files are on disk. */
export interface InboxFiles {
  /** `demo/inbox/public`: index.html and inbox.css. */
  readonly publicDir: string;
  /** `dist/demo`: the rollup bundle `inbox.js`. */
  readonly bundleDir: string;
}

/**
 * The inbox at `/inbox`: its page and assets, its JSON API under `/inbox/api/` and the
 * live stream at `/inbox/events`. Encapsulated, so its headers apply to nothing else.
 */
export async function inboxRoutes(
  app: FastifyInstance,
  { service, stream, directory, files }: { service: LeadService; stream: LeadStream; directory: Directory; files: InboxFiles },
): Promise<void> {
  // Before the server stops accepting: open event streams would otherwise hold close() forever.
  app.addHook('preClose', async () => stream.close());
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  app.get('/inbox', (_request, reply) => reply.sendFile('index.html', files.publicDir));
  app.get('/inbox/', (_request, reply) => reply.sendFile('index.html', files.publicDir));
  app.get('/inbox/inbox.css', (_request, reply) => reply.sendFile('inbox.css', files.publicDir));
  app.get('/inbox/favicon.svg', (_request, reply) => reply.sendFile('favicon.svg', files.publicDir));
  app.get('/inbox/inbox.js', (_request, reply) => reply.sendFile('inbox.js', files.bundleDir));
  app.get('/inbox/inbox.js.map', (_request, reply) => reply.sendFile('inbox.js.map', files.bundleDir));

  app.get('/inbox/events', (request, reply) => {
    reply.hijack();
    stream.attach(reply.raw, SECURITY_HEADERS);
    request.log.debug('inbox event stream opened');
  });

  app.get('/inbox/api/config', async () => ({
    brokerage: { id: directory.config.brokerage.id, name: directory.config.brokerage.name },
    lead_channels: directory.config.lead_channels.map((c) => ({ id: c.id, name: c.name })),
    agents: directory.agents.map((a) => agentView(directory, a.id)),
  }));

  app.get<{ Querystring: { limit?: string; before?: string } }>('/inbox/api/leads', async (request) => {
    const limit = boundedInt(request.query.limit, 'limit', 100, 1, 500);
    const before = request.query.before === undefined ? undefined : boundedInt(request.query.before, 'before', 0, 1, Number.MAX_SAFE_INTEGER);
    const leads = service.list(limit, before);
    return { leads, total: service.count() };
  });

  app.get<{ Params: { id: string } }>('/inbox/api/leads/:id', async (request) => {
    const lead = isUuid(request.params.id) ? service.view(request.params.id.toLowerCase()) : undefined;
    if (!lead) throw notFound(`No lead ${request.params.id}`);
    return lead;
  });

  app.post<{ Params: { id: string } }>('/inbox/api/leads/:id/claim', async (request) => {
    if (!isUuid(request.params.id)) throw notFound(`No lead ${request.params.id}`);
    const body = request.body;
    const agentId = isRawObject(body) ? body['agent_id'] : undefined;
    if (typeof agentId !== 'string' || agentId === '') throw badRequest('Send { "agent_id": "<id of the claiming agent>" }');
    return { lead: service.claim(request.params.id.toLowerCase(), agentId) };
  });
}

function boundedInt(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
