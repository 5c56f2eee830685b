import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from './http-errors.js';
import { checkBodyShape } from './limits.js';

/** Requests larger than this are refused with 413 before they are parsed. */
export const BODY_LIMIT = 64 * 1024;

/**
 * The body formats the API accepts:
 * - `application/json`, parsed here rather than by Fastify's default so that a 400 says
 *   where the JSON broke;
 * - `application/x-www-form-urlencoded`, from plain HTML forms posting straight to the
 *   webhook (a repeated name arrives as a list);
 * - `text/plain` holding JSON, which is what `navigator.sendBeacon` and no-preflight
 *   `fetch` calls send from pages that avoid a CORS preflight.
 */
export async function registerBodyParsers(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    parseJson(body as string, done, 'application/json');
  });
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    parseJson(body as string, done, 'text/plain');
  });
  await app.register(formbody);
  // Every parsed body, whatever its format, within the shape limits before a handler sees it.
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined && request.body !== null) checkBodyShape(request.body);
  });
}

/** Whether the request's body came from an HTML form (where every value is a string). */
export function isFormRequest(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function parseJson(text: string, done: (err: Error | null, body?: unknown) => void, type: string): void {
  if (text.trim() === '') {
    done(badRequest(`The body is empty but Content-Type is ${type}; send a JSON object`));
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch (error) {
    done(badRequest(`Malformed JSON body: ${(error as Error).message}`));
  }
}
