import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import { guardedPost } from '../../lib/net-guard-post.js';
import { membersOf } from '../accounts/team.service.js';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { DISABLE_AFTER_MS, nextAttemptAt, outcomeOf } from './retry.js';
import { signingSecrets } from './secrets.js';
import { signedHeaders } from './signing.js';
import * as repo from './webhooks.repo.js';

const EXCERPT_BYTES = 1024;

/**
 * One attempt of a claimed delivery: signed (every current secret), sent through the SSRF guard,
 * recorded (headers, status, first KB of the answer, latency), then the delivery is done, failed
 * or scheduled again (retry.ts), and the endpoint's health follows: 410 switches it off, five
 * days of failures without a success too (its owners are mailed).
 */
export async function attemptDelivery(ctx: Ctx, d: repo.Claimed): Promise<void> {
  const endpoint = await repo.findEndpoint(ctx.db, d.account_id, d.endpoint_id);
  if (!endpoint || !endpoint.enabled) {
    await withTx(ctx.db, (tx) => repo.finishAttempt(tx, d.account_id, d.id, { status: 'pending', attempts: d.attempts, nextAttemptAt: ctx.now(), lastStatusCode: null, lastError: 'endpoint_disabled', lastAttemptAt: ctx.now() }));
    return;
  }
  const body = JSON.stringify(d.payload);
  // The signature's timestamp is the wall clock: receivers check it against theirs (replay protection).
  const headers = signedHeaders(signingSecrets(ctx, endpoint, ctx.now()), toPublicId('webhookMessage', d.message_id), Math.floor(Date.now() / 1000), body);
  const r = await guardedPost(endpoint.url, body, { allowedHosts: ctx.config.webhooks.allowedHosts, timeoutMs: ctx.config.webhooks.timeoutMs, excerptBytes: EXCERPT_BYTES, headers });
  const now = ctx.now();
  const attempts = d.attempts + 1;
  const status = r.ok ? r.status : null;
  const outcome = outcomeOf(status, attempts);
  const error = r.ok ? (outcome === 'succeeded' ? null : `HTTP ${r.status}`) : `${r.code}: ${r.message}`;
  await withTx(ctx.db, async (tx) => {
    await repo.insertAttempt(tx, {
      accountId: d.account_id, id: newUuid(), deliveryId: d.id, endpointId: d.endpoint_id, url: endpoint.url,
      requestHeaders: { ...headers, 'webhook-signature': `${headers['webhook-signature'].split(' ').length} signature(s)` },
      statusCode: status, responseExcerpt: r.ok ? r.excerpt : null, error: r.ok ? null : error, latencyMs: r.latencyMs, createdAt: now,
    });
    const next = outcome === 'retry' ? nextAttemptAt(attempts, now, r.ok ? r.retryAfter : null) : null;
    await repo.finishAttempt(tx, d.account_id, d.id, {
      status: outcome === 'succeeded' ? 'succeeded' : next ? 'pending' : 'failed', attempts, nextAttemptAt: next, lastStatusCode: status, lastError: error, lastAttemptAt: now,
    });
    if (outcome === 'succeeded') {
      if (endpoint.failingSince) await repo.updateEndpoint(tx, d.account_id, endpoint.id, { failingSince: null });
      return;
    }
    if (outcome === 'gone') return disable(ctx, tx, endpoint, 'gone');
    const since = endpoint.failingSince ?? now;
    if (now.getTime() - since.getTime() >= DISABLE_AFTER_MS) return disable(ctx, tx, endpoint, 'failing');
    if (!endpoint.failingSince) await repo.updateEndpoint(tx, d.account_id, endpoint.id, { failingSince: now });
  });
}

async function disable(ctx: Ctx, tx: Parameters<typeof repo.updateEndpoint>[0], e: repo.EndpointRow, reason: 'gone' | 'failing'): Promise<void> {
  await repo.updateEndpoint(tx, e.accountId, e.id, { enabled: false, disabledReason: reason });
  await recordAudit(tx, { accountId: e.accountId, actor: SYSTEM_ACTOR, action: 'webhook_endpoint.disabled', target: { type: 'webhook_endpoint', id: e.id }, details: { reason, url: e.url } });
  if (reason !== 'failing') return;
  const link = `${ctx.config.publicUrl}/settings/webhooks`;
  for (const m of (await membersOf(tx, e.accountId)).filter((x) => x.role === 'owner')) {
    await queueEmail(ctx, tx, {
      accountId: e.accountId, to: m.email, subject: 'A webhook endpoint was switched off',
      text: `Deliveries to your webhook endpoint ${e.url} have failed for 5 days, so West Message switched it off.\n\nFix the receiver, then switch the endpoint on again and replay what it missed: ${link}\n`,
    });
  }
}

/**
 * Sends due deliveries with bounded concurrency (WEBHOOK_CONCURRENCY in all, WEBHOOK_CONCURRENCY_PER_ENDPOINT
 * per endpoint), never waiting on one endpoint to claim for another: a slow receiver holds only its own slots.
 */
export class DeliveryPool {
  private perEndpoint = new Map<string, number>();
  private running = new Set<Promise<void>>();
  constructor(private ctx: Ctx, private onError: (err: unknown) => void = () => {}) {}

  get inFlight() { return this.running.size; }

  /** Claims what is due and free to send and starts it; how many it started. */
  async tick(): Promise<number> {
    const { concurrency, perEndpoint, timeoutMs } = this.ctx.config.webhooks;
    const room = concurrency - this.running.size;
    if (room <= 0) return 0;
    const busy = [...this.perEndpoint.entries()];
    const now = this.ctx.now();
    const claimed = await repo.claimDue(this.ctx.database.query, now, new Date(now.getTime() + timeoutMs + 60_000), room, perEndpoint, { ids: busy.map((b) => b[0]), counts: busy.map((b) => b[1]) });
    for (const d of claimed) {
      this.perEndpoint.set(d.endpoint_id, (this.perEndpoint.get(d.endpoint_id) ?? 0) + 1);
      const p: Promise<void> = attemptDelivery(this.ctx, d).catch(this.onError).finally(() => {
        this.running.delete(p);
        const n = (this.perEndpoint.get(d.endpoint_id) ?? 1) - 1;
        if (n <= 0) this.perEndpoint.delete(d.endpoint_id);
        else this.perEndpoint.set(d.endpoint_id, n);
      });
      this.running.add(p);
    }
    return claimed.length;
  }

  /** Resolves when one running delivery ends (or at once when none runs). */
  async nextCompletion(): Promise<void> {
    if (this.running.size) await Promise.race(this.running);
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

/** Tests and tools: sends everything due now and waits for the answers; how many attempts were made. */
export async function deliverDue(ctx: Ctx): Promise<number> {
  const pool = new DeliveryPool(ctx, (err) => { throw err; });
  let total = 0;
  for (;;) {
    const n = await pool.tick();
    await pool.drain();
    total += n;
    if (n === 0) return total;
  }
}
