// Shared by the bench pages: the fake API session, raw IndexedDB helpers for baselines,
// timing and the result.
export const apiRoot = new URLSearchParams(location.search).get('api');

/** A fresh fake-API session; its URL is what the Sdk's apiUrl is set to. */
export async function apiSession() {
  const { id } = await (await fetch(`${apiRoot}/__sessions`, { method: 'POST' })).json();
  return `${apiRoot}/s/${id}`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function time(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A scratch database shaped like the outbox, for the raw-IndexedDB baselines. */
export function openRawDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('bench-raw', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

/** Empties the SDK's outbox between rounds, straight in IndexedDB. */
export async function clearOutbox() {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('rechat-sdk');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  // The outbox opens its database lazily: it may not exist yet (then this made it empty).
  const names = ['outbox', 'failed', 'delivered'].filter((name) => db.objectStoreNames.contains(name));
  if (names.length) {
    const tx = db.transaction(names, 'readwrite');
    for (const name of names) tx.objectStore(name).clear();
    await done(tx);
  }
  db.close();
}

/** A record like the ones the outbox keeps, for a fair baseline. */
export function recordLike(i, apiUrl) {
  return {
    id: crypto.randomUUID(),
    seq: performance.timeOrigin + performance.now() + i / 1000,
    kind: 'activity',
    apiUrl,
    method: 'POST',
    path: '/leads/bench-lead/timeline',
    body: { action: 'ContactViewedListing', listing: { id: `L${i}`, price: 1250000 } },
    createdAt: Date.now(),
    attempts: 0,
    notBefore: 0,
    timeoutMs: 15000,
  };
}

export function report(result) {
  window.benchResult = { ...result, ratio: result.measuredMs / result.baselineMs };
}
