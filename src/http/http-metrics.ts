import type { FastifyInstance } from 'fastify';
import { httpDuration, statusClass } from '../lib/metrics.js';

/**
 * One latency observation per answered request (route template, not the URL: bounded labels).
 * Registered only when /metrics is on (METRICS_TOKEN), so a server without it pays nothing.
 */
export function registerHttpMetrics(app: FastifyInstance) {
  app.addHook('onResponse', (request, reply, done) => {
    httpDuration.observe({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status_class: statusClass(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
