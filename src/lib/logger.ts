import type { IncomingMessage } from 'node:http';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrubError, scrubText, scrubUrl, scrubValue } from './log-scrub.js';

/** Serialized paths that hold credentials, should a serializer ever emit headers. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-csrf-token"]',
];

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: IncomingMessage['socket'];
}

/** The log formatter has already made errors plain; a serializer may still meet a raw one. */
const safeError = (err: unknown) => (err instanceof Error ? scrubError(err) : scrubValue(err));

/**
 * The one logger configuration of every process (the HTTP app's and the services'): log lines
 * never carry password hashes, tokens, session or API keys, phone numbers, or the values bound to
 * a failed SQL statement. Errors lose `params`; URLs keep only harmless query values; any string
 * has its E.164 numbers masked.
 */
export function logOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      err: safeError,
      error: safeError,
      cause: safeError,
      req: (req: RequestLike) => ({
        method: req.method,
        url: typeof req.url === 'string' ? scrubUrl(req.url) : undefined,
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    formatters: {
      log: (object) => scrubValue(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const safe = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
        return method.apply(this, safe);
      },
    },
  };
}

/** A process logger (services, jobs, dispatcher) with the safe configuration. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(logOptions(level), destination) : pino(logOptions(level));
}
