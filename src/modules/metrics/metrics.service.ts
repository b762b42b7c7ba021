import { Gauge, Registry } from 'prom-client';
import type { Ctx } from '../../context.js';
import { safeEqual } from '../../lib/tokens.js';
import { processMetrics } from '../../lib/metrics.js';
import { AppError, unauthenticated } from '../../lib/errors.js';
import * as repo from './metrics.repo.js';

/**
 * GET /metrics: this process's counters and latency histogram (src/lib/metrics.ts) and, on the
 * API (ROLE api/all), the database's gauges, read when Prometheus scrapes (never per request).
 * A ROLE=worker process serves its own counters only (metrics.server.ts): the platform-wide
 * gauges come from the API target, so summing over targets counts nothing twice.
 */
export interface MetricsScraper {
  contentType: string;
  /** Throws 404 when METRICS_TOKEN is unset, 401 for a missing or wrong bearer token. */
  authorize(authorization: string | undefined): void;
  scrape(): Promise<string>;
}

function databaseGauges(ctx: Ctx): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'wm_messages_waiting', help: 'Outbound messages waiting to be sent (the dispatch queue), by status.', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      this.reset();
      const rows = await repo.waitingMessages(ctx.database);
      for (const status of ['queued', 'scheduled']) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
    },
  });
  new Gauge({
    name: 'wm_webhook_deliveries_pending', help: 'Webhook deliveries not yet made (the backlog, retries included).', registers: [registry],
    async collect() {
      this.set(await repo.pendingWebhookDeliveries(ctx.database));
    },
  });
  new Gauge({
    name: 'wm_jobs', help: 'Background jobs (pg-boss) by queue and state: created (waiting), retry, active, failed.', labelNames: ['queue', 'state'] as const, registers: [registry],
    async collect() {
      this.reset();
      for (const r of await repo.jobsByState(ctx.database)) this.set({ queue: r.queue, state: r.state }, r.n);
    },
  });
  return registry;
}

export function metricsScraper(ctx: Ctx, opts: { databaseGauges: boolean } = { databaseGauges: true }): MetricsScraper {
  const gauges = opts.databaseGauges ? databaseGauges(ctx) : null;
  const token = ctx.config.metricsToken;
  return {
    contentType: processMetrics.contentType,
    authorize(authorization) {
      if (!token) throw new AppError(404, 'not_found', 'Route GET /metrics not found.');
      if (!safeEqual(authorization ?? '', `Bearer ${token}`)) throw unauthenticated('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
    },
    async scrape() {
      const [own, db] = await Promise.all([processMetrics.metrics(), gauges?.metrics() ?? '']);
      return db ? `${own.trimEnd()}\n${db}` : own;
    },
  };
}
