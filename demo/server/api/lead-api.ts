import type { FastifyInstance } from 'fastify';
import type { LeadService } from '../leads/lead-service.js';
import { isUuid } from '../uuid.js';
import { isFormRequest } from './body-parsers.js';
import { badRequest } from './http-errors.js';
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
 */
export async function leadApi(app: FastifyInstance, { service }: { service: LeadService }): Promise<void> {
  app.post<{ Params: { lead_channel: string } }>('/leads/channels/:lead_channel/webhook', async (request) => {
    const channel = request.params.lead_channel;
    if (!isUuid(channel)) throw badRequest(`lead_channel must be a UUID, got '${channel.slice(0, 80)}'`);
    const lead = parseLead(request.body, { form: isFormRequest(request) });
    return { code: 'OK', data: service.createLead(channel, lead) };
  });

  app.post<{ Params: { lead_id: string } }>('/leads/:lead_id/timeline', async (request) => {
    const leadId = checkLeadId(request.params.lead_id);
    service.addActivity(leadId, parseActivity(request.body));
    return { success: true };
  });

  app.put<{ Params: { lead_id: string } }>('/leads/:lead_id/assignees', async (request) => {
    const leadId = checkLeadId(request.params.lead_id);
    const body = request.body;
    if (!Array.isArray(body) || body.length === 0) {
      throw badRequest('The body must be a non-empty JSON list of assignees, e.g. [{"email":"agent@example.com"}]');
    }
    service.reassign(leadId, parseAssignees(body, 'body'));
    return { success: true, message: 'Lead reassigned successfully' };
  });

  // The benchmark's baseline: the same server, parsers and hooks, minus routing and SQLite.
  app.post('/__noop', async () => ({}));
}

function checkLeadId(id: string): string {
  if (!isUuid(id)) throw badRequest(`lead_id must be a UUID, got '${id.slice(0, 80)}'`);
  return id.toLowerCase();
}
