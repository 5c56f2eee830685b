// Merging 1,000 kept visitor activities onto the lead a capture creates, until the last is
// on its timeline (sent through the outbox, in order, each keyed by its id), against 1,000
// sequential raw fetches of the same timeline requests. The capture itself is not timed:
// the clock starts when it resolves, which is when the merge begins.
import { Sdk } from '/dist/esm/offline-sdk.js';
import { VISITOR_DB_NAME } from '/dist/esm/store/visitor-store.js';
import { apiRoot, apiSession, median, report, time } from './bench-kit.js';

const N = 1000;
const ROUNDS = 5;

/** The shipped Sdk, holding on to its visitor phase to know when the merge is over. */
class BenchSdk extends Sdk {
  createVisitorPhase(request) {
    return (this.phase = super.createVisitorPhase(request));
  }
}

const apiUrl = await apiSession();
const session = apiUrl.split('/s/')[1];
const received = async () => (await (await fetch(`${apiRoot}/__sessions/${session}/requests`)).json()).length;
await new Promise((resolve) => {
  const request = indexedDB.deleteDatabase(VISITOR_DB_NAME);
  request.onsuccess = request.onerror = resolve;
});
const sdk = new BenchSdk({ apiUrl, visitor: true });
const channel = { lead_channel: crypto.randomUUID() };
const forgetLead = () => (document.cookie = 'rechat-sdk-tracker=; path=/; max-age=0');
const baseline = [];
const measured = [];
let mergedLastRound = 0;

for (let round = 0; round < ROUNDS; round++) {
  const leadPath = `/leads/${crypto.randomUUID()}/timeline`;
  baseline.push(
    await time(async () => {
      for (let i = 0; i < N; i++) {
        const response = await fetch(`${apiUrl}${leadPath}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ action: 'ContactViewedListing', listing: { id: `L${i}`, price: 1250000 }, notes: 'Before contact, 2026-11-30T04:00:00.000Z' }),
          mode: 'cors',
          credentials: 'omit',
        });
        await response.json();
      }
    }),
  );

  // A new visitor keeps 1,000 activities (not timed), then becomes a lead.
  forgetLead();
  await Promise.all(Array.from({ length: N }, (_, i) => sdk.Leads.Tracker.viewedListing({ id: `L${i}`, price: 1250000 })));
  await sdk.phase.settled();
  await sdk.flush();
  const before = await received();
  await sdk.Leads.capture(channel, { email: `visitor${round}@example.com` });
  measured.push(await time(() => sdk.phase.settled()));
  // Every activity reached the API: the lead, then N timeline requests.
  mergedLastRound = (await received()) - before - 1;
}
forgetLead();
report({
  name: 'visitor-merge-1000',
  what: `${N} kept visitor activities merged onto a new lead until all are on its timeline, vs ${N} sequential raw fetches (median of ${ROUNDS})`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 1.1,
  valid: mergedLastRound === N,
  mergedLastRound,
});
