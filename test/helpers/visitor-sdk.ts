import { Sdk as CoreSdk } from '../../src/core/sdk.js';
import { VisitorPhase } from '../../src/core/visitor-phase.js';
import type { KeptActivity, VisitorPhaseRequest, VisitorState } from '../../src/core/visitor-record.js';
import { Sdk } from '../../src/offline-sdk.js';
import { IdbVisitorStore, openVisitorStore, VISITOR_DB_NAME } from '../../src/store/visitor-store.js';
import { clearCookies } from './fake-api.js';

/** The clock the visitor phases of these Sdks read; tests move it. */
export const clock = { now: () => Date.now() };

/**
 * The full Sdk as shipped (outbox, IndexedDB visitor store, ordered merge), with the
 * visitor phase reading the tests' clock.
 */
export class VisitorSdk extends Sdk {
  phase?: VisitorPhase;
  protected override createVisitorPhase(request: VisitorPhaseRequest) {
    return (this.phase = new VisitorPhase({ ...request, openStore: openVisitorStore, now: () => clock.now() }));
  }
}

/** The core Sdk (sends at once, no outbox: no database of its own) with the visitor phase. */
export class CoreVisitorSdk extends CoreSdk {
  phase?: VisitorPhase;
  protected override createVisitorPhase(request: VisitorPhaseRequest) {
    return (this.phase = new VisitorPhase({ ...request, openStore: openVisitorStore, now: () => clock.now() }));
  }
}

/** What the visitor database holds now (read without creating it). */
export async function keptNow(): Promise<{ state: VisitorState; activities: KeptActivity[] }> {
  const store = await openVisitorStore(false);
  if (!store) return { state: {}, activities: [] };
  const kept = await store.load();
  (store as IdbVisitorStore).close();
  return kept;
}

/** What an earlier page of the visitor left in the visitor database (it made it, wrote, and closed it). */
export async function keptByEarlierPage(activities: KeptActivity[], state: VisitorState): Promise<void> {
  const store = (await openVisitorStore(true))!;
  await store.save(activities, state);
  (store as IdbVisitorStore).close();
}

/** Deletes the visitor database. */
export function eraseVisitorDb(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(VISITOR_DB_NAME);
    request.onsuccess = request.onerror = () => resolve();
  });
}

/** Before each visitor test: no cookie, Web Storage or visitor database left, the real clock. */
export async function resetVisitorPage(): Promise<void> {
  clearCookies();
  sessionStorage.clear();
  localStorage.clear();
  clock.now = () => Date.now();
  await eraseVisitorDb();
}

/** After each visitor test: its Sdks stopped and settled (nothing writes into the next test), the page's URL back to `start`. */
export async function settleVisitorSdks(sdks: Array<{ phase?: VisitorPhase }>, start: string): Promise<void> {
  for (const sdk of sdks.splice(0)) {
    sdk.phase?.stop();
    await sdk.phase?.settled();
  }
  history.replaceState(null, '', start);
}
