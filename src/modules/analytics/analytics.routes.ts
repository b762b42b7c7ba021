import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { CsvDownload } from '../../http/responses.js';
import { AnalyticsQuery, AnalyticsSummary } from './analytics.schema.js';
import { analyticsCsv, analyticsSummary } from './analytics.service.js';

const tags = ['analytics'];
/** Business figures: any member may read them (as the message log); partner callers are refused (no partner rule). */
const read = { role: 'viewer', scope: 'messages:read' } as const;

/** The analytics dashboard (issue 13): figures from the daily rollups, and their CSV. */
export const analyticsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/analytics/summary', {
      config: { access: read },
      schema: { tags, summary: "Sent, delivered, failed, received, opt-ins/outs, errors, campaigns, response times, SLA (per agent and team) and cost over a range of the account's days", querystring: AnalyticsQuery, response: { 200: AnalyticsSummary } },
    }, async (request) => analyticsSummary(ctx, caller(request), request.query));

    app.get('/v1/analytics/export.csv', {
      config: { access: read },
      schema: { tags, summary: 'The summary\'s series as CSV (one line per day, week or month)', querystring: AnalyticsQuery, response: { 200: CsvDownload('The analytics series') } },
    }, async (request, reply) => {
      const { csv, from, to } = await analyticsCsv(ctx, caller(request), request.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="analytics-${from}-${to}.csv"`).send(csv);
    });
  };
