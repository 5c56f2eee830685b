import { RechatError } from './errors.js';

/** One HTTP request to Rechat's API. */
export interface ApiRequest {
  method: 'POST' | 'PUT';
  /** Absolute URL. Never carries personal data: that goes in the JSON body. */
  url: string;
  body: unknown;
  /**
   * Sent as the `Idempotency-Key` header. Only for an API known to allow it: a header
   * that is not CORS-safelisted changes the preflight, which an API may refuse.
   */
  idempotencyKey?: string;
}

/** The API's answer: status, body (parsed JSON where it was JSON) and any `Retry-After`. */
export interface ApiReply {
  status: number;
  body: unknown;
  /** The `Retry-After` header, when the server sent one (the outbox honours it). */
  retryAfter?: string;
  /** The API said it takes the `Idempotency-Key` header (`Rechat-Idempotency: header`). */
  idempotencyHeader?: boolean;
}

export interface SendOptions {
  /** Give up after this long with a `network` error. Default 15 s. */
  timeoutMs?: number;
  /** Let the request outlive the page (`fetch` keepalive; its bodies are limited to 64 KB in all). */
  keepalive?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Sends one request and reads its reply. Resolves for every HTTP answer, whatever its
 * status; rejects with a `network` RechatError only when there is no answer at all.
 */
export async function sendRequest(request: ApiRequest, options: SendOptions = {}): Promise<ApiReply> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: JSON.stringify(request.body),
      mode: 'cors',
      // The API authenticates by lead channel, never by cookie: send none of the site's.
      credentials: 'omit',
      keepalive: options.keepalive ?? false,
      signal: controller.signal,
    });
    const text = await response.text();
    const reply: ApiReply = { status: response.status, body: parseBody(text) };
    const retryAfter = response.headers.get('Retry-After');
    if (retryAfter) reply.retryAfter = retryAfter;
    if (response.headers.get('Rechat-Idempotency') === 'header') reply.idempotencyHeader = true;
    return reply;
  } catch (cause) {
    const message = controller.signal.aborted ? `No answer within ${timeoutMs} ms` : 'Could not reach the API';
    throw new RechatError('network', `${message}: ${request.method} ${request.url}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

/** 2xx. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Statuses worth sending again later: timeouts, rate limits and server errors. */
export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The `http` RechatError for an error reply, carrying the server's own message. */
export function httpError(reply: ApiReply): RechatError {
  return new RechatError('http', `Rechat API error ${reply.status}: ${serverMessage(reply.body) || 'no message'}`, {
    status: reply.status,
    body: reply.body,
  });
}

function serverMessage(body: unknown): unknown {
  if (typeof body === 'string') return body.slice(0, 300);
  const b = (body ?? {}) as Record<string, any>;
  return b.message ?? b.error?.message ?? b.error ?? b.code;
}

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

