import { executeServerCommand } from '@web/test-runner-commands';

/** What test/helpers/page-kit.js and page-listen.js keep on a real page. */
export interface PageKit {
  errors: string[];
  warnings: string[];
  consoleErrors: string[];
  violations: string[];
  /** The events the page's own script heard: type, the id of the element that fired it, detail, its status text then. */
  events: Array<{ type: string; id: string; detail: any; status?: string }>;
  /** The most forms each `<rechat-lead-form id>` of the document held at once. */
  mostForms: Record<string, number>;
}

/** A real page in a same-origin iframe. */
export interface RealPage {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis & { kit: PageKit; Rechat: Record<string, any> };
  doc: Document;
}

/** The first script of every real page: keeps errors, warnings and violations. */
export const KIT = '<script src="/test/helpers/page-kit.js"></script>';
/** The page's own script, after the bundle: listens for the elements' events. */
export const LISTEN = '<script src="/test/helpers/page-listen.js"></script>';

/** A script tag of the built bundle. */
export const bundle = (apiUrl?: string, extra = '') =>
  `<script src="/dist/rechat.min.js"${apiUrl ? ` data-api-url="${apiUrl}"` : ''}${extra}></script>`;

/**
 * Opens a page that the test server streams chunk by chunk, `delayMs` apart, in an
 * iframe, and resolves once it has loaded (every chunk parsed, every script run).
 */
export async function openRealPage(chunks: string[], { delayMs = 0, csp, width = 800 }: { delayMs?: number; csp?: string; width?: number } = {}): Promise<RealPage> {
  const url = await executeServerCommand<string, { chunks: string[]; delayMs: number; csp?: string }>('real-page', { chunks, delayMs, csp });
  const frame = document.createElement('iframe');
  frame.style.width = `${width}px`;
  frame.style.height = '600px';
  frame.src = url;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow as RealPage['win'], doc: frame.contentDocument! };
}
