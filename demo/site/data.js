// The demo brokerage's listings. Agents come from the sandbox's routing config
// (GET /site-data/agents.json), so the site and the routing never disagree.

/** Lead channels of demo/brokerage.json that the site's forms send to. */
export const CHANNELS = {
  listing: 'c16e0f89-0762-423d-a365-6ec823a4f66d',
  general: '39d049be-12bd-4ab8-bc87-f5668a570620',
  newsletter: '8b03ffa9-7e0e-416f-8ac2-fb07b1104291',
  agent: 'c66704ff-ca94-4d8e-9df7-d3b36eebfaad',
  buyer: '63eb1d97-a5e5-4c90-8466-b3204f3f42a3',
};

export const LISTINGS = [
  { id: 'L-1001', mls_number: '1841395151', mls: 'NTREIS', price: 1250000, address: '4512 Beverly Drive, Dallas, TX 75205', postal_code: '75205', bedrooms: 4, bathrooms: 3.5, type: 'Residential', pool: true, agent: 'moore', image: 'house-blue.svg', summary: 'A restored 1930s Tudor on a tree-lined street, with a pool and a two-car garage.' },
  { id: 'L-1002', mls_number: '1841395152', mls: 'NTREIS', price: 489000, address: '2301 N Akard Street #1404, Dallas, TX 75201', postal_code: '75201', bedrooms: 2, bathrooms: 2, type: 'Condo', pool: false, agent: 'miller', image: 'house-green.svg', summary: 'Fourteenth-floor condo in the Arts District with floor-to-ceiling windows.' },
  { id: 'L-1003', mls_number: '1841395153', mls: 'NTREIS', price: 735000, address: '5618 Vickery Boulevard, Dallas, TX 75206', postal_code: '75206', bedrooms: 3, bathrooms: 2, type: 'Residential', pool: false, agent: 'smith', image: 'house-red.svg', summary: 'Craftsman bungalow in the M Streets with a deep back yard.' },
  { id: 'L-1004', mls_number: '1841395154', mls: 'NTREIS', price: 2450000, address: '10 Strait Lane, Dallas, TX 75229', postal_code: '75229', bedrooms: 6, bathrooms: 7, type: 'Residential', pool: true, agent: 'taylor', image: 'house-blue.svg', summary: 'Gated estate on an acre and a half, with a guest house and a tennis court.' },
  { id: 'L-1005', mls_number: '1841395155', mls: 'NTREIS', price: 359000, address: '3410 Cole Avenue #203, Dallas, TX 75204', postal_code: '75204', bedrooms: 1, bathrooms: 1, type: 'Condo', pool: true, agent: 'wilson', image: 'house-green.svg', summary: 'Uptown one-bedroom a block from the Katy Trail, with a pool on the roof.' },
  { id: 'L-1006', mls_number: '1841395156', mls: 'NTREIS', price: 615000, address: '1207 Kessler Parkway, Dallas, TX 75208', postal_code: '75208', bedrooms: 3, bathrooms: 2.5, type: 'Townhouse', pool: false, agent: 'davis', image: 'house-red.svg', summary: 'Kessler Park townhouse with skyline views from the roof deck.' },
];

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "$1,250,000" */
export function formatPrice(price) {
  return dollars.format(price);
}

/** The agents of the brokerage, by id. */
export async function loadAgents() {
  const response = await fetch('/site-data/agents.json');
  if (!response.ok) throw new Error(`Could not load the agents (${response.status})`);
  return new Map((await response.json()).map((agent) => [agent.id, agent]));
}

/** `el('a', { href: '/x', class: 'y' }, 'text', child)`: attributes and text only, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}

/** The page URL of a listing. */
export function listingUrl(listing) {
  return `/listing.html?id=${encodeURIComponent(listing.id)}`;
}

/** The attributes `<rechat-track-listing>` takes for a listing. */
export function trackingAttributes(listing) {
  return {
    'listing-id': listing.id,
    'mls-number': listing.mls_number,
    mls: listing.mls,
    price: listing.price,
    address: listing.address,
    url: new URL(listingUrl(listing), location.origin).href,
    'cover-image-url': new URL(`/img/${listing.image}`, location.origin).href,
  };
}

/** A listing card that reports a listing view the first time it is on screen. */
export function listingCard(listing) {
  return el(
    'li',
    {},
    el(
      'rechat-track-listing',
      { ...trackingAttributes(listing), trigger: 'visible', class: 'card' },
      el('img', { src: `/img/${listing.image}`, alt: '', width: 320, height: 200 }),
      el('h3', {}, el('a', { href: listingUrl(listing) }, listing.address)),
      el('p', { class: 'price' }, formatPrice(listing.price)),
      el('p', {}, `${listing.bedrooms} bd · ${listing.bathrooms} ba · ${listing.type}`),
    ),
  );
}
