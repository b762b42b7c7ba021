import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../context.js';
import { metricsScraper } from './metrics.service.js';

/** GET /metrics (Prometheus text format), behind `Authorization: Bearer $METRICS_TOKEN`; off without it. */
export function metricsRoutes(ctx: Ctx) {
  return async function routes(app: FastifyInstance) {
    const scraper = metricsScraper(ctx);
    app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
      scraper.authorize(request.headers.authorization);
      const text = await scraper.scrape();
      return reply.header('content-type', scraper.contentType).header('cache-control', 'no-store').send(text);
    });
  };
}
