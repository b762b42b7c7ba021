import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { OutboundSms, SendResult } from '../../providers/provider.js';
import { phoneHash, suppressedHashes } from '../consent/consent.service.js';
import * as repo from './messages.repo.js';
import { receiptChanges, takeEarlyReceipts } from './receipts.js';

export const CLAIM_SECONDS = 30;
export const MAX_ATTEMPTS = 6;
export const BATCH = 2000;

interface Claimed { id: string; account_id: string; old_status: string; from: string; to: string; body: string; segments: number; kind: string; provider: string; attempts: number }

/** Exponential backoff with jitter, capped at five minutes. */
export const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);

/** Senders with messages due now (or whose claim expired: their runner died). */
async function dueSenders(ctx: Ctx): Promise<string[]> {
  const { rows } = await ctx.database.query<{ number_id: string }>(
    `select distinct number_id from messages
     where (status in ('scheduled', 'queued') and next_attempt_at <= now()) or (status = 'sending' and claimed_until < now())
     limit 500`,
  );
  return rows.map((r) => r.number_id);
}

/**
 * Claims what the sender's throughput allows now (a token bucket shared by every process),
 * and cancels — in the same transaction — messages whose recipient opted out meanwhile.
 */
async function claim(ctx: Ctx, numberId: string): Promise<Claimed[]> {
  return withTx(ctx.db, async (tx) => {
    const q = txQuery(tx);
    const { rows: [bucket] } = await q<{ tokens: number }>(
      `update sender_buckets b set tokens = least(greatest(n.mps, 1), b.tokens + extract(epoch from (now() - b.refilled_at)) * n.mps), refilled_at = now()
       from phone_numbers n where n.id = b.number_id and b.number_id = $1 returning b.tokens`,
      [numberId],
    );
    const allowed = Math.min(BATCH, Math.floor(bucket?.tokens ?? 0));
    if (allowed < 1) return [];
    const { rows } = await q<Claimed>(
      `with c as (
         select id, status from messages
         where number_id = $1 and ((status in ('scheduled', 'queued') and next_attempt_at <= now()) or (status = 'sending' and claimed_until < now()))
         order by next_attempt_at limit $2 for update skip locked)
       update messages m set status = 'sending', claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS}), attempts = m.attempts + 1, updated_at = now()
       from c where m.id = c.id
       returning m.id, m.account_id, c.status as old_status, m."from", m."to", m.body, m.segments, m.kind, m.provider, m.attempts`,
      [numberId, allowed],
    );
    if (!rows.length) return [];
    await q(`update sender_buckets set tokens = tokens - $2 where number_id = $1`, [numberId, rows.reduce((n, r) => n + r.segments, 0)]);
    const claimed = rows.filter((r) => r.old_status !== 'sending');
    await historyOfClaims(tx, claimed);
    return cancelOptedOut(ctx, tx, rows);
  });
}

async function historyOfClaims(tx: Db, claimed: Claimed[]) {
  if (!claimed.length) return;
  await txQuery(tx)(
    `insert into message_events (account_id, message_id, status, source) select a, m, 'sending', 'dispatcher' from unnest($1::uuid[], $2::uuid[]) as u(a, m)`,
    [claimed.map((c) => c.account_id), claimed.map((c) => c.id)],
  );
  await repo.insertEvents(tx, claimed.map((c) => ({ accountId: c.account_id, type: 'message.status_changed', payload: { messageId: c.id, from: c.old_status, status: 'sending', errorCode: null } })));
}

/** DESIGN: a queued message to a number that opted out is canceled at claim time, never sent. */
async function cancelOptedOut(ctx: Ctx, tx: Db, rows: Claimed[]): Promise<Claimed[]> {
  const byAccount = new Map<string, Claimed[]>();
  for (const r of rows) if (r.kind !== 'keyword_reply') byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
  const cancel: Claimed[] = [];
  for (const [accountId, list] of byAccount) {
    const suppressed = await suppressedHashes(tx, accountId, list.map((r) => phoneHash(ctx, r.to)));
    cancel.push(...list.filter((r) => suppressed.has(phoneHash(ctx, r.to))));
  }
  await repo.applyStatusChanges(tx, cancel.map((r) => ({ id: r.id, accountId: r.account_id, from: 'sending', to: 'canceled', errorCode: 'recipient_opted_out', errorMessage: 'The recipient opted out before the message was sent.' })), 'dispatcher');
  const canceled = new Set(cancel.map((c) => c.id));
  return rows.filter((r) => !canceled.has(r.id));
}

/** Records what the carrier answered: sent, retry later, or failed — never only logged. */
async function record(ctx: Ctx, claimed: Claimed[], results: SendResult[]) {
  const byRef = new Map(claimed.map((c) => [c.id, c]));
  const changes: repo.StatusChange[] = results.map((r) => {
    const c = byRef.get(r.reference)!;
    if (r.ok) return { id: c.id, accountId: c.account_id, from: 'sending', to: 'sent', providerMessageId: r.providerMessageId };
    const n = c.attempts;
    if (r.transient && n < MAX_ATTEMPTS) {
      return { id: c.id, accountId: c.account_id, from: 'sending', to: 'queued', errorCode: r.code, errorMessage: r.message, nextAttemptAt: new Date(Date.now() + backoffMs(n)) };
    }
    return { id: c.id, accountId: c.account_id, from: 'sending', to: 'failed', errorCode: r.code, errorMessage: r.message };
  });
  await withTx(ctx.db, async (tx) => {
    await repo.applyStatusChanges(tx, changes, 'provider');
    const sent = results.filter((r): r is Extract<SendResult, { ok: true }> => r.ok);
    const provider = claimed[0]?.provider ?? '';
    const early = await takeEarlyReceipts(tx, provider, sent.map((s) => s.providerMessageId));
    if (early.length) {
      const targets = sent.map((s) => ({ id: s.reference, account_id: byRef.get(s.reference)!.account_id, status: 'sent', provider_message_id: s.providerMessageId }));
      await repo.applyStatusChanges(tx, receiptChanges(targets, early), 'carrier');
    }
  });
}

/**
 * Applies receipts that arrived before their message was marked sent and were not picked up
 * by that transaction (they raced it). Every pass sweeps, so none waits for long.
 */
export async function reconcileEarlyReceipts(ctx: Ctx): Promise<number> {
  return withTx(ctx.db, async (tx) => {
    const { rows } = await txQuery(tx)<{ id: string; account_id: string; status: string; provider: string; provider_message_id: string; r_status: string; error_code: string | null }>(
      `with e as (
         delete from early_receipts e using messages m
         where m.provider = e.provider and m.provider_message_id = e.provider_message_id
         returning m.id, m.account_id, m.provider, m.provider_message_id, e.status as r_status, e.error_code)
       select e.*, m.status from e join messages m on m.id = e.id for update of m`,
    );
    if (!rows.length) return 0;
    const targets = rows.map((r) => ({ id: r.id, account_id: r.account_id, status: r.status, provider_message_id: r.provider_message_id }));
    const receipts = rows.map((r) => ({ provider: r.provider, providerMessageId: r.provider_message_id, status: r.r_status as 'delivered', errorCode: r.error_code ?? undefined }));
    return (await repo.applyStatusChanges(tx, receiptChanges(targets, receipts), 'carrier')).length;
  });
}

/** One pass over every due sender; returns how many messages it handed to carriers. */
export async function dispatchOnce(ctx: Ctx): Promise<number> {
  let total = await reconcileEarlyReceipts(ctx);
  for (const numberId of await dueSenders(ctx)) {
    const claimed = await claim(ctx, numberId);
    if (!claimed.length) continue;
    const provider = ctx.providers.get(claimed[0].provider);
    const batch: OutboundSms[] = claimed.map((c) => ({ reference: c.id, from: c.from, to: c.to, body: c.body, segments: c.segments }));
    const results: SendResult[] = provider
      ? await provider.send(batch).catch((err: Error) => batch.map((b) => ({ reference: b.reference, ok: false as const, transient: true, code: 'provider_error', message: err.message.slice(0, 300) })))
      : batch.map((b) => ({ reference: b.reference, ok: false as const, transient: false, code: 'unknown_provider', message: `No provider "${claimed[0].provider}" is configured.` }));
    await record(ctx, claimed, results);
    total += claimed.length;
  }
  return total;
}

/** The dispatcher loop of a worker process: busy while there is work, idle-polling otherwise. */
export function startDispatcher(ctx: Ctx, log: { error: (o: object, m: string) => void }) {
  let running = true;
  let idleMs = 20;
  const loop = (async () => {
    while (running) {
      try {
        const n = await dispatchOnce(ctx);
        idleMs = n > 0 ? 0 : Math.min(200, idleMs * 2 || 20);
      } catch (err) {
        log.error({ err }, 'dispatch pass failed');
        idleMs = 1000;
      }
      if (idleMs) await new Promise((r) => setTimeout(r, idleMs));
    }
  })();
  return { stop: async () => { running = false; await loop; } };
}
