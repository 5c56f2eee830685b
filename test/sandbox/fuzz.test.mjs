// Property-based fuzzing (fast-check) of the Lead Capture API: its parsers, and the HTTP
// surface end to end. Any input gives a 2xx or a clear 4xx in the API's `{code, message}`
// shape, never a 5xx, and a 4xx never stores anything. Runs are bounded (a few seconds);
// a failure prints the seed and the shrunk input that reproduce it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseActivity } from '../../dist/sandbox/api/parse-activity.js';
import { parseAssignees } from '../../dist/sandbox/api/parse-assignees.js';
import { parseLead } from '../../dist/sandbox/api/parse-lead.js';
import { HttpError } from '../../dist/sandbox/api/http-errors.js';
import { CHANNELS, postLead, rawRequest, startSandbox, viewLead } from './helpers.mjs';

const LEAD_KEYS = [
  'first_name', 'last_name', 'email', 'phone_number', 'phone', 'tag', 'tag[]', 'lead_source', 'note', 'address',
  'referer_url', 'mlsid', 'listing_id', 'agent_mlsid', 'source_type', 'postal_code', 'price', 'listing', 'assignees',
  'user_id', 'brand_id', 'idempotency_key', '__proto__', 'constructor', 'action', 'search', 'notes', 'email_campaign_id',
];
const ASSIGNEE_KEYS = ['email', 'phone_number', 'first_name', 'last_name', 'mls', 'mls_id', 'mlsid'];

/** Values of every JSON type, including the awkward ones (deep, huge, odd strings). */
const value = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '$1,250,000', 'NaN', '-1', '1e309', 'a@b', '<script>', '75201', 'Contact', 'ContactX'),
  fc.double(),
  fc.integer(),
  fc.array(fc.record({ email: fc.string(), mls_id: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }), { maxLength: 3 }),
);
/** Objects using the fields the API knows, plus anything else. */
const knownObject = (keys) => fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value, { maxKeys: 8 });
const anyBody = fc.oneof(knownObject(LEAD_KEYS), fc.jsonValue({ maxDepth: 5 }), fc.anything({ maxDepth: 3 }));

/** Runs `parse`; passes for a result or an HttpError 400 with a message, fails for anything else. */
function returnsOrBadRequest(parse) {
  return (input) => {
    try {
      parse(input);
    } catch (error) {
      assert.ok(error instanceof HttpError, `threw ${error?.name}: ${error?.message}`);
      assert.equal(error.status, 400);
      assert.ok(error.message.length > 0);
    }
  };
}

describe('parsers', () => {
  test('parseLead: any JSON or form body gives a lead or a 400', () => {
    fc.assert(fc.property(anyBody, fc.boolean(), (body, form) => returnsOrBadRequest((b) => parseLead(b, { form }))(body)), { numRuns: 1500 });
  });

  test('parseActivity: any body gives an activity or a 400', () => {
    const activity = fc.oneof(
      knownObject(['action', 'listing', 'search', 'notes']),
      fc.record({ action: fc.oneof(fc.constantFrom('ContactViewedListing', 'ContactX1'), fc.string()), listing: value, notes: value }, { requiredKeys: ['action'] }),
      fc.anything({ maxDepth: 3 }),
    );
    fc.assert(fc.property(activity, returnsOrBadRequest(parseActivity)), { numRuns: 1000 });
  });

  test('parseAssignees: any list gives assignees or a 400', () => {
    const list = fc.oneof(fc.array(fc.oneof(knownObject(ASSIGNEE_KEYS), value), { maxLength: 5 }), fc.anything({ maxDepth: 3 }));
    fc.assert(fc.property(list, returnsOrBadRequest(parseAssignees)), { numRuns: 1000 });
  });
});

describe('HTTP surface', () => {
  let server;
  let base;
  let leadId;
  before(async () => {
    server = await startSandbox();
    base = server.url;
    leadId = (await postLead(base, CHANNELS.newsletter, { email: 'fuzz-target@example.com' })).body.data.id;
  });
  after(() => server.stop());

  /** What a request may have changed: lead count, and the target lead's timeline and history. */
  async function snapshot() {
    const lead = await viewLead(base, leadId);
    return { leads: server.sandbox.service.count(), timeline: lead.timeline.length, history: lead.history.length };
  }

  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    '',
  );
  const text = fc.oneof(
    anyBody.map((b) => JSON.stringify(b) ?? ''),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.dictionary(fc.constantFrom(...LEAD_KEYS), fc.string({ maxLength: 20 }), { maxKeys: 6 }).map((d) => new URLSearchParams(d).toString()),
    fc.integer({ min: 1, max: 6000 }).map((depth) => `{"email":"d@example.com","x":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  );
  const endpoint = fc.oneof(
    fc.constant(['POST', () => `/leads/channels/${CHANNELS.newsletter}/webhook`]),
    fc.constant(['POST', () => `/leads/${leadId}/timeline`]),
    fc.constant(['PUT', () => `/leads/${leadId}/assignees`]),
    fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'), fc.constantFrom(
      '/leads/channels/not-a-uuid/webhook', '/leads/%zz/timeline', `/leads/${'9'.repeat(150)}/assignees`, '/inbox/api/leads?limit=abc',
      '/inbox/api/leads/x/claim', '/%69nbox/api/leads', '/leads/channels/00000000-0000-4000-8000-000000000000/webhook', '/.env', '/dist/../package.json',
    )).map(([m, p]) => [m, () => p]),
  );
  const idempotencyKey = fc.option(fc.string({ unit: 'binary-ascii', maxLength: 210 }).filter((k) => !/[\r\n\0]/.test(k)), { nil: undefined });

  test('any request gets a 2xx or a 4xx with {code, message}; a 4xx stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(endpoint, contentType, text, idempotencyKey, async ([method, path], type, body, key) => {
        const before = await snapshot();
        const headers = { ...(type ? { 'content-type': type } : {}), ...(key !== undefined ? { 'idempotency-key': key } : {}) };
        let res;
        try {
          res = await rawRequest(base, path(), { method, headers, ...(method === 'GET' || method === 'OPTIONS' ? {} : { body }) });
        } catch (error) {
          // Node's client refuses some header values itself: nothing reached the server.
          if (error.code === 'ERR_INVALID_CHAR' || error.code === 'ERR_HTTP_INVALID_HEADER_VALUE') return;
          throw error;
        }
        assert.ok(res.status < 500, `${method} ${path()} → ${res.status} ${res.text.slice(0, 300)}`);
        if (res.status >= 400) {
          assert.deepEqual(Object.keys(res.body ?? {}), ['code', 'message'], `${res.status} ${res.text.slice(0, 200)}`);
          assert.equal(typeof res.body.message, 'string');
          assert.deepEqual(await snapshot(), before, `${method} ${path()} → ${res.status} stored something`);
        }
      }),
      { numRuns: 250 },
    );
  });
});
