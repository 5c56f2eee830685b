import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** An error with the HTTP status and the `{ code, message }` body the API replies with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 400: the request is malformed; the message says what to fix. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, 'BadRequest', message);
}

/** 404. */
export function notFound(message: string): HttpError {
  return new HttpError(404, 'NotFound', message);
}

/** 409: the request conflicts with the lead's current state. */
export function conflict(message: string): HttpError {
  return new HttpError(409, 'Conflict', message);
}

/** 403: a well-formed request that this caller may not make. */
export function forbidden(message: string): HttpError {
  return new HttpError(403, 'Forbidden', message);
}

/** The JSON error body every endpoint uses. */
export interface ErrorBody {
  code: string;
  message: string;
}

/**
 * Turns thrown errors into `{ code, message }` replies. Fastify's own body errors are
 * reworded so that an integrator reading a 400 in the network tab knows what to change.
 */
export async function handleError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const known = error instanceof HttpError ? error : mapFastifyError(error, request);
  if (!known) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'InternalError', message: 'The sandbox failed to handle this request' } satisfies ErrorBody);
  }
  // The body of a refused request may still be arriving (a 413 is decided on
  // Content-Length alone). Replying and closing at once would reset the connection under
  // a client still sending, which then never reads the reply: read the rest first.
  if (!request.raw.complete) await drain(request);
  return reply.status(known.status).send({ code: known.code, message: known.message } satisfies ErrorBody);
}

/** At most this much of a refused body is read (and dropped) before replying. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const DRAIN_LIMIT_MS = 5000;

/** Reads and drops the rest of a request body, within bounds; the connection then closes. */
function drain(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  return new Promise((resolve) => {
    let seen = 0;
    const done = (): void => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', done).off('error', done).off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_LIMIT_MS);
    raw.on('data', onData).on('end', done).on('error', done).on('close', done);
    raw.resume();
  });
}

/**
 * Fastify's own URL errors (a bad percent-encoding, a path parameter over its length
 * limit), which it raises before routing, in the API's shape.
 */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpError(414, 'UriTooLong', 'A path segment of the URL is too long: ids are UUIDs')
      : badRequest('The URL is not valid: check its percent-encoding');
  void reply
    .status(known.status)
    .header('X-Content-Type-Options', 'nosniff')
    .send({ code: known.code, message: known.message } satisfies ErrorBody);
}

/**
 * Errors Node's HTTP parser raises before any request exists (oversized headers,
 * malformed requests, timeouts), answered in the API's shape on the raw socket.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', { code: 'HeadersTooLarge', message: 'The request headers are larger than the server accepts' }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', { code: 'RequestTimeout', message: 'The request took too long to arrive' }]
        : [400, 'Bad Request', { code: 'BadRequest', message: 'The request is not valid HTTP' }];
  const text = JSON.stringify(body satisfies ErrorBody);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${text}`,
  );
}

function mapFastifyError(error: FastifyError, request: FastifyRequest): HttpError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('Malformed JSON body: it is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('The body is empty but Content-Type is application/json; send a JSON object');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'PayloadTooLarge', `The body is larger than the limit of ${request.routeOptions.bodyLimit ?? 'the server'} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(
        415,
        'UnsupportedMediaType',
        `Unsupported Content-Type '${request.headers['content-type'] ?? ''}'; send application/json or application/x-www-form-urlencoded`,
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest('The Content-Length header does not match the body');
  }
  // JSON.parse errors thrown by our own parsers, and other 4xx Fastify raises, keep
  // their status; their message is safe to show (it describes the request, not us).
  if (error instanceof SyntaxError) return badRequest(`Malformed JSON body: ${error.message}`);
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new HttpError(error.statusCode, 'BadRequest', error.message);
  }
  return undefined;
}

/** 404 for routes that do not exist, in the API's error shape. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ code: 'NotFound', message: `No route for ${request.method} ${request.url.split('?')[0]}` } satisfies ErrorBody);
}
