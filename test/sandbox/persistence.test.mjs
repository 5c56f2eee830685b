// Storage: nothing lost across a restart, contacts de-duplicated, schema migrations, and
// a clear failure at start for a bad config or a database from a newer sandbox.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createSandbox } from '../../dist/sandbox/main.js';
import { MIGRATIONS } from '../../dist/sandbox/db/migrations.js';
import { CHANNELS, postLead, request, startSandbox, tempDir, viewLead } from './helpers.mjs';

const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir() {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

describe('restart', () => {
  test('leads, contacts, timeline, claims and round-robin positions survive a restart', async () => {
    const dir = dataDir();
    const first = await startSandbox({ dataDir: dir });
    const rr = [];
    for (let i = 0; i < 3; i++) rr.push((await postLead(first.url, CHANNELS.uptown, { email: `p${i}@example.com` })).body.data);
    const claimable = (await postLead(first.url, CHANNELS.buyerClaim, { email: 'claim@example.com' })).body.data;
    await request(`${first.url}/leads/${rr[0].id}/timeline`, { method: 'POST', json: { action: 'ContactSignedUp', notes: 'before restart' } });
    await request(`${first.url}/inbox/api/leads/${claimable.id}/claim`, { method: 'POST', json: { agent_id: 'wilson' } });
    const beforeList = (await request(`${first.url}/inbox/api/leads`)).body;
    await first.stop();

    const second = await startSandbox({ dataDir: dir });
    try {
      const afterList = (await request(`${second.url}/inbox/api/leads`)).body;
      assert.equal(afterList.total, 4);
      assert.deepEqual(afterList.leads, beforeList.leads, 'the same leads, in the same order, with the same details');

      const lead = await viewLead(second.url, rr[0].id);
      assert.equal(lead.contact.id, rr[0].contact);
      assert.deepEqual(lead.timeline.map((a) => [a.action, a.notes]), [['ContactSignedUp', 'before restart']]);
      assert.deepEqual((await viewLead(second.url, claimable.id)).assignees.map((a) => a.id), ['wilson']);

      // Round robin continues where it stopped instead of starting over at Miller.
      assert.deepEqual(rr.map((d) => d.assignees[0].id), ['miller', 'wilson', 'moore']);
      const next = (await postLead(second.url, CHANNELS.uptown, { email: 'p3@example.com' })).body.data;
      assert.equal(next.routing.position, 3);
      assert.equal(next.assignees[0].id, 'taylor');

      // A returning visitor links the contact created before the restart.
      const again = (await postLead(second.url, CHANNELS.newsletter, { email: 'P1@EXAMPLE.COM' })).body.data;
      assert.equal(again.contact, rr[1].contact);
    } finally {
      await second.stop();
    }
  });
});

describe('contact de-duplication', () => {
  test('by email (case-insensitive) or phone (digits only); different people stay apart', async () => {
    const server = await startSandbox();
    try {
      const post = async (lead) => (await postLead(server.url, CHANNELS.newsletter, lead)).body.data;
      const a = await post({ first_name: 'Ann', email: 'Ann.Lee@Example.com' });
      const b = await post({ email: 'ann.lee@example.com', phone_number: '(214) 555-7777' });
      const c = await post({ phone_number: '+1 214.555.7777' });
      const d = await post({ email: 'someone.else@example.com', phone_number: '214-555-8888' });
      const e = await post({ first_name: 'Ann' }); // a name alone identifies nobody
      assert.equal(b.contact, a.contact);
      assert.equal(c.contact, a.contact);
      assert.notEqual(d.contact, a.contact);
      assert.notEqual(e.contact, a.contact);
      assert.equal(new Set([a.id, b.id, c.id]).size, 3, 'each submission is still its own lead');

      // The contact was completed by the later lead, never overwritten.
      const { contact } = await viewLead(server.url, c.id);
      assert.deepEqual(
        { first_name: contact.first_name, email: contact.email, phone_number: contact.phone_number },
        { first_name: 'Ann', email: 'Ann.Lee@Example.com', phone_number: '(214) 555-7777' },
      );
    } finally {
      await server.stop();
    }
  });
});

describe('database', () => {
  test('is one WAL-mode SQLite file in the data directory, at the latest schema version', async () => {
    const dir = dataDir();
    const server = await startSandbox({ dataDir: dir });
    await server.stop();
    const db = new Database(join(dir, 'sandbox.sqlite'), { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const versions = MIGRATIONS.map((m) => ({ version: m.version }));
      assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(), versions);
      assert.equal(db.pragma('user_version', { simple: true }), versions.at(-1).version);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
      for (const t of ['contacts', 'idempotency_keys', 'lead_assignees', 'lead_history', 'leads', 'round_robin_state', 'timeline_activities']) {
        assert.ok(tables.includes(t), `table ${t}`);
      }
    } finally {
      db.close();
    }
  });

  test('a database written by a newer sandbox is refused at start', async () => {
    const dir = dataDir();
    await (await startSandbox({ dataDir: dir })).stop();
    const db = new Database(join(dir, 'sandbox.sqlite'));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'now')").run();
    db.close();
    await assert.rejects(createSandbox({ dataDir: dir }), new RegExp(`schema version 99, newer than this sandbox knows \\(${MIGRATIONS.at(-1).version}\\)`));
  });

  test('an invalid routing config fails the start with every problem listed', async () => {
    const dir = dataDir();
    const configPath = join(dir, 'bad.json');
    writeFileSync(configPath, JSON.stringify({ brokerage: { id: 'b', name: 'B', offices: [] }, lead_channels: [] }));
    await assert.rejects(createSandbox({ dataDir: dir, configPath }), (error) => {
      assert.equal(error.name, 'ConfigError');
      assert.match(error.message, /brokerage\.offices: must be a non-empty list of offices/);
      assert.match(error.message, /lead_channels: must be a non-empty list/);
      assert.ok(error.message.includes(configPath), 'names the file');
      return true;
    });
    writeFileSync(configPath, '{ not json');
    await assert.rejects(createSandbox({ dataDir: dir, configPath }), /not valid JSON/);
  });
});

describe('the sandbox process (dist/sandbox/main.js)', () => {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    test(`prints its URLs, serves, and stops cleanly on ${signal} with the lead stored`, async () => {
      const dir = dataDir();
      const child = spawn(process.execPath, [new URL('../../dist/sandbox/main.js', import.meta.url).pathname], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      try {
        const url = await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 5000);
          child.stdout.on('data', () => {
            const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
            if (match) {
              clearTimeout(timer);
              resolve(match[1]);
            }
          });
        });
        assert.match(output, new RegExp(`Inbox +${url}/inbox`));
        assert.match(output, new RegExp(`${CHANNELS.general} +General contact`));
        const { data } = (await postLead(url, CHANNELS.general, { email: 'process@example.com' })).body;

        child.kill(signal);
        const [code] = await once(child, 'exit');
        assert.equal(code, 0, output);
        assert.match(output, /Stopped\./);

        const db = new Database(join(dir, 'sandbox.sqlite'), { readonly: true });
        try {
          assert.deepEqual(db.prepare('SELECT id FROM leads').all(), [{ id: data.id }]);
        } finally {
          db.close();
        }
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
