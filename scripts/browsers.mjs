// Finds the browsers the tests drive. Nothing can download a browser build here, so
// the tests use the system's own: Debian's `chromium` and `firefox-esr` packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = {
  chromium: {
    env: 'CHROME_PATH',
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
    debian: 'chromium',
  },
  firefox: {
    env: 'FIREFOX_PATH',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    debian: 'firefox-esr',
  },
};

/** The path of an installed browser, or undefined. */
export function findBrowser(kind) {
  const c = candidates[kind];
  const fromEnv = process.env[c.env];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return c.paths.find((p) => existsSync(p));
}

/**
 * Finds the browser, or installs Debian's package when this is a Debian machine on
 * which we are root; otherwise exits with the exact command to run.
 */
export function ensureBrowser(kind) {
  const found = findBrowser(kind);
  if (found) return found;
  const c = candidates[kind];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`[rechat-sdk] ${kind} not found: installing Debian's '${c.debian}' package (about 30 s)…`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', c.debian], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findBrowser(kind);
    if (installed) return installed;
  }
  console.error(
    `[rechat-sdk] The tests need ${kind}, and none was found.\n` +
      `  Install it:  sudo apt-get update && sudo apt-get install -y ${c.debian}\n` +
      `  or point ${c.env} at an installed ${kind} binary, then run the command again.`,
  );
  process.exit(1);
}
