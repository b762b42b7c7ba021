import type { FastifyInstance } from 'fastify';
import { badRequest } from '../lib/errors.js';

/** A NUL, or a UTF-16 surrogate without its partner: PostgreSQL refuses both in text and jsonb. */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface BadText {
  path: string;
  reason: 'nul' | 'lone_surrogate';
}

function check(s: string, path: string): BadText | null {
  const m = BAD_TEXT.exec(s);
  return m ? { path, reason: m[0] === '\u0000' ? 'nul' : 'lone_surrogate' } : null;
}

/**
 * The first string (value or object key) in a JSON-like value that the database cannot store.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findBadText(value: unknown, root: string): BadText | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = check(v, path);
      if (bad) return bad;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const bad = check(k, `${path}.${k}`);
        if (bad) return bad;
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return null;
}

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
  app.addHook('preValidation', async (request) => {
    assertCleanText(request.params, 'params');
    assertCleanText(request.query, 'query');
    assertCleanText(request.body, 'body');
    for (const h of HEADERS) assertCleanText(request.headers[h], `headers.${h}`);
  });
}
