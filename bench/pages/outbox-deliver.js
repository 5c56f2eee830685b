// 1,000 records queued offline, from going back online until the last is delivered,
// against 1,000 sequential raw fetches of the same requests to the same server.
import { apiSession, clearOutbox, median, report, time } from './bench-kit.js';

const N = 1000;
const ROUNDS = 3;
const apiUrl = await apiSession();
const sdk = new Rechat.Sdk({ apiUrl });
sdk.Leads.Tracker.identify('bench-lead');
await clearOutbox();
const baseline = [];
const measured = [];
let delivered = 0;
sdk.addEventListener('delivered', () => delivered++);

for (let round = 0; round < ROUNDS; round++) {
  baseline.push(
    await time(async () => {
      for (let i = 0; i < N; i++) {
        const response = await fetch(`${apiUrl}/leads/bench-lead/timeline`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ action: 'ContactViewedListing', listing: { id: `L${i}`, price: 1250000 } }),
          mode: 'cors',
          credentials: 'omit',
        });
        await response.text();
      }
    }),
  );

  await window.benchSetOffline(true);
  await Promise.all(Array.from({ length: N }, (_, i) => sdk.Leads.Tracker.viewedListing({ id: `L${i}`, price: 1250000 })));
  delivered = 0;
  const allDelivered = new Promise((resolve) => {
    const check = () => (delivered >= N ? resolve() : setTimeout(check, 1));
    check();
  });
  measured.push(
    await time(async () => {
      await window.benchSetOffline(false);
      await allDelivered;
    }),
  );
  await sdk.flush();
}
const left = (await sdk.outbox.pending()).length;
report({
  name: 'outbox-deliver-1000-on-reconnect',
  what: `${N} queued records from reconnect to the last delivered, vs ${N} sequential raw fetches (median of ${ROUNDS})`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 1.1,
  // Every record must have left the outbox, delivered.
  valid: left === 0,
  pendingAfter: left,
});
