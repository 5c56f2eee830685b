// 1,000 visitor-phase tracker calls issued at once until every one is kept in IndexedDB
// (their promises resolve { visitor: true }), against 1,000 raw IndexedDB puts of records
// of the same shape in one transaction. Uses the ESM build: the script-tag bundle does not
// wire the visitor phase in yet; the page maps the ESM build's dependencies.
import { Sdk } from '/dist/esm/sdk.js';
import { VisitorPhase } from '/dist/esm/core/visitor-phase.js';
import { openVisitorStore } from '/dist/esm/store/visitor-store.js';
import { apiSession, done, median, report, time } from './bench-kit.js';

const N = 1000;
const ROUNDS = 7;

class VisitorSdk extends Sdk {
  createVisitorPhase(request) {
    return (this.phase = new VisitorPhase({ ...request, openStore: openVisitorStore }));
  }
}

function openRaw() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('bench-raw-visitor', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('activity', { keyPath: 'id' }).createIndex('seq', 'seq');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const apiUrl = await apiSession();
const raw = await openRaw();
const sdk = new VisitorSdk({ apiUrl, visitor: true });
const baseline = [];
const measured = [];
let kept = 0;

for (let round = 0; round < ROUNDS; round++) {
  const records = Array.from({ length: N }, (_, i) => ({
    id: crypto.randomUUID(),
    seq: Date.now() + i / 1000,
    at: Date.now(),
    body: { action: 'ContactViewedListing', listing: { id: `L${i}`, price: 1250000 } },
  }));
  baseline.push(
    await time(async () => {
      const tx = raw.transaction('activity', 'readwrite');
      for (const record of records) tx.objectStore('activity').put(record);
      await done(tx);
    }),
  );
  const clear = raw.transaction('activity', 'readwrite');
  clear.objectStore('activity').clear();
  await done(clear);

  await sdk.forget();
  await sdk.phase.settled();
  measured.push(
    await time(() => Promise.all(Array.from({ length: N }, (_, i) => sdk.Leads.Tracker.viewedListing({ id: `L${i}`, price: 1250000 })))),
  );
  const store = await openVisitorStore(false);
  kept = (await store.load()).activities.length;
}
await sdk.forget();
report({
  name: 'visitor-record-1000',
  what: `${N} visitor-phase tracker calls at once until kept in IndexedDB, vs ${N} raw IndexedDB puts in one transaction (median of ${ROUNDS})`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 1.5,
  // Every call of the last round must really be kept.
  valid: kept === N,
  keptAfterLastRound: kept,
});
