import type { ServerResponse } from 'node:http';
import type { LeadEvents } from '../leads/lead-events.js';
import type { LeadView } from '../leads/lead-view.js';

/** How often a comment line is sent so that idle connections are not dropped by proxies. */
const HEARTBEAT_MS = 20_000;

/**
 * Server-sent events for the inbox: every `lead.created` / `lead.updated` event becomes
 * an SSE message whose data is the lead's full view, built once per event and written
 * to every open connection.
 */
export class LeadStream {
  readonly #clients = new Set<ServerResponse>();
  readonly #unsubscribe: () => void;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(events: LeadEvents, viewLead: (id: string) => LeadView | undefined) {
    this.#unsubscribe = events.subscribe((event) => {
      if (this.#clients.size === 0) return;
      const lead = viewLead(event.id);
      if (!lead) return;
      this.#broadcast(`event: ${event.type}\nid: ${lead.seq}\ndata: ${JSON.stringify(lead)}\n\n`);
    });
    this.#heartbeat = setInterval(() => this.#broadcast(': heartbeat\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Takes over a response as an event stream until the client goes away or `close()`. */
  attach(res: ServerResponse, headers: Record<string, string> = {}): void {
    // A stream's connection is never reused: when it ends (client gone, sandbox closing),
    // the socket closes too, instead of idling in keep-alive and holding up server.close().
    res.shouldKeepAlive = false;
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
    });
    // `retry` makes EventSource reconnect quickly after a sandbox restart.
    res.write('retry: 2000\n: connected\n\n');
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
  }

  /** Ends every stream; the server cannot close while they are open. */
  close(): void {
    this.#unsubscribe();
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #broadcast(message: string): void {
    for (const res of this.#clients) res.write(message);
  }
}
