import type { FastifyInstance } from 'fastify';
import type { LeadService } from '../leads/lead-service.js';
import { isUuid } from '../uuid.js';
import { isFormRequest } from './body-parsers.js';
import { badRequest } from './http-errors.js';
import { IDEMPOTENCY_ADVERTISEMENT, idempotencyKey } from './idempotency.js';
import { parseActivity } from './parse-activity.js';
import { parseAssignees } from './parse-assignees.js';
import { parseLead } from './parse-lead.js';

/**
 * Rechat's Lead Capture API (seed 002):
 * - `POST /leads/channels/:lead_channel/webhook` → `200 { code: 'OK', data }`
 * - `POST /leads/:lead_id/timeline` → `200 { success: true }`
 * - `PUT /leads/:lead_id/assignees` → `200 { success: true, message }`
 *
 * Ids are checked for UUID form first (400), then for existence (404), so a typo in a
 * page's channel id and a channel that is not configured read differently.
 *
 * Each write honours an idempotency key (see `idempotency.ts`): a repeat gets the first
 * reply and changes nothing. Every reply, errors included, advertises the header.
 */
export async function leadApi(app: FastifyInstance, { service }: { service: LeadService }): Promise<void> {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header(IDEMPOTENCY_ADVERTISEMENT.name, IDEMPOTENCY_ADVERTISEMENT.value);
  });

  app.post<{ Params: { lead_channel: string } }>('/leads/channels/:lead_channel/webhook', PUBLIC, async (request, reply) => {
    const channel = request.params.lead_channel;
    if (!isUuid(channel)) throw badRequest(`lead_channel must be a UUID, got '${channel.slice(0, 80)}'`);
    const lead = parseLead(request.body, { form: isFormRequest(request) });
    const key = idempotencyKey(request, `POST /leads/channels/${channel.toLowerCase()}/webhook`, { fromBody: true });
    const result = service.once(key, () => ({ code: 'OK', data: service.createLead(channel, lead) }));
    return reply.status(result.status).send(result.body);
  });

  app.post<{ Params: { lead_id: string } }>('/leads/:lead_id/timeline', PUBLIC, async (request, reply) => {
    const leadId = checkLeadId(request.params.lead_id);
    const activity = parseActivity(request.body);
    const key = idempotencyKey(request, `POST /leads/${leadId}/timeline`);
    const result = service.once(key, () => {
      service.addActivity(leadId, activity);
      return { success: true };
    });
    return reply.status(result.status).send(result.body);
  });

  app.put<{ Params: { lead_id: string } }>('/leads/:lead_id/assignees', PUBLIC, async (request, reply) => {
    const leadId = checkLeadId(request.params.lead_id);
    const body = request.body;
    if (!Array.isArray(body) || body.length === 0) {
      throw badRequest('The body must be a non-empty JSON list of assignees, e.g. [{"email":"agent@example.com"}]');
    }
    const assignees = parseAssignees(body, 'body');
    const key = idempotencyKey(request, `PUT /leads/${leadId}/assignees`);
    const result = service.once(key, () => {
      service.reassign(leadId, assignees);
      return { success: true, message: 'Lead reassigned successfully' };
    });
    return reply.status(result.status).send(result.body);
  });

  // The benchmark's baseline: the same server, parsers and hooks, minus routing and SQLite.
  app.post('/__noop', async () => ({}));
}

/** Route config of the public Lead Capture API: any origin may call it (see `access.ts`). */
export const PUBLIC = { config: { publicApi: true } } as const;

function checkLeadId(id: string): string {
  if (!isUuid(id)) throw badRequest(`lead_id must be a UUID, got '${id.slice(0, 80)}'`);
  return id.toLowerCase();
}
