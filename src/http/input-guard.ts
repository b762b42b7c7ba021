import type { FastifyInstance } from 'fastify';
import { badRequest } from '../lib/errors.js';
import { findBadText } from '../lib/text.js';

/** Throws 400 `invalid_characters` naming the first offending place. */
export function assertCleanText(value: unknown, root: string): void {
  const bad = findBadText(value, root);
  if (!bad) return;
  const what = bad.reason === 'nul' ? 'a NUL character (\\u0000)' : 'an unpaired UTF-16 surrogate';
  throw badRequest('invalid_characters', `${bad.path} contains ${what}, which cannot be stored.`, { path: bad.path, reason: bad.reason });
}

/** Header values the API stores or echoes. */
const HEADERS = ['user-agent', 'idempotency-key', 'x-request-id'] as const;

/**
 * Refuses, before validation, any request whose body, query string, path parameters or used
 * headers carry text that PostgreSQL cannot store (NUL, unpaired surrogates). Multipart bodies
 * are streamed by their routes, which check their parts with `assertCleanText`.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      assertCleanText(request.params, 'params');
      assertCleanText(request.query, 'query');
      assertCleanText(request.body, 'body');
      for (const h of HEADERS) assertCleanText(request.headers[h], `headers.${h}`);
    } catch (err) {
      return done(err as Error);
    }
    done();
  });
}
