import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { CsvDownload } from '../../http/responses.js';
import { sendStream } from '../../http/stream.js';
import { TimelineOut, TimelineQuery } from './results.schema.js';
import * as results from './results.service.js';

const tags = ['campaigns'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
/** Per-recipient outcomes carry phone numbers and names: exported as contacts are (admins, contacts:export). */
const exportAccess = { role: 'admin', scope: 'contacts:export' } as const;
const Id = z.object({ id: z.string().min(1).max(100) });

/** Campaign results (issue 9): activity over time and the per-recipient CSV. */
export const campaignResultsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/campaigns/:id/timeline', {
      config: { access: read },
      schema: { tags, summary: 'Sent, delivered, failed, replies and opt-outs per minute, hour or day', params: Id, querystring: TimelineQuery, response: { 200: TimelineOut } },
    }, async (request) => results.campaignTimeline(ctx, caller(request), request.params.id, request.query.bucket));

    app.get('/v1/campaigns/:id/recipients.csv', {
      config: { access: exportAccess },
      schema: { tags, summary: 'Per-recipient outcomes as CSV (status, skip reason, message, times, error code)', params: Id, response: { 200: CsvDownload('The campaign\'s recipients') } },
    }, async (request, reply) => {
      const stream = results.recipientsCsv(ctx, caller(request), request.params.id, requestMeta(request));
      const first = await stream.next(); // 404 for an unknown campaign before headers go out
      async function* all() {
        if (!first.done) yield first.value;
        yield* stream;
      }
      return sendStream(reply, 'csv', 'campaign-recipients', all());
    });
  };
