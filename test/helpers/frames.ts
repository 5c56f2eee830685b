import type { Sdk } from '../../src/index.js';

/** A same-origin page in an iframe that loads the built script-tag bundle: a second "tab" or a reloaded page. */
export interface BundlePage {
  frame: HTMLIFrameElement;
  win: Window & { Rechat: { Sdk: typeof Sdk }; pageErrors: string[]; warnings: string[] };
  sdk: Sdk;
}

function bundleFrame(apiUrl: string, extra = ''): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><script src="/test/cdn/collect-errors.js"></script>
<script src="/dist/rechat.min.js" data-api-url="${apiUrl}"></script>${extra}`;
  return frame;
}

export async function openBundlePage(apiUrl: string): Promise<BundlePage> {
  const frame = bundleFrame(apiUrl);
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as BundlePage['win'];
  return { frame, win, sdk: new win.Rechat.Sdk() };
}

/**
 * Runs `script` (the body of an async function with `sdk` in scope) in a sandboxed frame
 * of opaque origin, where the parent cannot reach in: it answers by postMessage.
 */
export async function runSandboxed<T>(apiUrl: string, script: string, sandbox = 'allow-scripts'): Promise<{ result: T; frame: HTMLIFrameElement }> {
  const frame = bundleFrame(
    apiUrl,
    `<script>(async () => { const sdk = new Rechat.Sdk(); ${script} })()
      .then((result) => parent.postMessage({ result, errors: pageErrors, warnings }, '*'),
            (error) => parent.postMessage({ error: String(error), errors: pageErrors, warnings }, '*'))</script>`,
  );
  frame.setAttribute('sandbox', sandbox);
  const answer = new Promise<MessageEvent>((resolve) => {
    const listen = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      removeEventListener('message', listen);
      resolve(event);
    };
    addEventListener('message', listen);
  });
  document.body.append(frame);
  const { data } = await answer;
  if (data.error) throw new Error(`The sandboxed page failed: ${data.error}`);
  return { result: { ...data.result, pageErrors: data.errors, warnings: data.warnings }, frame };
}

/** Polls until `check` returns something truthy, and resolves with it. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
