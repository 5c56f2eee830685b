// 1,000 tracker calls issued at once while offline, until every one is saved (their
// promises resolve "queued"), against 1,000 raw IndexedDB puts in one transaction.
import { apiSession, clearOutbox, done, median, openRawDb, recordLike, report, time } from './bench-kit.js';

const N = 1000;
const ROUNDS = 7;
const apiUrl = await apiSession();
const sdk = new Rechat.Sdk({ apiUrl });
sdk.Leads.Tracker.identify('bench-lead');
await window.benchSetOffline(true);
const raw = await openRawDb();
const baseline = [];
const measured = [];

for (let round = 0; round < ROUNDS; round++) {
  const records = Array.from({ length: N }, (_, i) => recordLike(i, apiUrl));
  baseline.push(
    await time(async () => {
      const tx = raw.transaction('outbox', 'readwrite');
      for (const record of records) tx.objectStore('outbox').put(record);
      await done(tx);
    }),
  );
  const clear = raw.transaction('outbox', 'readwrite');
  clear.objectStore('outbox').clear();
  await done(clear);

  await clearOutbox();
  measured.push(
    await time(() => Promise.all(Array.from({ length: N }, (_, i) => sdk.Leads.Tracker.viewedListing({ id: `L${i}`, price: 1250000 })))),
  );
}
const pending = (await sdk.outbox.pending()).length;
await clearOutbox();
report({
  name: 'outbox-persist-1000-offline',
  what: `${N} offline tracker calls at once until saved, vs ${N} raw IndexedDB puts in one transaction (median of ${ROUNDS})`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 1.5,
  // Every call of the last round must really be in the outbox.
  valid: pending === N,
  pendingAfterLastRound: pending,
});
