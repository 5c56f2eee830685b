const inPage = new Map<string, Promise<unknown>>();

/**
 * Runs `task` while holding the lock `name` across every tab of the origin (Web Locks).
 * Where Web Locks are missing or refused (opaque origins throw SecurityError), it is a
 * lock within this page only — the other tabs of such a page have no shared storage anyway.
 */
export function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return inPageLock(name, task);
  let started = false;
  return locks
    .request(name, () => {
      started = true;
      return task();
    })
    .catch((error) => (started ? Promise.reject(error) : inPageLock(name, task))) as Promise<T>;
}

function inPageLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const run = (inPage.get(name) ?? Promise.resolve()).then(task, task);
  inPage.set(name, run.catch(() => undefined));
  return run;
}
