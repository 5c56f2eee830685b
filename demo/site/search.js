// The search page: filters the listings, records each search, and saves a search on request.
import { LISTINGS, listingCard } from './data.js';

const form = document.querySelector('#search-form');
const results = document.querySelector('#results');
const summary = document.querySelector('#results-summary');
const searched = document.querySelector('#searched');
const saved = document.querySelector('#saved-search');
const saveButton = document.querySelector('#save-search');

/** The search as `<rechat-track-search>` attributes, from the form. */
function searchAttributes() {
  const data = new FormData(form);
  const types = data.getAll('property_types');
  const attributes = {
    search: data.get('search'),
    'minimum-price': data.get('minimum_price'),
    'maximum-price': data.get('maximum_price'),
    'minimum-bedrooms': data.get('minimum_bedrooms'),
    'property-types': types.join(','),
    'postal-codes': data.get('postal_codes'),
    pool: data.get('pool') ? 'true' : '',
    url: location.href,
    title: data.get('search') ? `Homes matching “${data.get('search')}”` : 'Home search',
  };
  return attributes;
}

function matches(listing, a) {
  const text = String(a.search ?? '').toLowerCase();
  return (
    (!text || `${listing.address} ${listing.summary}`.toLowerCase().includes(text)) &&
    (!a['minimum-price'] || listing.price >= Number(a['minimum-price'])) &&
    (!a['maximum-price'] || listing.price <= Number(a['maximum-price'])) &&
    (!a['minimum-bedrooms'] || listing.bedrooms >= Number(a['minimum-bedrooms'])) &&
    (!a['property-types'] || a['property-types'].split(',').includes(listing.type)) &&
    (!a['postal-codes'] || a['postal-codes'].split(/[\s,]+/).includes(listing.postal_code)) &&
    (!a.pool || listing.pool)
  );
}

function apply(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value) element.setAttribute(name, value);
    else element.removeAttribute(name);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const attributes = searchAttributes();
  const found = LISTINGS.filter((listing) => matches(listing, attributes));
  results.replaceChildren(...found.map(listingCard));
  summary.textContent = `${found.length} ${found.length === 1 ? 'home matches' : 'homes match'} your search.`;
  apply(searched, attributes);
  searched.track();
  apply(saved, attributes);
  saveButton.disabled = false;
});

saveButton.addEventListener('click', () => {
  saved.track();
  saveButton.textContent = 'Search saved';
  saveButton.disabled = true;
});
