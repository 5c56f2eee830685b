// 1,000 <rechat-track-listing trigger="visible"> created and connected, against 1,000 plain
// custom elements that a page would write by hand, observed by one shared
// IntersectionObserver: what the Rechat element (ReactiveElement, its properties, its
// controllers, the shared observer) costs over the least any such element can do.
// Interleaved rounds (the order alternates), after warm-up rounds; the median of each.
import { median, report } from './bench-kit.js';

const COUNT = 1000;
const ROUNDS = 15;
const WARM_UP = 3;

// Every observer the page makes, to check that the 1,000 elements share one.
const NativeObserver = window.IntersectionObserver;
let observers = 0;
window.IntersectionObserver = class extends NativeObserver {
  constructor(...args) {
    super(...args);
    observers++;
  }
};

// The baseline element: observed when connected, unobserved once half on screen.
const shared = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) if (entry.intersectionRatio >= 0.5) shared.unobserve(entry.target);
  },
  { threshold: 0.5 },
);
class PlainCard extends HTMLElement {
  connectedCallback() {
    shared.observe(this);
  }
  disconnectedCallback() {
    shared.unobserve(this);
  }
}
customElements.define('plain-card', PlainCard);

// Cards of a listing grid: a few on screen, most below the fold.
const sheet = new CSSStyleSheet();
sheet.replaceSync('plain-card, rechat-track-listing { display: block; height: 40px }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** Creates and connects COUNT elements; resolves once their first updates are done. */
async function mount(tag, round) {
  const grid = document.createElement('div');
  const start = performance.now();
  const cards = [];
  for (let i = 0; i < COUNT; i++) {
    const card = document.createElement(tag);
    card.setAttribute('trigger', 'visible');
    card.setAttribute('listing-id', `${tag}-${round}-${i}`);
    grid.append(card);
    cards.push(card);
  }
  document.body.append(grid);
  // ReactiveElement finishes its first update in a microtask; the plain cards have none to wait for.
  await Promise.all(cards.map((card) => card.updateComplete));
  const ms = performance.now() - start;
  const upgraded = cards.every((card) => card instanceof customElements.get(tag));
  // Let the observers report and the visible cards do what they do, then clear the page.
  await nextFrame();
  await new Promise((r) => setTimeout(r, 50));
  grid.remove();
  await nextFrame();
  return { ms, upgraded };
}

const baseline = [];
const measured = [];
let allUpgraded = true;
// Warm-up rounds, so that both are measured compiled rather than interpreted.
for (let round = -WARM_UP; round < 0; round++) {
  await mount('plain-card', round);
  await mount('rechat-track-listing', round);
}
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? ['rechat-track-listing', 'plain-card'] : ['plain-card', 'rechat-track-listing'];
  for (const tag of order) {
    const { ms, upgraded } = await mount(tag, round);
    allUpgraded &&= upgraded;
    (tag === 'plain-card' ? baseline : measured).push(ms);
  }
}

report({
  name: 'elements-upgrade',
  what: `create + connect ${COUNT} <rechat-track-listing trigger="visible"> vs ${COUNT} plain custom elements with one shared IntersectionObserver (median of ${ROUNDS}, interleaved)`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 2,
  // One observer for the plain cards, one for all the Rechat elements.
  observers,
  valid: allUpgraded && observers === 2,
  rounds: { baseline, measured },
});
