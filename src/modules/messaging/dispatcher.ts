import type { Ctx } from '../../context.js';
import { withTx, type Tx } from '../../db/tx.js';
import type { OutboundSms, SendResult } from '../../providers/provider.js';
import { phoneHash, suppressedHashes } from '../consent/consent.service.js';
import * as dispatch from './dispatch.repo.js';
import type { Claimed } from './dispatch.repo.js';
import { receiptChanges, reconcileEarlyReceipts, takeEarlyReceipts } from './receipts.js';
import { changeStatuses, type StatusChange } from './status.service.js';

export const MAX_ATTEMPTS = 6;
export const BATCH = 2000;

/** Exponential backoff with jitter, capped at five minutes. */
export const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);

/**
 * Claims what the sender's throughput allows now (a token bucket shared by every process) as
 * leases on queued messages, and — in the same transaction — settles those whose recipient
 * opted out meanwhile, so no submission starts after an opt-out committed.
 */
async function claim(ctx: Ctx, accountId: string, numberId: string): Promise<Claimed[]> {
  return withTx(ctx.db, async (tx) => {
    const allowed = Math.min(BATCH, Math.floor(await dispatch.refillTokens(tx, accountId, numberId)));
    if (allowed < 1) return [];
    const rows = await dispatch.leaseDue(tx, accountId, numberId, allowed, ctx.config.dispatchClaimMs / 1000);
    if (!rows.length) return [];
    await dispatch.spendTokens(tx, accountId, numberId, rows.reduce((n, r) => n + r.segments, 0));
    return settleOptedOut(ctx, tx, accountId, rows);
  });
}

/**
 * DESIGN: a queued message to a number that opted out is canceled at claim time, never sent.
 * One whose earlier claim expired unrecorded may already be at the carrier: it is not resubmitted
 * and ends `failed` (outcome unknown), never claimed as "canceled".
 */
async function settleOptedOut(ctx: Ctx, tx: Tx, accountId: string, rows: Claimed[]): Promise<Claimed[]> {
  const candidates = rows.filter((r) => r.kind !== 'keyword_reply');
  if (!candidates.length) return rows;
  const suppressed = await suppressedHashes(tx, accountId, candidates.map((r) => phoneHash(ctx, r.to)));
  const out = candidates.filter((r) => suppressed.has(phoneHash(ctx, r.to)));
  if (!out.length) return rows;
  await changeStatuses(tx, out.map((r): StatusChange => r.taken_over
    ? { ...claimOf(r), to: 'failed', errorCode: 'recipient_opted_out', errorMessage: 'The recipient opted out before a retry; an earlier submission\'s outcome is unknown, so it was not resubmitted.' }
    : { ...claimOf(r), to: 'canceled', errorCode: 'recipient_opted_out', errorMessage: 'The recipient opted out before the message was sent.' }), 'dispatcher');
  const settled = new Set(out.map((r) => r.id));
  return rows.filter((r) => !settled.has(r.id));
}

/** The identity of a claimed message for a status change: guarded by its status and this claim. */
const claimOf = (c: Claimed) => ({ id: c.id, accountId: c.account_id, from: c.status, attempt: c.attempts, details: { claimedAt: c.claimed_at } });

/** Records what the carrier answered: sent, retry later, or failed — never only logged. */
async function record(ctx: Ctx, claimed: Claimed[], results: SendResult[]) {
  const byRef = new Map(claimed.map((c) => [c.id, c]));
  const changes: StatusChange[] = [];
  const deferrals: dispatch.Deferral[] = [];
  for (const r of results) {
    const c = byRef.get(r.reference)!;
    if (r.ok) changes.push({ ...claimOf(c), to: 'sent', providerMessageId: r.providerMessageId });
    else if (r.transient && c.attempts < MAX_ATTEMPTS) {
      deferrals.push({ id: c.id, accountId: c.account_id, attempt: c.attempts, errorCode: r.code, errorMessage: r.message, nextAttemptAt: new Date(Date.now() + backoffMs(c.attempts)) });
    } else changes.push({ ...claimOf(c), to: 'failed', errorCode: r.code, errorMessage: r.message });
  }
  await withTx(ctx.db, async (tx) => {
    const applied = await changeStatuses(tx, changes, 'provider');
    await dispatch.deferAttempts(tx, deferrals);
    const sent = applied.filter((c) => c.to === 'sent');
    if (!sent.length) return;
    const { account_id: accountId, provider } = claimed[0];
    const early = await takeEarlyReceipts(tx, accountId, provider, sent.map((s) => s.providerMessageId!));
    if (early.length) {
      const targets = sent.map((s) => ({ id: s.id, account_id: accountId, status: 'sent', provider, provider_message_id: s.providerMessageId! }));
      await changeStatuses(tx, receiptChanges(targets, early), 'carrier');
    }
  });
}

/** One pass over every due sender; returns how many messages it handed to carriers. */
export async function dispatchOnce(ctx: Ctx): Promise<number> {
  let total = await reconcileEarlyReceipts(ctx);
  for (const { account_id: accountId, number_id: numberId } of await dispatch.dueSenders(ctx.database.query)) {
    const claimed = await claim(ctx, accountId, numberId);
    if (!claimed.length) continue;
    const provider = ctx.providers.get(claimed[0].provider);
    const batch: OutboundSms[] = claimed.map((c) => ({ reference: c.id, accountId: c.account_id, from: c.from, to: c.to, body: c.body, segments: c.segments }));
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
