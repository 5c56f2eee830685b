import { Sdk as CoreSdk, type SdkSettings } from '../../src/core/sdk.js';
import { VisitorPhase } from '../../src/core/visitor-phase.js';
import type { Dispatcher } from '../../src/core/dispatcher.js';
import type { KeptActivity, VisitorPhaseRequest, VisitorState } from '../../src/core/visitor-record.js';
import { Sdk } from '../../src/offline-sdk.js';
import { openVisitorStore, VISITOR_DB_NAME } from '../../src/store/visitor-store.js';

/** The clock the visitor phases of these Sdks read; tests move it. */
export const clock = { now: () => Date.now() };

/**
 * The full Sdk (outbox underneath) with the visitor phase wired in, as `src/sdk.ts` will
 * wire it: IndexedDB for kept activity, and a dispatcher that keeps the order of requests
 * dispatched together (the outbox does).
 */
export class VisitorSdk extends Sdk {
  phase?: VisitorPhase;
  protected override createVisitorPhase(request: VisitorPhaseRequest) {
    return (this.phase = new VisitorPhase({ ...request, openStore: openVisitorStore, now: () => clock.now() }));
  }
  protected override createDispatcher(timeoutMs: number, settings: SdkSettings): Dispatcher {
    return { ...super.createDispatcher(timeoutMs, settings), inOrder: true } as Dispatcher;
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
  (store as unknown as { db: IDBDatabase }).db.close();
  return kept;
}

/** Deletes the visitor database. */
export function eraseVisitorDb(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(VISITOR_DB_NAME);
    request.onsuccess = request.onerror = () => resolve();
  });
}
