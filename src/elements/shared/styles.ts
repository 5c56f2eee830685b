// The elements' default look, in one place for both ways it reaches a page:
// - the script-tag bundle adopts it into each element's own root (the document, or the
//   shadow root a theme's component put it in: document styles do not reach in there);
//   a constructed sheet is not an inline style, so `style-src 'self'` allows it;
// - the build writes it to `dist/rechat.min.css`, which the Rechat WordPress plugin
//   enqueues next to the script, so a page is styled before (or without) JavaScript.
// Every selector is inside `:where()`: any rule of the page's theme wins. Only the form
// the element renders is styled (a CMS form it enhances keeps its theme's look), and
// its `unstyled` attribute switches that off. The honeypot is not here: it is hidden by
// the element itself, where no theme rule can reach (see lead-form.ts).

// Rules for elements that are not defined yet (space reserved while the script loads)
// go in their own section here, so that they ship in the CSS file as well.
const LAYOUT = `:where(rechat-sdk){display:contents}
:where(rechat-track-listing,rechat-track-search){display:block}`;

const F = ':where(rechat-lead-form:not([unstyled]) .rechat-form) :where(';
const FORM = `${F}.rechat-field){display:grid;gap:.25em;margin-bottom:var(--rechat-gap,1em)}
${F}.rechat-hint){margin:0 0 var(--rechat-gap,1em)}
${F}.rechat-error){margin:0;color:var(--rechat-error-color,#b3261e)}`;

/** The default styles, as shipped in `dist/rechat.min.css`. */
export const DEFAULT_CSS = `${LAYOUT}\n${FORM}\n`;

let sheet: CSSStyleSheet | undefined;
const styled = new WeakSet<Document | ShadowRoot>();

/**
 * Adds the default styles to `root` — the document or a shadow root — once per root.
 * A root of another document (an element moved into an iframe) is left to that page.
 */
export function adoptDefaultStyles(root: Node): void {
  if (!(root instanceof Document || root instanceof ShadowRoot) || styled.has(root)) return;
  styled.add(root);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(DEFAULT_CSS);
  }
  try {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    // A sheet can only be adopted in the document that made it.
  }
}
