// The pages of the page-impact benchmark (bench/page-impact.mjs), made from one template
// so that a page with the SDK and the same page without it differ only in the SDK's tags.
//
// scenario  what the page holds besides its text: `bare` (nothing), `form` (one
//           <rechat-lead-form>), `cards` (20 <rechat-track-listing trigger="visible">
//           cards), `form-cards` (both)
// placement where the SDK script goes: `body-end` (last in <body>), `head-defer`
//           (`defer` in <head>), `head-blocking` (a plain script in <head>)
// sdk       false: the same page with no script (the elements stay undefined)

export const SCENARIOS = ['bare', 'form', 'cards', 'form-cards'];
export const PLACEMENTS = ['body-end', 'head-defer', 'head-blocking'];
export const CARDS = 20;

const FORM = `<section aria-labelledby="ask">
  <h2 id="ask">Ask about a home</h2>
  <rechat-lead-form channel="2c55e69d-adbe-42d9-97a5-bedb43783b80" required="email" lead-source="Website"></rechat-lead-form>
</section>`;

function card(i) {
  return `<rechat-track-listing listing-id="L-${1000 + i}" mls-number="18413951${String(i).padStart(2, '0')}" price="${450000 + i * 25000}" trigger="visible">
  <article class="card"><img src="/demo/site/img/house-blue.svg" alt="" width="320" height="200">
  <h3><a href="/listing/${i}">${100 + i} Elm Street, Dallas</a></h3><p>$${(450000 + i * 25000).toLocaleString('en-US')} · 3 bd · 2 ba</p></article>
</rechat-track-listing>`;
}

const CARD_GRID = `<section aria-labelledby="featured">
  <h2 id="featured">Featured listings</h2>
  <div class="grid">${Array.from({ length: CARDS }, (_, i) => card(i)).join('\n')}</div>
</section>`;

/**
 * The page's HTML: a heading and text, the cards (the first row on screen, so that their
 * views are tracked at load), more text, the form, a footer. `sdkCss`: the SDK's stylesheet path when the build ships one. */
export function pageHtml({ scenario, placement, sdk, sdkCss }) {
  const script = (attrs = '') => (sdk ? `<script src="/dist/rechat.min.js"${attrs} data-api-url="/"></script>` : '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>page impact: ${scenario}, ${placement}${sdk ? '' : ', no SDK'}</title>
<link rel="stylesheet" href="/bench/pages/page-impact/page.css">
${sdk && sdkCss ? `<link rel="stylesheet" href="${sdkCss}">` : ''}
${placement === 'head-defer' ? script(' defer') : placement === 'head-blocking' ? script() : ''}
</head>
<body>
<header><strong>Adler &amp; Associates</strong></header>
<main>
<h1>Find your place in Dallas</h1>
<p>Ten agents, two offices, one goal: the right home for you. Tell us what you are looking for
and an agent who knows the neighbourhood will get back to you the same day.</p>
${scenario === 'cards' || scenario === 'form-cards' ? CARD_GRID : ''}
<p>Dallas homes sold in a median of 38 days last quarter. Our agents track every listing in
Uptown, the M Streets, Kessler Park and Preston Hollow, and know them street by street.</p>
${scenario === 'form' || scenario === 'form-cards' ? FORM : ''}
<p>Adler &amp; Associates is a member of the North Texas Real Estate Information System.</p>
</main>
<footer><p>© Adler &amp; Associates · 4512 Beverly Drive, Dallas, TX 75205</p></footer>
${placement === 'body-end' ? script() : ''}
</body>
</html>
`;
}
