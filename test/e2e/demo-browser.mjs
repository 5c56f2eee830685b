// What every end-to-end file of the demo site shares: the real sandbox (dist/sandbox) with
// its own database, Debian's Chromium (playwright-core), and for each test a fresh browser
// context whose console errors and page errors are collected in `problems`. Importing this
// module registers the hooks; its bindings are live (read them, never assign them).
import { after, before, beforeEach } from 'node:test';
import { chromium } from 'playwright-core';
import { ensureBrowser } from '../../scripts/browsers.mjs';
import { startSandbox } from '../sandbox/helpers.mjs';

const executablePath = ensureBrowser('chromium');
let browser;
/** The running sandbox. */
export let server;
/** This test's browser context and its first page. */
export let context;
export let page;
/** Console errors and uncaught page errors of this test's pages. */
export let problems;

before(async () => {
  server = await startSandbox();
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext();
  page = await context.newPage();
  problems = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('pageerror', (error) => problems.push(error.message));
});
