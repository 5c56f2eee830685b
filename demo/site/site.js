// Every page: the queue status in the footer and the log of what Rechat received, from
// the page's shared Sdk (the same one the elements use) and its outbox events.
import { el } from './data.js';

const sdk = Rechat.Sdk.shared();
const status = document.querySelector('#queue-status');
const log = document.querySelector('#activity-log');

async function showQueue() {
  const pending = (await sdk.outbox.pending()).length;
  status.textContent = `${navigator.onLine ? 'Online' : 'Offline'} · ${
    pending === 0 ? 'nothing waiting to be sent' : `${pending} waiting to be sent when the connection returns`
  }`;
  status.dataset.state = !navigator.onLine || pending ? 'waiting' : 'clear';
}

function note(text) {
  log?.prepend(el('li', {}, `${new Date().toLocaleTimeString()} — ${text}`));
}

const describe = (record) => (record.kind === 'lead' ? 'lead' : record.kind === 'assign' ? 'assignment' : record.body.action);

sdk.addEventListener('queued', (e) => {
  note(`saved ${describe(e.detail.record)} in the outbox; it will be sent when the connection returns`);
  showQueue();
});
sdk.addEventListener('delivered', (e) => {
  note(`delivered queued ${describe(e.detail.record)}`);
  showQueue();
});
sdk.addEventListener('failed', (e) => {
  note(`Rechat refused ${describe(e.detail.record)}: ${e.detail.error.message}`);
  showQueue();
});
sdk.addEventListener('dropped', () => showQueue());
addEventListener('online', showQueue);
addEventListener('offline', showQueue);

document.addEventListener('rechat-lead-success', (e) => note(`lead ${e.detail.lead.id ?? ''} created`));
document.addEventListener('rechat-lead-queued', () => note('lead saved offline'));
document.addEventListener('rechat-lead-error', (e) => note(`lead not sent: ${e.detail.error.message}`));
document.addEventListener('rechat-track', (e) =>
  note(
    e.detail.visitor
      ? `${e.detail.action} kept in this browser, for the timeline once the visitor gets in touch`
      : `${e.detail.action}${e.detail.queued ? ' (queued)' : ''} recorded on the timeline`,
  ),
);
document.addEventListener('rechat-track-error', (e) =>
  note(
    e.detail.error.code === 'no_tracking_id'
      ? 'activity not recorded: this visitor is not a lead yet (send a form first)'
      : `activity not recorded: ${e.detail.error.message}`,
  ),
);

// The site's consent tool: a small banner until the visitor answers. The answer is the
// site's to keep (localStorage, as consent tools do; the SDK stores no choice) and is
// passed to the SDK on every page, which starts each page `pending` (data-consent).
const CHOICE = 'demo-consent';
const choice = localStorage.getItem(CHOICE);
if (choice === 'granted' || choice === 'denied') sdk.consent(choice);
else askForConsent();

function askForConsent() {
  const answer = (state) => {
    localStorage.setItem(CHOICE, state);
    sdk.consent(state);
    banner.remove();
    note(state === 'granted' ? 'tracking allowed: what was kept in memory is now stored' : 'tracking declined: what was kept is erased');
  };
  const accept = el('button', { type: 'button', class: 'accept' }, 'Accept');
  const decline = el('button', { type: 'button' }, 'Decline');
  accept.addEventListener('click', () => answer('granted'));
  decline.addEventListener('click', () => answer('denied'));
  // Fixed to the bottom of the viewport: it moves nothing on the page (no layout shift).
  const banner = el(
    'section',
    { class: 'consent-banner', 'aria-label': 'Privacy choice' },
    el('p', {}, 'May we remember the homes you look at, so that our agents know what you like when you get in touch?'),
    accept,
    decline,
  );
  document.body.append(banner);
}

for (const link of document.querySelectorAll('nav a')) {
  if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page');
}
showQueue();
