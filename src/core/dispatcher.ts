import type { CookieOptions } from './cookie.js';
import { httpError, isSuccess, sendRequest, type ApiReply, type SendOptions } from './transport.js';

/** What a request records: a lead capture, a timeline activity or an assignment. */
export type RequestKind = 'lead' | 'activity' | 'assign';

/** Stands in a request's path for the id of a lead whose capture is still queued. */
export const LEAD_ID_PLACEHOLDER = '{lead_id}';

/** How a delivered capture identifies the visitor: the tracking cookie to set. */
export interface IdentifyWith {
  cookieName: string;
  cookieOptions?: CookieOptions;
}

/** A request as the SDK hands it down, before it is sent or stored. */
export interface OutboundRequest {
  kind: RequestKind;
  /** The API's base URL, without a trailing slash. */
  apiUrl: string;
  method: 'POST' | 'PUT';
  /** Path under apiUrl; may hold {@link LEAD_ID_PLACEHOLDER} when `awaitsCapture` is set. */
  path: string;
  body: unknown;
  /** For activities of a lead still queued: the outbox id of its capture, delivered first. */
  awaitsCapture?: string;
  /** For captures: set the tracking cookie to the new lead's id once it exists. */
  identify?: IdentifyWith;
  /** Send the `Idempotency-Key` header even before the API said it takes it (the Sdk's `idempotencyHeader` setting). */
  idempotencyHeader?: boolean;
}

/**
 * The outcome of a dispatch: sent with the API's 2xx reply, or kept to be sent later.
 * `repeat`: a dispatch with the id of a request already delivered, which sent nothing.
 */
export type Dispatched = { state: 'sent'; reply: ApiReply; repeat?: boolean } | { state: 'queued'; recordId: string };

/**
 * The layer under the public API that gets requests to Rechat. Resolves when the
 * request was sent (2xx) or safely queued; rejects with a RechatError when it never will be.
 */
export interface Dispatcher {
  dispatch(request: OutboundRequest): Promise<Dispatched>;
}

/** The URL of a request whose lead id is known. */
export function requestUrl(request: Pick<OutboundRequest, 'apiUrl' | 'path'>): string {
  return request.apiUrl + request.path;
}

/** Sends at once, with no outbox: every failure rejects. */
export class DirectDispatcher implements Dispatcher {
  constructor(private readonly options: SendOptions = {}) {}

  async dispatch(request: OutboundRequest): Promise<Dispatched> {
    const reply = await sendRequest(
      { method: request.method, url: requestUrl(request), body: request.body },
      this.options,
    );
    if (!isSuccess(reply.status)) throw httpError(reply);
    return { state: 'sent', reply };
  }
}
