import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics that code increments as things happen (prom-client). Each
 * process keeps its own; GET /metrics (src/modules/metrics) adds the figures read from the
 * database at scrape time (queue depth, webhook backlog, jobs by state) — nothing here touches
 * the database, and a request costs one histogram observation.
 */
export const processMetrics = new Registry();

export const httpDuration = new Histogram({
  name: 'wm_http_request_duration_seconds',
  help: 'HTTP request latency by route template, method and status class.',
  labelNames: ['route', 'method', 'status_class'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processMetrics],
});

export const messagesSent = new Counter({
  name: 'wm_messages_sent_total',
  help: 'Messages a carrier accepted (recorded sent by the dispatcher of this process).',
  registers: [processMetrics],
});

export const carrierErrors = new Counter({
  name: 'wm_carrier_errors_total',
  help: 'Messages that failed or came back undelivered with a carrier error, by error code.',
  labelNames: ['code'] as const,
  registers: [processMetrics],
});

export const jobFailures = new Counter({
  name: 'wm_job_failures_total',
  help: 'Background job runs (pg-boss) whose handler threw, by queue (each failed attempt counts).',
  labelNames: ['queue'] as const,
  registers: [processMetrics],
});

const STATUS_CLASS = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** Status class label of an HTTP status code ("2xx"… "5xx"). */
export const statusClass = (status: number) => STATUS_CLASS[Math.floor(status / 100)] ?? 'other';

/** An error code as a label: bounded in length and alphabet (a carrier may send anything). */
export function errorCodeLabel(code: string | null | undefined): string {
  if (!code) return 'unknown';
  return code.slice(0, 40).replace(/[^A-Za-z0-9_.:-]/g, '_');
}
