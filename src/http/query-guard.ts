import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';

/**
 * Unknown query parameters are refused, never ignored: `GET /v1/contacts?q=ann` used to answer
 * every contact, as if the filter had been applied. Every API route accepts exactly the keys of
 * its querystring schema, and none when it has none: anything else is a 400
 * `unknown_parameter` naming them, before validation and before any work.
 *
 * Only the API is held to this (`/v1/…` and the health probes). Pages, short links, carrier
 * webhooks (Twilio posts and appends fields of its own), media fetched by carriers and the
 * Twilio-compatible API (`/2010-04-01/…`, where Twilio ignores unknown parameters) take
 * whatever their callers add. A querystring schema that is a loose object (`z.looseObject`)
 * opts its route out as well.
 */
const API_PATHS = /^\/v1\/|^\/healthz$|^\/readyz$/;

export const inQueryGuardScope = (url: string) => API_PATHS.test(url);

/** The keys a querystring schema accepts; null when it accepts any. Throws for a shape it cannot read. */
export function queryKeysOf(schema: unknown): Set<string> | null {
  if (schema === undefined || schema === null) return new Set();
  if (schema instanceof z.ZodObject) {
    const catchall = schema._zod.def.catchall;
    if (catchall && !(catchall instanceof z.ZodNever)) return null;
    return new Set(Object.keys(schema.shape));
  }
  if (schema instanceof z.ZodPipe) return queryKeysOf(schema._zod.def.in);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return queryKeysOf(schema._zod.def.innerType);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodIntersection) {
    const parts = schema instanceof z.ZodUnion ? schema._zod.def.options : [schema._zod.def.left, schema._zod.def.right];
    const keys = parts.map(queryKeysOf);
    return keys.some((k) => k === null) ? null : new Set(keys.flatMap((k) => [...k!]));
  }
  throw new Error('A querystring schema must be a zod object (or a union, intersection or pipe of objects) so its parameters are known.');
}

/** The parameters of a query string that the route does not take, in the order sent. */
export function unknownParameters(query: unknown, allowed: Set<string> | null): string[] {
  if (!allowed || !query || typeof query !== 'object') return [];
  return Object.keys(query).filter((k) => !allowed.has(k));
}

export function unknownParameterError(names: string[], allowed: Set<string>) {
  const list = names.map((n) => `"${n}"`).join(', ');
  const accepted = [...allowed];
  return new AppError(400, 'unknown_parameter',
    `This route does not take the query parameter${names.length > 1 ? 's' : ''} ${list}${accepted.length ? ` (it takes: ${accepted.join(', ')})` : ' (it takes none)'}.`,
    { parameters: names, accepted });
}

/** Registers the check; call before any route is added (it reads each route's schema once, when registered). */
export function registerQueryGuard(app: FastifyInstance): void {
  const allowedByRoute = new Map<string, Set<string> | null>();
  const key = (method: string, url: string) => `${method} ${url}`;
  app.addHook('onRoute', (route) => {
    if (!inQueryGuardScope(route.url)) return;
    let allowed: Set<string> | null;
    try {
      allowed = queryKeysOf(route.schema?.querystring);
    } catch (e) {
      throw new Error(`Route ${String(route.method)} ${route.url}: ${(e as Error).message}`);
    }
    for (const method of [route.method].flat()) allowedByRoute.set(key(method, route.url), allowed);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const url = request.routeOptions.url;
    if (!url || !inQueryGuardScope(url)) return done();
    const allowed = allowedByRoute.get(key(request.method, url));
    if (allowed === undefined) return done();
    const unknown = unknownParameters(request.query, allowed);
    if (unknown.length && allowed) return done(unknownParameterError(unknown, allowed));
    done();
  });
}
