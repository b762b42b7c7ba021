import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { Receipt } from '../../providers/provider.js';
import * as repo from './messages.repo.js';
import { advance, type MessageStatus } from './status.js';

interface Target { id: string; account_id: string; status: string; provider_message_id: string }

/** Status changes that a set of receipts causes: forward moves only; late or repeated ones change nothing. */
export function receiptChanges(targets: Target[], receipts: Receipt[]): repo.StatusChange[] {
  const byId = new Map(targets.map((t) => [t.provider_message_id, { ...t }]));
  const changes = new Map<string, repo.StatusChange>();
  for (const r of receipts) {
    const t = byId.get(r.providerMessageId);
    if (!t) continue;
    const next = advance(t.status as MessageStatus, r.status);
    if (next === t.status) continue;
    const prev = changes.get(t.id);
    changes.set(t.id, { id: t.id, accountId: t.account_id, from: prev?.from ?? t.status, to: next, errorCode: r.errorCode ?? null });
    t.status = next;
  }
  return [...changes.values()];
}

/** Applies receipts from a carrier; those for messages not yet marked sent are kept for later. */
export async function applyReceipts(ctx: Ctx, receipts: Receipt[]): Promise<{ applied: number; early: number }> {
  if (!receipts.length) return { applied: 0, early: 0 };
  return withTx(ctx.db, async (tx) => {
    const q = txQuery(tx);
    const { rows } = await q<Target>(
      `select m.id, m.account_id, m.status, m.provider_message_id from messages m
       join unnest($1::text[], $2::text[]) as r(provider, pid) on m.provider = r.provider and m.provider_message_id = r.pid for update of m`,
      [receipts.map((r) => r.provider), receipts.map((r) => r.providerMessageId)],
    );
    const known = new Set(rows.map((r) => r.provider_message_id));
    const early = receipts.filter((r) => !known.has(r.providerMessageId));
    if (early.length) {
      await q(
        `insert into early_receipts (provider, provider_message_id, status, error_code) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) on conflict do nothing`,
        [early.map((r) => r.provider), early.map((r) => r.providerMessageId), early.map((r) => r.status), early.map((r) => r.errorCode ?? null)],
      );
    }
    const applied = await repo.applyStatusChanges(tx, receiptChanges(rows, receipts), 'carrier');
    return { applied: applied.length, early: early.length };
  });
}

/** Receipts that came before their message was marked sent (called in the same transaction). */
export async function takeEarlyReceipts(tx: Db, provider: string, providerMessageIds: string[]): Promise<Receipt[]> {
  if (!providerMessageIds.length) return [];
  const { rows } = await txQuery(tx)<{ provider_message_id: string; status: Receipt['status']; error_code: string | null }>(
    `delete from early_receipts where provider = $1 and provider_message_id = any($2::text[]) returning provider_message_id, status, error_code`,
    [provider, providerMessageIds],
  );
  return rows.map((r) => ({ provider, providerMessageId: r.provider_message_id, status: r.status, errorCode: r.error_code ?? undefined }));
}
