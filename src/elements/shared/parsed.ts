let parsed: Promise<void> | undefined;

/**
 * Resolves once the document is parsed (`DOMContentLoaded`), at once when it already is.
 * What an element does at load — the first tracking call, a misconfiguration report —
 * waits for it, so that a listener added by any script of the page, even one placed after
 * the bundle, hears the events. One promise and one listener for the page.
 */
export function documentParsed(): Promise<void> {
  return (parsed ??=
    document.readyState === 'loading'
      ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }))
      : Promise.resolve());
}

/**
 * Whether the parser is past `el`'s end tag, so that no more children will be parsed
 * into it: the document is parsed, or a node follows it (or one of its ancestors).
 * An element that a script made is judged the same way: it has no end tag to wait for
 * once the document is parsed, and children appended later are seen as mutations.
 */
export function parsedPast(el: Node): boolean {
  if (document.readyState !== 'loading') return true;
  for (let node: Node | null = el; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}
