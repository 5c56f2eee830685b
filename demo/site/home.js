// The home page: listing cards, each reporting a listing view the first time it is on screen.
import { LISTINGS, el, formatPrice, listingUrl, trackingAttributes } from './data.js';

const list = document.querySelector('#listings');
for (const listing of LISTINGS) {
  list.append(
    el(
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
    ),
  );
}
