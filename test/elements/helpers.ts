import { Sdk } from '../../src/index.js';

/** Records every `rechat-*` event that reaches `target`, to check which were fired and which were not. */
export function recordEvents(target: EventTarget, types: string[]): Array<{ type: string; detail: any }> {
  const seen: Array<{ type: string; detail: any }> = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}

/** Points tracking at a lead (any id: the fake API takes timeline posts for any lead). */
export function identifyVisitor(apiUrl: string, leadId: string = crypto.randomUUID()): string {
  new Sdk({ apiUrl }).Leads.Tracker.identify(leadId);
  return leadId;
}

/** Gives the page's pending callbacks (fetches started, events fired) a moment. */
export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/** The fields of `el` by name. */
export function field<T extends HTMLElement = HTMLInputElement>(el: Element, name: string): T {
  const found = el.querySelector<T>(`[name="${name}"]`);
  if (!found) throw new Error(`No field named ${name}`);
  return found;
}

/**
 * Whether `node` has focus. Compare DOM nodes as booleans: in this runner a failing
 * `expect(node).to.equal(other)` serialises the nodes and takes the browser down.
 */
export const hasFocus = (node: Element | null | undefined): boolean => !!node && document.activeElement === node;

/**
 * Whether a person could see `el`: rendered, not transparent or hidden, at least 2×2
 * pixels, and inside the page's scrollable area. Works for elements in
 * frames and shadow roots (it uses the element's own window).
 */
export function seenByPeople(el: Element): boolean {
  const options = { opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true };
  if (!el.checkVisibility(options)) return false;
  const win = el.ownerDocument.defaultView!;
  const box = el.getBoundingClientRect();
  const page = el.ownerDocument.documentElement;
  const onPage = box.right + win.scrollX > 0 && box.bottom + win.scrollY > 0 && box.left < page.scrollWidth;
  return box.width >= 2 && box.height >= 2 && onPage;
}

/** Whether keyboard users reach `el`: `focus()` lands on it. Leaves the focus where it was. */
export function focusable(el: HTMLElement): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  const before = root.activeElement as HTMLElement | null;
  el.focus();
  const reached = root.activeElement === el;
  before?.focus?.();
  return reached && el.tabIndex >= 0;
}

/** Whether assistive technology is told about `el`: not inside `aria-hidden` or `inert`. */
export function announced(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
    if (node.getAttribute('aria-hidden') === 'true' || (node as HTMLElement).inert) return false;
  }
  return true;
}
