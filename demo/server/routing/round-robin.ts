/**
 * Where round-robin rules keep their place. Routing itself does no I/O: it asks this
 * store for the next position, and the caller decides whether that is a Map (tests) or
 * a SQLite row updated in the same transaction as the lead (the server).
 */
export interface RoundRobinStore {
  /**
   * Returns how many leads the rule `key` has handed out so far (0 for the first), and
   * counts one more. The caller picks `members[position % members.length]`, so a
   * counter rather than "last agent" keeps the rotation even when members change.
   */
  take(key: string): number;
}

/** An in-memory store for tests and tools; positions are lost with the process. */
export class MemoryRoundRobinStore implements RoundRobinStore {
  readonly #positions = new Map<string, number>();

  take(key: string): number {
    const position = this.#positions.get(key) ?? 0;
    this.#positions.set(key, position + 1);
    return position;
  }
}

/** The store key of a round-robin rule: stable as long as the channel and rule ids are. */
export function roundRobinKey(channelId: string, ruleId: string): string {
  return `${channelId}/${ruleId}`;
}
