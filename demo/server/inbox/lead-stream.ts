import type { ServerResponse } from 'node:http';
import type { LeadEvents } from '../leads/lead-events.js';
import type { LeadView } from '../leads/lead-view.js';

/** How often a comment line is sent so that idle connections are not dropped by proxies. */
const HEARTBEAT_MS = 20_000;

/** Bounds of the stream; the defaults suit a demo with a few inbox tabs. */
export interface StreamLimits {
  /** Open streams at most; one more gets 503 with Retry-After. */
  readonly maxClients: number;
  /**
   * Bytes a client may have waiting in its socket's buffer when a new message comes. A
   * client further behind (a stalled or very slow reader) is disconnected: EventSource
   * reconnects and the inbox reloads, instead of the server holding every message for it
   * without end.
   */
  readonly maxBehindBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxClients: 50, maxBehindBytes: 1024 * 1024 };

/**
 * Server-sent events for the inbox: every `lead.created` / `lead.updated` event becomes
 * an SSE message whose data is the lead's full view, built once per event and written
 * to every open connection; `agent.availability` carries `{ id, away }`.
 */
export class LeadStream {
  readonly #clients = new Set<ServerResponse>();
  readonly #unsubscribe: () => void;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #limits: StreamLimits;

  constructor(events: LeadEvents, viewLead: (id: string) => LeadView | undefined, limits: StreamLimits = DEFAULT_STREAM_LIMITS) {
    this.#limits = limits;
    this.#unsubscribe = events.subscribe((event) => {
      if (this.#clients.size === 0) return;
      if (event.type === 'agent.availability') {
        this.#broadcast(`event: ${event.type}\ndata: ${JSON.stringify({ id: event.id, away: event.away })}\n\n`);
        return;
      }
      const lead = viewLead(event.id);
      if (!lead) return;
      this.#broadcast(`event: ${event.type}\nid: ${lead.seq}\ndata: ${JSON.stringify(lead)}\n\n`);
    });
    this.#heartbeat = setInterval(() => this.#broadcast(': heartbeat\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Open streams. */
  get size(): number {
    return this.#clients.size;
  }

  /**
   * Takes over a response as an event stream until the client goes away or `close()`;
   * beyond the connection cap, answers 503 instead.
   */
  attach(res: ServerResponse, headers: Record<string, string> = {}): void {
    // A stream's connection is never reused: when it ends (client gone, sandbox closing),
    // the socket closes too, instead of idling in keep-alive and holding up server.close().
    res.shouldKeepAlive = false;
    if (this.#clients.size >= this.#limits.maxClients) {
      const body = JSON.stringify({ code: 'ServiceUnavailable', message: `Too many open inbox streams (${this.#limits.maxClients}); retry shortly` });
      res.writeHead(503, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5' });
      res.end(body);
      return;
    }
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

  /**
   * Writes a message to every client. One whose unsent bytes already exceed the bound is
   * let go instead (with everything queued for it): a stalled client holds at most the
   * bound plus one message, while a single message larger than the bound (a lead with a
   * long timeline) still reaches clients that keep up.
   */
  #broadcast(message: string): void {
    for (const res of this.#clients) {
      if (res.writableLength <= this.#limits.maxBehindBytes) {
        res.write(message);
        continue;
      }
      this.#clients.delete(res);
      res.destroy();
    }
  }
}
