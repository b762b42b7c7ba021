import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
  requestId: string;
}

function fromFastify(error: FastifyError): AppError | null {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
      message: v.message ?? 'invalid',
    }));
    const field = error.validation[0]?.instancePath.split('/').filter(Boolean).pop();
    return new AppError(422, 'validation_failed', `Invalid request: ${issues[0]?.path ?? 'body'} ${issues[0]?.message ?? ''}`.trim(), {
      issues,
      ...(field ? { field } : {}),
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'payload_too_large', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'malformed_json', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(400, 'malformed_json', 'The body is not valid JSON.');
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new AppError(400, 'malformed_json', 'The body is not valid JSON.');
  }
  if (error.statusCode === 429) return new AppError(429, 'rate_limited', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(error.statusCode, 'bad_request', error.message);
  }
  return null;
}

/** Every error leaves as {error:{code,message,details}}; 5xx messages are never shown. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const error = err as FastifyError;
    const known = error instanceof AppError ? error : fromFastify(error);
    let body: ErrorBody;
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      body = { error: { code: known.code, message: known.message, details: known.details }, requestId: request.id };
      if (known.status === 429 && typeof known.details.retryAfterSeconds === 'number') {
        void reply.header('retry-after', String(known.details.retryAfterSeconds));
      }
      return reply.status(known.status).send(body);
    }
    if (isResponseSerializationError(error)) request.log.error({ err: error, cause: error.cause }, 'response did not match schema');
    else request.log.error({ err: error }, 'unhandled error');
    body = { error: { code: 'internal_error', message: 'Something went wrong on our side.', details: {} }, requestId: request.id };
    return reply.status(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'route_not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.`, details: {} },
      requestId: request.id,
    };
    return reply.status(404).send(body);
  });
}

/**
 * Errors Fastify raises before routing (a URL that does not decode, a path parameter over the
 * length limit) get the same error shape as every other answer — or, under a prefix that answers in
 * another API's shape (the Twilio-compatible API), the body `present` makes of the status and message.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, present?: (status: number, message: string) => unknown) {
  const known: Record<string, [number, string, string]> = {
    FST_ERR_BAD_URL: [400, 'bad_url', 'The address is not a valid URL (malformed percent-encoding).'],
    FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'A path segment of the address is too long.'],
  };
  const [status, code, message] = known[error.code] ?? [500, 'internal_error', 'Something went wrong on our side.'];
  if (status >= 500) request.log.error({ err: error }, 'routing failed');
  if (present) return reply.status(status).type('application/json').send(present(status, message));
  const body: ErrorBody = { error: { code, message, details: {} }, requestId: request.id };
  return reply.status(status).send(body);
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (an address or headers over the
 * size limit, bytes that are not HTTP, a client too slow to send its request): the same error
 * shape as every other answer, where Fastify's default writes a shape of its own. No request id
 * (there is no request); the connection is closed, as Node does.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request_timeout', 'The request was not received in time.']
    : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'header_too_large', 'The address or the headers are too long (the limit is 16 KB in all).']
      : [400, 'bad_request', 'The request is not valid HTTP.'];
  this.log.trace({ err }, 'client error');
  const body = JSON.stringify({ error: { code, message, details: {} } } satisfies Omit<ErrorBody, 'requestId'>);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
