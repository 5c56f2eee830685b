// The elements render into the light DOM, so their default look is one document-level
// sheet: adopted once (a constructed sheet is not an inline style, so `style-src 'self'`
// allows it), every selector inside `:where()` so that any rule of the page's theme wins.
// Only the form the element renders is styled (a CMS form it enhances keeps its theme's
// look), and its `unstyled` attribute switches that off. The honeypot is hidden
// by a rule that `unstyled` does not switch off: a visitor must never see it.
const F = ':where(rechat-lead-form:not([unstyled]) .rechat-form) :where(';
const CSS = `:where(rechat-sdk){display:contents}
:where(rechat-track-listing,rechat-track-search){display:block}
.rechat-hp{position:absolute;left:-1e4px}
${F}.rechat-field){display:grid;gap:.25em;margin-bottom:var(--rechat-gap,1em)}
${F}.rechat-error){margin:0;color:var(--rechat-error-color,#b3261e)}`;

let adopted = false;

/** Adds the elements' default styles to the document, once. */
export function adoptDefaultStyles(): void {
  if (adopted) return;
  adopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
