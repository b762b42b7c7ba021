import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { Receipt } from '../../providers/provider.js';
import * as receiptsRepo from './receipts.repo.js';
import { changeStatuses, type StatusChange } from './status.service.js';
import { advance, type MessageStatus } from './status.js';

type Target = Pick<receiptsRepo.ReceiptTarget, 'id' | 'account_id' | 'status' | 'provider' | 'provider_message_id'>;
const key = (accountId: string, provider: string, pid: string) => `${accountId}|${provider}|${pid}`;

/** Status changes that a set of receipts causes: forward moves only; late or repeated ones change nothing. */
export function receiptChanges(targets: Target[], receipts: Receipt[]): StatusChange[] {
  const byId = new Map(targets.map((t) => [key(t.account_id, t.provider, t.provider_message_id), { ...t }]));
  const changes = new Map<string, StatusChange>();
  for (const r of receipts) {
    const t = byId.get(key(r.accountId, r.provider, r.providerMessageId));
    if (!t) continue;
    const next = advance(t.status as MessageStatus, r.status);
    if (next === t.status) continue;
    const prev = changes.get(t.id);
    changes.set(t.id, { id: t.id, accountId: t.account_id, from: prev?.from ?? (t.status as MessageStatus), to: next, errorCode: r.errorCode ?? null });
    t.status = next;
  }
  return [...changes.values()];
}

/** Applies receipts from a carrier; those for messages not yet marked sent are kept for later. */
export async function applyReceipts(ctx: Ctx, receipts: Receipt[]): Promise<{ applied: number; early: number }> {
  if (!receipts.length) return { applied: 0, early: 0 };
  return withTx(ctx.db, async (tx) => {
    const targets = await receiptsRepo.lockTargets(tx, receipts);
    const known = new Set(targets.map((t) => key(t.account_id, t.provider, t.provider_message_id)));
    const early = receipts.filter((r) => !known.has(key(r.accountId, r.provider, r.providerMessageId)));
    await receiptsRepo.parkEarly(tx, early);
    const applied = await changeStatuses(tx, receiptChanges(targets, receipts), 'carrier', ctx);
    return { applied: applied.length, early: early.length };
  });
}

/** Receipts of one account that came before their message was marked sent (called in the same transaction). */
export function takeEarlyReceipts(tx: Db, accountId: string, provider: string, providerMessageIds: string[]): Promise<Receipt[]> {
  return receiptsRepo.takeEarly(tx, accountId, provider, providerMessageIds);
}

/**
 * Applies receipts that arrived before their message was marked sent and were not picked up
 * by that transaction (they raced it). Every dispatcher pass sweeps, so none waits for long.
 */
export async function reconcileEarlyReceipts(ctx: Ctx): Promise<number> {
  return withTx(ctx.db, async (tx) => {
    const rows = await receiptsRepo.takeMatchedEarly(tx);
    if (!rows.length) return 0;
    const receipts = rows.map((r) => ({ accountId: r.account_id, provider: r.provider, providerMessageId: r.provider_message_id, status: r.r_status, errorCode: r.error_code ?? undefined }));
    return (await changeStatuses(tx, receiptChanges(rows, receipts), 'carrier', ctx)).length;
  });
}
