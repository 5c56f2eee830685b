// The home page: listing cards, each reporting a listing view the first time it is on screen.
import { LISTINGS, listingCard } from './data.js';

document.querySelector('#listings').append(...LISTINGS.map(listingCard));
