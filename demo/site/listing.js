// A listing page: the view is recorded on load; save and share are recorded on click;
// the enquiry form names the listing agent as assignee, so the lead goes to them.
import { CHANNELS, LISTINGS, el, formatPrice, loadAgents, trackingAttributes } from './data.js';

const main = document.querySelector('#listing');
const id = new URLSearchParams(location.search).get('id');
const listing = LISTINGS.find((l) => l.id === id) ?? LISTINGS[0];
const agent = (await loadAgents()).get(listing.agent);
const track = trackingAttributes(listing);
document.title = `${listing.address} — Adler & Associates`;

let shareNote;
const shareButton = el('button', { type: 'button' }, 'Share');
shareButton.addEventListener('click', async () => {
  // The click is recorded by the element around the button; this only shares the link.
  try {
    if (navigator.share) await navigator.share({ title: listing.address, url: track.url });
    else {
      await navigator.clipboard.writeText(track.url);
      shareNote.textContent = 'Link copied.';
    }
  } catch {
    shareNote.textContent = 'Sharing was cancelled.';
  }
});

main.replaceChildren(
  // Connected with its attributes already set: the view is sent once, on load.
  el('rechat-track-listing', track),
  el('h1', {}, listing.address),
  el('p', { class: 'price' }, formatPrice(listing.price)),
  el('img', { src: `/img/${listing.image}`, alt: `Illustration of ${listing.address}`, width: 640, height: 400, class: 'hero-image' }),
  el('p', {}, `${listing.bedrooms} bedrooms · ${listing.bathrooms} bathrooms · ${listing.type}${listing.pool ? ' · pool' : ''} · MLS# ${listing.mls_number}`),
  el('p', {}, listing.summary),
  el(
    'div',
    { class: 'actions' },
    el('rechat-track-listing', { ...track, action: 'favorited', trigger: 'click' }, el('button', { type: 'button' }, '♡ Save')),
    el('rechat-track-listing', { ...track, action: 'shared', trigger: 'click' }, shareButton),
    el('rechat-track-listing', { ...track, action: 'valued', trigger: 'click' }, el('button', { type: 'button' }, 'What is it worth?')),
    (shareNote = el('span', { role: 'status' })),
  ),
  el(
    'section',
    { 'aria-labelledby': 'enquiry-heading', class: 'enquiry' },
    el('h2', { id: 'enquiry-heading' }, `Ask ${agent ? `${agent.first_name} ${agent.last_name}` : 'the listing agent'} about this home`),
    agent ? el('p', {}, `${agent.office} · ${agent.phone_number}`) : null,
    el('rechat-lead-form', {
      channel: CHANNELS.listing,
      'listing-id': listing.id,
      'agent-mlsid': agent?.mlsid,
      'assignee-email': agent?.email,
      'lead-source': 'Listing page',
      'source-type': 'Website',
      tag: 'Listing inquiry',
      'submit-label': 'Ask about this home',
      'success-message': `Thank you! ${agent?.first_name ?? 'The listing agent'} will be in touch shortly.`,
    }),
  ),
);
