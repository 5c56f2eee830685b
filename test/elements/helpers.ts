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
