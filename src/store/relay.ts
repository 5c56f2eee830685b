import { RechatError } from '../core/errors.js';

/** One outcome told to the origin's other tabs. */
export interface RelayMessage {
  type: 'delivered' | 'failed' | 'dropped';
  detail: Record<string, any>;
}

/**
 * Tells the origin's other tabs what became of a record (BroadcastChannel), so that a
 * caller waiting in one tab hears when another tab delivered its record. Errors travel
 * as plain data and become RechatErrors again on arrival.
 */
export class Relay {
  readonly #channel?: BroadcastChannel;

  constructor(name: string, hear: (message: RelayMessage) => void) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = ({ data }: MessageEvent<RelayMessage>) => {
      const error = data.detail.error;
      if (error) data.detail.error = new RechatError('http', error.message, { status: error.status, body: error.body });
      hear(data);
    };
  }

  tell({ type, detail }: RelayMessage): void {
    const error = detail.error as RechatError | undefined;
    try {
      this.#channel?.postMessage({
        type,
        detail: error ? { ...detail, error: { message: error.message, status: error.status, body: error.body } } : detail,
      });
    } catch {
      // Opaque origins refuse to broadcast: there are no other tabs sharing this outbox to tell.
    }
  }

  close(): void {
    this.#channel?.close();
  }
}
