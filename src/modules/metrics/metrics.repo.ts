import type { Database } from '../../db/client.js';

/**
 * Platform-wide figures read at scrape time for GET /metrics (operators' monitoring, not a
 * tenant's view: the only queries here not scoped by account, and read-only). Each reads a
 * partial index or pg-boss's own table; none scans the messages.
 */

/** Outbound messages waiting to be sent, by status (the dispatcher's queue: messages_queue_idx). */
export async function waitingMessages(database: Database): Promise<Array<{ status: string; n: number }>> {
  const r = await database.query<{ status: string; n: string | number }>(
    `select status, count(*) n from messages where status in ('scheduled', 'queued') group by status`);
  return r.rows.map((x) => ({ status: x.status, n: Number(x.n) }));
}

/** Webhook deliveries not yet made (webhook_deliveries_due_idx). */
export async function pendingWebhookDeliveries(database: Database): Promise<number> {
  const r = await database.query<{ n: string | number }>(`select count(*) n from webhook_deliveries where status = 'pending'`);
  return Number(r.rows[0]?.n ?? 0);
}

/** pg-boss jobs by queue and state (waiting, retrying, running, failed). */
export async function jobsByState(database: Database): Promise<Array<{ queue: string; state: string; n: number }>> {
  const r = await database.query<{ queue: string; state: string; n: string | number }>(
    `select name queue, state::text state, count(*) n from pgboss.job where state in ('created', 'retry', 'active', 'failed') group by 1, 2`);
  return r.rows.map((x) => ({ queue: x.queue, state: x.state, n: Number(x.n) }));
}
