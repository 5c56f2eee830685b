// The CSP test page's own script (same origin, as `script-src 'self'` requires): puts the
// elements on the page with DOM calls, configured by the page's query string.
const params = new URLSearchParams(location.search);
const provider = document.createElement('rechat-sdk');
provider.setAttribute('api-url', params.get('api'));
const form = document.createElement('rechat-lead-form');
form.setAttribute('channel', params.get('channel'));
form.setAttribute('required', 'email');
const listing = document.createElement('rechat-track-listing');
listing.setAttribute('listing-id', params.get('listing'));
listing.setAttribute('address', '<img src=x onerror="window.__xss=1">');
provider.append(form, listing);
document.getElementById('app').append(provider);
