// 1,000 visitor-phase tracker calls issued at once until every one is kept in IndexedDB
// (their promises resolve { visitor: true }), against 1,000 raw IndexedDB puts of records
// of the same shape in one transaction. Uses the ESM build (the page maps its
// dependencies), as the package's Sdk wires the visitor phase.
import { Sdk } from '/dist/esm/offline-sdk.js';
import { VisitorPhase } from '/dist/esm/core/visitor-phase.js';
import { openVisitorStore, VISITOR_DB_NAME } from '/dist/esm/store/visitor-store.js';
import { apiSession, done, median, report, time } from './bench-kit.js';

const N = 1000;
const ROUNDS = 11;

class VisitorSdk extends Sdk {
  createVisitorPhase(request) {
    return (this.phase = new VisitorPhase({ ...request, openStore: openVisitorStore }));
  }
}

function open(name, upgrade) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function count(db) {
  return new Promise((resolve) => {
    const request = db.transaction('activity').objectStore('activity').count();
    request.onsuccess = () => resolve(request.result);
  });
}

async function clear(db) {
  const tx = db.transaction('activity', 'readwrite');
  tx.objectStore('activity').clear();
  await done(tx);
}

const apiUrl = await apiSession();
const sdk = new VisitorSdk({ apiUrl, visitor: true });
// The database exists before the first round, as it does after a visitor's first activity.
await sdk.Leads.Tracker.loggedIn();
const kept = await open(VISITOR_DB_NAME);
const raw = await open('bench-raw-visitor', (db) => db.createObjectStore('activity', { keyPath: 'id' }).createIndex('seq', 'seq'));
const baseline = [];
const measured = [];
let keptAfterLastRound = 0;

for (let round = 0; round < ROUNDS; round++) {
  const records = Array.from({ length: N }, (_, i) => ({
    id: crypto.randomUUID(),
    seq: Date.now() + i / 1000,
    at: Date.now(),
    body: { action: 'ContactViewedListing', listing: { id: `L${i}`, price: 1250000 } },
  }));
  await clear(raw);
  baseline.push(
    await time(async () => {
      const tx = raw.transaction('activity', 'readwrite');
      for (const record of records) tx.objectStore('activity').put(record);
      await done(tx);
    }),
  );
  await clear(kept);
  measured.push(
    await time(() => Promise.all(Array.from({ length: N }, (_, i) => sdk.Leads.Tracker.viewedListing({ id: `L${i}`, price: 1250000 })))),
  );
  keptAfterLastRound = await count(kept);
}
await clear(kept);
report({
  name: 'visitor-record-1000',
  what: `${N} visitor-phase tracker calls at once until kept in IndexedDB, vs ${N} raw IndexedDB puts in one transaction (median of ${ROUNDS})`,
  baselineMs: median(baseline),
  measuredMs: median(measured),
  budget: 1.5,
  // Every call of the last round must really be kept.
  valid: keptAfterLastRound === N,
  keptAfterLastRound,
});
