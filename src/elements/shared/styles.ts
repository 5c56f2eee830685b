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

// The elements' layout.
const LAYOUT = `:where(rechat-sdk){display:contents}
:where(rechat-track-listing,rechat-track-search,rechat-lead-form){display:block}`;

// The space a lead form takes before it renders, which keeps the page from shifting while
// the script loads. Only the CSS file has it: when the script adopts its styles, the form
// renders at once. A lead form that will render its own form (not `unstyled`, no `<form>`
// of the page's inside) is as tall as that form from the start. CSS cannot count a comma
// list, so each field sets a custom property, and the height is their sum, with the heights
// the default look below pins (in `em` and `lh`, so the page's font and line height are
// followed). It stays once the form renders: a form that comes out smaller (a theme's
// smaller fields) leaves space, never moves what follows. A theme that makes the fields
// taller sets `--rechat-field-height` (one text field), `--rechat-note-height` (the message)
// and `--rechat-end-height` (the button and the status lines). A form of the page's inside
// it gets the status lines' space below it until the element adds them there.
const W = ':where(rechat-lead-form:not([unstyled]):not(:has(form:not(.rechat-form)))';
const RESERVE = `${W}){--rf-first:0;--rf-last:0;--rf-email:0;--rf-phone:0;--rf-note:0;--rf-hint:0;min-height:calc((var(--rf-first) + var(--rf-last) + var(--rf-email) + var(--rf-phone)) * var(--rechat-field-height,calc(1lh + 3em + var(--rechat-gap,1em))) + var(--rf-note) * var(--rechat-note-height,calc(1lh + 5.5em + var(--rechat-gap,1em))) + var(--rf-hint) * calc(2lh + var(--rechat-gap,1em)) + var(--rechat-end-height,calc(2lh + 3.5em)))}
${W}:is([fields*=first_name],:not([fields]))){--rf-first:1}
${W}:is([fields*=last_name],:not([fields]))){--rf-last:1}
${W}:is([fields*=email],:not([fields]))){--rf-email:1}
${W}:is([fields*=phone_number],:not([fields]))){--rf-phone:1}
${W}:is([fields*=note],:not([fields]))){--rf-note:1}
${W}:is([fields*=email][fields*=phone_number],:not([fields])):not([required*=email],[required*=phone_number])){--rf-hint:1}
:where(rechat-lead-form:not([unstyled]):not(:defined):has(form)){padding-bottom:calc(2lh + 1em)}`;

// The default look pins what the reservation counts: a text field is a label line, an
// input of 2.5em and the gaps; the message box is 5em; the button at least
// 2.5em; the status below the form keeps two lines even when empty, so that a message
// arriving after a submit moves nothing (the longest is two lines in a phone-wide column).
const F = ':where(rechat-lead-form:not([unstyled]) .rechat-form) :where(';
const FORM = `${F}.rechat-field){display:grid;gap:.25em;margin-bottom:var(--rechat-gap,1em)}
${F}input,textarea,button){font:inherit;box-sizing:border-box}
${F}input){height:2.5em}
${F}textarea){height:5em}
${F}button){min-height:2.5em}
${F}.rechat-hint){margin:0 0 var(--rechat-gap,1em)}
${F}.rechat-error){margin:0;color:var(--rechat-error-color,#b3261e)}
:where(rechat-lead-form:not([unstyled]) .rechat-status){margin:1em 0 0;min-height:2lh}`;

// What the script adopts.
const LOOK = `${LAYOUT}\n${FORM}\n`;

/** The default styles, as shipped in `dist/rechat.min.css`: the look and the reserved space. */
export const DEFAULT_CSS = `${LOOK}${RESERVE}\n`;

let sheet: CSSStyleSheet | undefined;
const styled = new WeakSet<Document | ShadowRoot>();

const linksShippedSheet = (document: Document): boolean =>
  Array.prototype.some.call(document.getElementsByTagName('link'), (link: HTMLLinkElement) => link.rel.trim().toLowerCase() === 'stylesheet' && !!link.getAttribute('href')?.includes('rechat.min.css'));

/**
 * Adds the default styles to `root` — the document or a shadow root — once per root.
 * A root of another document (an element moved into an iframe) is left to that page.
 */
export function adoptDefaultStyles(root: Node): void {
  if (!(root instanceof Document || root instanceof ShadowRoot) || styled.has(root)) return;
  styled.add(root);
  // The page links the shipped file: adopting the same rules again would restyle the page.
  // (A walk over the links: a substring selector costs the first element a query of the whole page.)
  if (root instanceof Document && linksShippedSheet(root)) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(LOOK);
  }
  try {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    // A sheet can only be adopted in the document that made it.
  }
}
