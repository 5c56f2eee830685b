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
export function handleError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof HttpError) {
    void reply.status(error.status).send({ code: error.code, message: error.message } satisfies ErrorBody);
    return;
  }
  const mapped = mapFastifyError(error, request);
  if (mapped) {
    void reply.status(mapped.status).send({ code: mapped.code, message: mapped.message } satisfies ErrorBody);
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send({ code: 'InternalError', message: 'The sandbox failed to handle this request' } satisfies ErrorBody);
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
