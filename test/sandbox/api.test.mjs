// The Lead Capture API over HTTP: replies, bad inputs (400/404/413/415), form bodies,
// timeline, reassignment and CORS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHANNELS, UUID, postLead, request, startSandbox, viewLead } from './helpers.mjs';

let server;
let base;
before(async () => {
  server = await startSandbox();
  base = server.url;
});
after(() => server.stop());

const webhook = (channel = CHANNELS.general) => `${base}/leads/channels/${channel}/webhook`;

/** Asserts a 400 `{ code: 'BadRequest', message }` whose message matches `pattern`. */
function assertBadRequest(res, pattern) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.code, 'BadRequest');
  assert.match(res.body.message, pattern);
}

describe('POST /leads/channels/:lead_channel/webhook', () => {
  test('a JSON lead gets 200 {code:"OK", data} with ids, channel, time, assignees and reason', async () => {
    const before = Date.now();
    const res = await postLead(base, CHANNELS.newsletter, { first_name: 'Ada', email: 'ada@example.com', source_type: 'Newsletter' });
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 'OK');
    const { data } = res.body;
    assert.match(data.id, UUID);
    assert.match(data.contact, UUID);
    assert.notEqual(data.id, data.contact);
    assert.equal(data.lead_channel, CHANNELS.newsletter);
    assert.ok(Date.parse(data.created_at) >= before - 1000 && Date.parse(data.created_at) <= Date.now() + 1000);
    assert.equal(data.source_type, 'Newsletter');
    assert.equal(data.status, 'assigned');
    assert.deepEqual(data.assignees.map((a) => a.id), ['johnson']);
    assert.equal(data.assignees[0].email, 'emma.johnson@adler.example');
    assert.equal(data.routing.reason, "Rule 1 'Marketing' (Specific agent): assigned to Emma Johnson");
  });

  test('source_type defaults to Website; unknown fields are kept, not rejected', async () => {
    const res = await postLead(base, CHANNELS.newsletter, { email: 'x1@example.com', favourite_colour: 'teal', utm: { a: 1 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.source_type, 'Website');
    const lead = await viewLead(base, res.body.data.id);
    assert.deepEqual(lead.lead.extra, { favourite_colour: 'teal', utm: { a: 1 } });
  });

  test('all documented fields are stored as sent (tag as a list, attribution kept)', async () => {
    const sent = {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      phone_number: '(555) 010-2000',
      tag: 'Buyer, Website ',
      lead_source: 'Listing page',
      note: 'Call after 5',
      address: '500 Elm St, Dallas, TX 75202',
      referer_url: 'https://adler.example/listing/42',
      mlsid: 123456,
      listing_id: 'L-42',
      agent_mlsid: 'NT100101',
      user_id: '6c1e2f4a-0000-4000-8000-000000000001',
      brand_id: '6c1e2f4a-0000-4000-8000-000000000002',
      ad_campaign_id: 'ad-1',
      email_campaign_id: 'em-1',
      email_campaign_email_id: 'em-1-1',
    };
    const res = await postLead(base, CHANNELS.newsletter, sent);
    assert.equal(res.status, 200);
    const { lead, contact } = await viewLead(base, res.body.data.id);
    assert.deepEqual(lead.tag, ['Buyer', 'Website']);
    assert.equal(lead.mlsid, '123456');
    assert.equal(lead.note, 'Call after 5');
    assert.equal(lead.referer_url, sent.referer_url);
    assert.deepEqual(lead.attribution, {
      user_id: sent.user_id,
      brand_id: sent.brand_id,
      ad_campaign_id: 'ad-1',
      email_campaign_id: 'em-1',
      email_campaign_email_id: 'em-1-1',
    });
    assert.deepEqual(
      { first_name: contact.first_name, last_name: contact.last_name, email: contact.email, phone_number: contact.phone_number },
      { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', phone_number: '(555) 010-2000' },
    );
  });

  test('assignees in the lead are matched to agents', async () => {
    const res = await postLead(base, CHANNELS.agentProfile, {
      email: 'x2@example.com',
      assignees: [{ email: 'SOPHIA.MOORE@adler.example' }, { mlsid: 'NT100105', mls: 'ntreis' }],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.assignees.map((a) => [a.id, a.matched_by]), [['moore', 'email'], ['davis', 'mlsid']]);
    assert.equal(res.body.data.routing.method, 'assignees');
  });

  test('a form-urlencoded lead: repeated and comma-separated tags, assignees as JSON text', async () => {
    const form = new URLSearchParams();
    form.append('first_name', 'Form');
    form.append('email', 'form@example.com');
    form.append('tag', 'Buyer');
    form.append('tag', 'Open house, Weekend');
    form.append('price', '$800,000');
    form.append('assignees', JSON.stringify([{ first_name: 'Mason', last_name: 'Taylor' }]));
    const res = await request(webhook(CHANNELS.listing), { method: 'POST', form });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data.assignees.map((a) => a.id), ['taylor']);
    const { lead } = await viewLead(base, res.body.data.id);
    assert.deepEqual(lead.tag, ['Buyer', 'Open house', 'Weekend']);
    assert.equal(lead.price, 800000);
    assert.equal(lead.first_name, 'Form');
  });

  test('a form lead with PHP-style tag[] fields', async () => {
    const res = await request(webhook(CHANNELS.general), { method: 'POST', form: 'email=php%40example.com&tag[]=Seller&tag[]=Urgent' });
    assert.equal(res.status, 200);
    // Tag "Seller" matches the General contact channel's first rule.
    assert.deepEqual(res.body.data.assignees.map((a) => a.id), ['williams']);
  });

  test('JSON sent as text/plain (sendBeacon, no-preflight fetch) is accepted', async () => {
    const res = await request(webhook(CHANNELS.newsletter), {
      method: 'POST',
      body: JSON.stringify({ email: 'beacon@example.com' }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 'OK');
  });

  test('404 NotFound for a channel that is not configured', async () => {
    const res = await postLead(base, '0e17f1d9-b9cb-4732-9185-fd80f990f693', { email: 'a@example.com' });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NotFound');
    assert.match(res.body.message, /No lead channel 0e17f1d9-b9cb-4732-9185-fd80f990f693/);
  });

  test('400 for a channel id that is not a UUID', async () => {
    assertBadRequest(await postLead(base, 'my-channel', { email: 'a@example.com' }), /^lead_channel must be a UUID, got 'my-channel'$/);
  });

  test('400 for malformed JSON, naming the problem', async () => {
    const res = await request(webhook(), { method: 'POST', body: '{"email": "a@example.com",', headers: { 'content-type': 'application/json' } });
    assertBadRequest(res, /^Malformed JSON body: /);
  });

  test('400 for an empty JSON body and for no body at all', async () => {
    assertBadRequest(
      await request(webhook(), { method: 'POST', body: '', headers: { 'content-type': 'application/json' } }),
      /body is empty/,
    );
    assertBadRequest(await request(webhook(), { method: 'POST' }), /Send the lead as a JSON object/);
  });

  test('400 for a body that is not an object', async () => {
    assertBadRequest(await postLead(base, CHANNELS.general, [{ email: 'a@example.com' }]), /must be a JSON object of lead fields, got a list/);
    assertBadRequest(await postLead(base, CHANNELS.general, 'hello'), /got a string/);
    assertBadRequest(await postLead(base, CHANNELS.general, null), /got null/);
  });

  test('400 for mistyped fields, naming the field', async () => {
    const cases = [
      [{ email: 42 }, /^email must be a string, got a number$/],
      [{ email: 'not-an-email' }, /^email must be an email address, got 'not-an-email'$/],
      [{ first_name: { a: 1 } }, /^first_name must be a string, got an object$/],
      [{ tag: 5 }, /^tag must be a string or a list of strings, got a number$/],
      [{ tag: ['ok', 7] }, /^tag must be a string or a list of strings, got a list$/],
      [{ assignees: { email: 'a@b.c' } }, /^assignees must be a list of objects, got an object$/],
      [{ assignees: ['smith'] }, /^assignees\[0\] must be an object/],
      [{ assignees: [{ email: 1 }] }, /^assignees\[0\]\.email must be a string, got a number$/],
      [{ price: 'cheap' }, /^price must be a non-negative number, got 'cheap'$/],
      [{ listing: 'L-1' }, /^listing must be an object, got a string$/],
    ];
    for (const [body, pattern] of cases) {
      assertBadRequest(await postLead(base, CHANNELS.general, body), pattern);
    }
  });

  test('400 for a form that repeats a single-valued field or has bad assignees JSON', async () => {
    assertBadRequest(
      await request(webhook(), { method: 'POST', form: 'email=a%40example.com&email=b%40example.com' }),
      /^email must be a single value, not a list/,
    );
    assertBadRequest(await request(webhook(), { method: 'POST', form: 'assignees=%5Bnope' }), /assignees in a form must be a JSON list/);
  });

  test('413 for a body over the 64 KB limit', async () => {
    const res = await postLead(base, CHANNELS.general, { email: 'big@example.com', note: 'x'.repeat(70 * 1024) });
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'PayloadTooLarge');
    assert.match(res.body.message, /65536 bytes/);
  });

  test('415 for a content type the API does not read', async () => {
    const res = await request(webhook(), { method: 'POST', body: '<lead/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 415);
    assert.match(res.body.message, /application\/json or application\/x-www-form-urlencoded/);
  });

  test('a rejected lead is not stored', async () => {
    const before = server.sandbox.service.count();
    await postLead(base, CHANNELS.general, { email: 7 });
    await postLead(base, '0e17f1d9-b9cb-4732-9185-fd80f990f693', { email: 'a@example.com' });
    assert.equal(server.sandbox.service.count(), before);
  });
});

describe('POST /leads/:lead_id/timeline', () => {
  let leadId;
  before(async () => {
    leadId = (await postLead(base, CHANNELS.newsletter, { email: 'timeline@example.com' })).body.data.id;
  });
  const timeline = (id, body) => request(`${base}/leads/${id}/timeline`, { method: 'POST', json: body });

  test('documented and custom actions are recorded in order, with their payloads', async () => {
    const listing = { id: 'L-1', mls_number: '123', price: 450000, url: 'https://adler.example/l/1' };
    for (const body of [
      { action: 'ContactViewedListing', listing },
      { action: 'ContactCreatedSearch', search: { title: 'Uptown 3 beds', minimum_price: 300000 }, notes: 'weekly' },
      { action: 'ContactSignedUp' },
      { action: 'ContactRequestedTour', notes: 'Saturday' },
    ]) {
      const res = await timeline(leadId, body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { success: true });
    }
    const lead = await viewLead(base, leadId);
    assert.deepEqual(lead.timeline.map((a) => a.action), ['ContactViewedListing', 'ContactCreatedSearch', 'ContactSignedUp', 'ContactRequestedTour']);
    assert.deepEqual(lead.timeline[0].listing, listing);
    assert.equal(lead.timeline[1].search.title, 'Uptown 3 beds');
    assert.equal(lead.timeline[1].notes, 'weekly');
  });

  test('every documented action is accepted', async () => {
    const actions = [
      'ContactViewedListing',
      'ContactSharedListing',
      'ContactFavoritedListing',
      'ContactRemovedFavoriteListing',
      'ContactValuedListing',
      'ContactSearchedListings',
      'ContactCreatedSearch',
      'ContactRemovedSearch',
      'ContactSignedUp',
      'ContactLoggedIn',
    ];
    for (const action of actions) assert.equal((await timeline(leadId, { action })).status, 200, action);
  });

  test('400 for a missing, mistyped or malformed action', async () => {
    assertBadRequest(await timeline(leadId, { listing: { id: 'L-1' } }), /^action is required/);
    assertBadRequest(await timeline(leadId, { action: '' }), /^action is required/);
    assertBadRequest(await timeline(leadId, { action: 3 }), /^action must be a string, got a number$/);
    assertBadRequest(await timeline(leadId, { action: 'viewed' }), /^Unknown action 'viewed': expected one of ContactViewedListing/);
    assertBadRequest(await timeline(leadId, { action: 'Contact' }), /^Unknown action/);
    assertBadRequest(await timeline(leadId, { action: 'Contact<script>' }), /^Unknown action/);
    assertBadRequest(await timeline(leadId, [{ action: 'ContactSignedUp' }]), /must be a JSON object with an action/);
  });

  test('400 for mistyped listing, search or notes', async () => {
    assertBadRequest(await timeline(leadId, { action: 'ContactViewedListing', listing: 'L-1' }), /^listing must be an object/);
    assertBadRequest(await timeline(leadId, { action: 'ContactSearchedListings', search: [1] }), /^search must be an object, got a list/);
    assertBadRequest(await timeline(leadId, { action: 'ContactSignedUp', notes: 5 }), /^notes must be a string/);
  });

  test('404 for a lead that does not exist; 400 for an id that is not a UUID', async () => {
    const res = await timeline('0e17f1d9-b9cb-4732-9185-fd80f990f693', { action: 'ContactSignedUp' });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NotFound');
    assertBadRequest(await timeline('lead-1', { action: 'ContactSignedUp' }), /^lead_id must be a UUID/);
  });
});

describe('PUT /leads/:lead_id/assignees', () => {
  const reassign = (id, body) => request(`${base}/leads/${id}/assignees`, { method: 'PUT', json: body });

  test('replaces the assignees with the matched agents and records why', async () => {
    const { data } = (await postLead(base, CHANNELS.newsletter, { email: 'reassign@example.com' })).body;
    assert.deepEqual(data.assignees.map((a) => a.id), ['johnson']);

    const res = await reassign(data.id, [
      { email: 'ava.miller@adler.example' },
      { mls: 'NTREIS', mls_id: 'NT100204' },
      { email: 'stranger@example.com' },
    ]);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true, message: 'Lead reassigned successfully' });

    const lead = await viewLead(base, data.id);
    assert.deepEqual(lead.assignees.map((a) => [a.id, a.via]), [['miller', 'api:email'], ['taylor', 'api:mlsid']]);
    assert.equal(lead.status, 'assigned');
    assert.equal(
      lead.routing.reason,
      'Reassigned via API: Assignee matched by email: ava.miller@adler.example → Ava Miller; Assignee matched by MLS id: NTREIS NT100204 → Mason Taylor; Assignee 3 (email stranger@example.com) matched no agent',
    );
    assert.deepEqual(lead.history.map((h) => h.event), ['routed', 'reassigned']);
  });

  test('accepts mlsid as well as mls_id', async () => {
    const { data } = (await postLead(base, CHANNELS.newsletter, { email: 'reassign2@example.com' })).body;
    assert.equal((await reassign(data.id, [{ mlsid: 'NT100101' }])).status, 200);
    assert.deepEqual((await viewLead(base, data.id)).assignees.map((a) => a.id), ['smith']);
  });

  test('400 when nothing matches or the body is not a list of assignees; the lead is unchanged', async () => {
    const { data } = (await postLead(base, CHANNELS.newsletter, { email: 'reassign3@example.com' })).body;
    assertBadRequest(await reassign(data.id, [{ email: 'nobody@example.com' }]), /^No assignee matches an agent of Adler & Associates/);
    assertBadRequest(await reassign(data.id, []), /non-empty JSON list of assignees/);
    assertBadRequest(await reassign(data.id, { email: 'ava.miller@adler.example' }), /non-empty JSON list of assignees/);
    assertBadRequest(await reassign(data.id, ['ava']), /^body\[0\] must be an object/);
    assert.deepEqual((await viewLead(base, data.id)).assignees.map((a) => a.id), ['johnson']);
  });

  test('404 for an unknown lead', async () => {
    const res = await reassign('0e17f1d9-b9cb-4732-9185-fd80f990f693', [{ email: 'ava.miller@adler.example' }]);
    assert.equal(res.status, 404);
  });
});

describe('CORS, no-op endpoint, static files', () => {
  test('a preflight from any origin allows POST/PUT with Content-Type and is cached', async () => {
    const res = await fetch(webhook(), {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://www.some-broker.example',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.match(res.headers.get('access-control-allow-methods'), /PUT/);
    assert.match(res.headers.get('access-control-allow-headers').toLowerCase(), /content-type/);
    assert.ok(Number(res.headers.get('access-control-max-age')) >= 60);
    assert.equal(await res.text(), '');
  });

  test('API replies (errors too) carry Access-Control-Allow-Origin and expose Retry-After', async () => {
    const ok = await postLead(base, CHANNELS.newsletter, { email: 'cors@example.com' }, { headers: { Origin: 'http://localhost:3000' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), '*');
    assert.match(ok.headers.get('access-control-expose-headers'), /Retry-After/);
    const bad = await postLead(base, CHANNELS.general, { email: 1 }, { headers: { Origin: 'http://localhost:3000' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('access-control-allow-origin'), '*');
  });

  test('the inbox API is not opened to other origins', async () => {
    const res = await request(`${base}/inbox/api/leads`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('POST /__noop parses the body and replies {}', async () => {
    const res = await request(`${base}/__noop`, { method: 'POST', json: { email: 'noop@example.com' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    assertBadRequest(await request(`${base}/__noop`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } }), /Malformed JSON/);
  });

  test('unknown routes get a JSON 404', async () => {
    const res = await request(`${base}/leads/nothing/here`, { method: 'POST', json: {} });
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { code: 'NotFound', message: 'No route for POST /leads/nothing/here' });
  });

  test('the demo site is served at / and the build at /dist/', async () => {
    const home = await fetch(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type'), /text\/html/);
    assert.match(await home.text(), /href="\/inbox"/);
    const bundle = await fetch(`${base}/dist/demo/inbox.js`);
    assert.equal(bundle.status, 200, 'dist/demo/inbox.js: run `npx rollup -c demo/rollup.demo.mjs` (part of npm run build)');
    assert.match(bundle.headers.get('content-type'), /javascript/);
    assert.match(await bundle.text(), /rechat-inbox/);
  });
});
