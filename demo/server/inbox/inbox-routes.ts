import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../api/http-errors.js';
import { isRawObject } from '../api/fields.js';
import type { LeadService } from '../leads/lead-service.js';
import type { Directory } from '../routing/directory.js';
import { agentView } from '../leads/lead-view.js';
import type { LeadFilter } from '../db/leads.js';
import type { LeadStatus } from '../routing/route-lead.js';
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

  app.get('/inbox/api/config', async () => {
    const away = service.awayAgents();
    return {
      brokerage: { id: directory.config.brokerage.id, name: directory.config.brokerage.name },
      lead_channels: directory.channels.map((c) => ({
        id: c.id,
        name: c.name,
        account: c.account_id,
        ...(c.is_default ? { default: true } : {}),
      })),
      agents: directory.agents.map((a) => ({ ...agentView(directory, a.id), away: away.has(a.id) })),
    };
  });

  app.get<{ Querystring: LeadsQuery }>('/inbox/api/leads', async (request) => {
    const query = request.query;
    const limit = boundedInt(query.limit, 'limit', 100, 1, 500);
    const before = query.before === undefined ? undefined : boundedInt(query.before, 'before', 0, 1, Number.MAX_SAFE_INTEGER);
    const filter = leadFilter(query, directory);
    const leads = service.list(limit, before, filter);
    return { leads, total: service.count(filter) };
  });

  // Seed 004's "what if the agent isn't available": away agents are skipped by routing.
  app.put<{ Params: { id: string } }>('/inbox/api/agents/:id/availability', async (request) => {
    const body = request.body;
    const away = isRawObject(body) ? body['away'] : undefined;
    if (typeof away !== 'boolean') throw badRequest('Send { "away": true } or { "away": false }');
    return service.setAway(request.params.id, away);
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

/** Query parameters of `GET /inbox/api/leads`. */
interface LeadsQuery {
  limit?: string;
  before?: string;
  status?: string;
  agent?: string;
  channel?: string;
  q?: string;
}

const STATUSES: readonly LeadStatus[] = ['assigned', 'awaiting_claim', 'unassigned'];

/** The filters of a leads query, each checked (400 naming the parameter). */
function leadFilter(query: LeadsQuery, directory: Directory): LeadFilter {
  const one = (name: keyof LeadsQuery): string | undefined => {
    const value = query[name];
    if (value !== undefined && typeof value !== 'string') throw badRequest(`${name} must be given once`);
    return value === '' ? undefined : value;
  };
  const status = one('status');
  if (status !== undefined && !STATUSES.includes(status as LeadStatus)) throw badRequest(`status must be one of ${STATUSES.join(', ')}`);
  const agent = one('agent');
  if (agent !== undefined && !directory.agent(agent)) throw badRequest(`No agent '${agent.slice(0, 80)}'`);
  const channel = one('channel')?.toLowerCase();
  if (channel !== undefined && !directory.channel(channel)) throw badRequest(`No lead channel '${channel.slice(0, 80)}'`);
  const q = one('q')?.trim();
  if (q !== undefined && q.length > 200) throw badRequest('q must be at most 200 characters');
  return { status: status as LeadStatus | undefined, agent, channel, q: q || undefined };
}

function boundedInt(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
