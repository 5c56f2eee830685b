/**
 * `node dist/sandbox/main.js` (what `npm start` runs): the Rechat API sandbox on
 * HOST:PORT (default 127.0.0.1:8080) with its data in DATA_DIR (default ./data) and its
 * routing config in RECHAT_CONFIG (default demo/brokerage.json).
 *
 * INBOX_TOKEN protects the inbox; off loopback (HOST=0.0.0.0, a LAN address) one is
 * required, so without it a random one is generated and printed. ALLOWED_HOSTS
 * (comma-separated) adds host names to accept in `Host`, e.g. a DNS name or a proxy's.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config/validate-config.js';
import { isLoopback } from './http/access.js';
import { createSandbox, REPO_ROOT, type Sandbox } from './sandbox.js';

export { createSandbox, REPO_ROOT } from './sandbox.js';
export type { Sandbox, SandboxOptions } from './sandbox.js';

/** Starts the sandbox from environment variables and stops it on SIGINT/SIGTERM. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<Sandbox> {
  const port = env['PORT'] === undefined ? 8080 : Number(env['PORT']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env['PORT']}'`);
  const host = env['HOST'] || '127.0.0.1';
  const exposed = !isLoopback(host);
  const generated = exposed && !env['INBOX_TOKEN'];
  const inboxToken = env['INBOX_TOKEN'] || (generated ? randomBytes(24).toString('base64url') : undefined);
  const allowedHosts = (env['ALLOWED_HOSTS'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);

  const sandbox = await createSandbox({
    inboxToken,
    allowedHosts,
    ...(env['DATA_DIR'] ? { dataDir: resolve(env['DATA_DIR']) } : {}),
    ...(env['RECHAT_CONFIG'] ? { configPath: resolve(env['RECHAT_CONFIG']) } : {}),
    logger: { level: env['LOG_LEVEL'] || 'warn' },
  });
  const url = await sandbox.listen({ port, host });
  const missing = ['dist/rechat.min.js', 'dist/demo/inbox.js'].filter((file) => !existsSync(join(REPO_ROOT, file)));

  const channels = sandbox.config.lead_channels.map((c) => `    ${c.id}  ${c.name}`).join('\n');
  // The token is printed only when generated here: one set in INBOX_TOKEN is already known.
  const inbox = inboxToken ? `${url}/inbox?token=${generated ? inboxToken : '<INBOX_TOKEN>'}` : `${url}/inbox`;
  console.log(`Rechat API sandbox (${sandbox.config.brokerage.name}) listening on ${url}
  Demo site   ${url}/
  Inbox       ${inbox}
  SDK bundle  ${url}/dist/rechat.min.js
  Webhook     ${url}/leads/channels/<lead_channel>/webhook
  Database    ${sandbox.databaseFile}
  Lead channels:
${channels}
    …and a default channel of every account (brokerage, offices, agents): see ${url}/inbox/api/config
  Host names  ${sandbox.access.hostNames.join(', ')} (requests naming another host get 421)
Press Ctrl-C to stop.`);
  if (exposed) {
    console.warn(`Warning: listening on ${host}, not loopback. Anyone who can reach this machine can post leads to the API;
the inbox (names, emails, phones of every lead) needs the token${generated ? ' generated above' : ' in INBOX_TOKEN'}.`);
  }
  if (missing.length) console.warn(`Not built yet: ${missing.join(', ')}. Run npm run build (npm start does) for the SDK and the inbox.`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.log('Forced exit.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    sandbox.close().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Error while stopping:', error);
        process.exit(1);
      },
    );
  };
  // The same listener handles a second Ctrl-C while closing: it forces the exit.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return sandbox;
}

// Run only when executed directly, so that tests can import createSandbox from here.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      console.error('That port is taken: set PORT to another one, e.g. PORT=8081 npm start');
    }
    process.exit(1);
  });
}
