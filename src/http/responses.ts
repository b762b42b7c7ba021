import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Response schemas shared by every module. The serializer validates each response against
 * its route's schema, and the OpenAPI document (and through it the web app's types) is
 * generated from the same schemas.
 */

/** Every 4xx leaves in this shape (see errors.ts). */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed, not_found.' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'Error', description: 'The request was refused: {error:{code,message,details}, requestId}.' });

/** A 204: nothing in the body. */
export const NoContent = z.undefined().meta({ description: 'Done; the response has no body.' });

/** A list page: `{data, nextCursor}`; `nextCursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }) });

export const MEDIA_TYPES_KEY = 'x-media-types';

/**
 * A non-JSON body (a file download, a server-sent event stream). At run time these routes
 * send a stream, which the serializer never sees; the OpenAPI transform turns the marker
 * into a response with these media types.
 */
export const nonJson = (mediaTypes: string[], description: string) => z.string().meta({ description, [MEDIA_TYPES_KEY]: mediaTypes });

export const CsvDownload = (what: string) => nonJson(['text/csv'], `${what} (CSV file, sent as an attachment).`);

/** Gives every /v1 route the shared error response for 4xx unless it declares its own. */
export function registerErrorResponses(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/') || route.schema?.hide) return;
    const schema = (route.schema ??= {});
    const response = (schema.response ??= {}) as Record<string, unknown>;
    response['4xx'] ??= ErrorResponse;
  });
}
