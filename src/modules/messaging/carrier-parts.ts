import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { newUuid } from '../../lib/ids.js';
import type { Receipt, ReceiptStatus } from '../../providers/provider.js';
import * as dispatch from './dispatch.repo.js';
import * as parts from './parts.repo.js';
import * as receiptsRepo from './receipts.repo.js';
import { receiptChanges } from './receipts.js';
import { changeStatuses, type StatusChange } from './status.service.js';

/**
 * Messages a carrier took as several parts, each with its own carrier id (SMPP concatenated
 * messages). The connection reports such a message's id as its parts' ids in order, joined by
 * commas (`1000,1001,1002`), and a receipt for each part by that part's id. The parts are kept in
 * carrier_message_parts (written with the `sent` status); the message is final once its parts
 * are: undelivered/failed as soon as one part is (the first such part wins), delivered when all are.
 * A single-part id has no comma and no part rows: its receipts match messages.provider_message_id.
 */
export const partIdsOf = (providerMessageId: string): string[] | null => (providerMessageId.includes(',') ? providerMessageId.split(',') : null);

/** The status a multipart message's parts add up to, or null while it is not final (pure). */
export function partsVerdict(rows: Array<{ part: number; parts: number; status: string | null; error_code: string | null }>): { status: ReceiptStatus; errorCode?: string } | null {
  const sorted = [...rows].sort((a, b) => a.part - b.part);
  const bad = sorted.find((r) => r.status !== null && r.status !== 'delivered' && r.status !== 'sent');
  if (bad) return { status: bad.status as ReceiptStatus, ...(bad.error_code ? { errorCode: bad.error_code } : {}) };
  const total = sorted[0]?.parts ?? 0;
  const delivered = sorted.filter((r) => r.status === 'delivered').length;
  return total > 0 && delivered >= total ? { status: 'delivered' } : null;
}

/**
 * Applies receipts that name parts (in the caller's transaction). Returns the indexes of the
 * receipts that named a known part, and the status changes applied to their messages.
 */
async function applyPartReceipts(ctx: Ctx, tx: Db, receipts: Receipt[]): Promise<{ matched: Set<number>; applied: StatusChange[] }> {
  const named = await parts.markParts(tx, receipts);
  if (!named.length) return { matched: new Set(), applied: [] };
  const keys = [...new Map(named.map((n) => [`${n.account_id}|${n.message_id}`, n])).values()];
  // The message lock serialises writers of the same message: the last one sees every part.
  const targets = await parts.lockMessages(tx, keys);
  const rows = await parts.partsOf(tx, keys);
  const verdicts: Receipt[] = [];
  for (const t of targets) {
    const v = partsVerdict(rows.filter((r) => r.account_id === t.account_id && r.message_id === t.id));
    if (v && t.provider_message_id) verdicts.push({ accountId: t.account_id, provider: t.provider, providerMessageId: t.provider_message_id, status: v.status, errorCode: v.errorCode });
  }
  const applied = await changeStatuses(tx, receiptChanges(targets, verdicts), 'carrier', ctx);
  return { matched: new Set(named.map((n) => n.idx)), applied };
}

export interface CarrierReceiptsOutcome { applied: number; early: number }

/**
 * Receipts from a carrier session (SMPP): a receipt naming a message's own id applies to it, one
 * naming a part applies to the part (and to its message once the parts are final), any other is
 * parked until its id is recorded (it came before the submit response was recorded, or names a
 * message we never sent: counted by the caller as unmatched). One transaction; the message lookup
 * comes first, so a send recorded concurrently is seen either by it or by the part lookup after it.
 */
export async function applyCarrierReceipts(ctx: Ctx, receipts: Receipt[]): Promise<CarrierReceiptsOutcome> {
  if (!receipts.length) return { applied: 0, early: 0 };
  return withTx(ctx.db, async (tx) => {
    const targets = await receiptsRepo.lockTargets(tx, receipts);
    const known = new Set(targets.map((t) => `${t.account_id}|${t.provider}|${t.provider_message_id}`));
    const rest = receipts.filter((r) => !known.has(`${r.accountId}|${r.provider}|${r.providerMessageId}`));
    const direct = await changeStatuses(tx, receiptChanges(targets, receipts), 'carrier', ctx);
    const viaParts = await applyPartReceipts(ctx, tx, rest);
    const early = rest.filter((_, i) => !viaParts.matched.has(i));
    await receiptsRepo.parkEarly(tx, early);
    return { applied: direct.length + viaParts.applied.length, early: early.length };
  });
}

/**
 * In the transaction that marks messages sent: the parts of those sent as several parts, and the
 * receipts of those parts that came first (parked).
 */
export async function recordParts(ctx: Ctx, tx: Db, accountId: string, provider: string, sent: Array<{ id: string; providerMessageId: string }>): Promise<number> {
  const rows = sent.flatMap((s) => (partIdsOf(s.providerMessageId) ?? []).map((partId, i, all) => ({ messageId: s.id, partId, part: i + 1, parts: all.length })));
  if (!rows.length) return 0;
  await parts.insertParts(tx, accountId, provider, rows);
  const early = await receiptsRepo.takeEarly(tx, accountId, provider, rows.map((r) => r.partId));
  if (!early.length) return 0;
  return (await applyPartReceipts(ctx, tx, early)).applied.length;
}

/** Parked receipts whose part was recorded after they were parked (they raced the record): applied. */
export async function reconcileEarlyParts(ctx: Ctx): Promise<number> {
  return withTx(ctx.db, async (tx) => {
    const early = await parts.takeEarlyParts(tx);
    if (!early.length) return 0;
    return (await applyPartReceipts(ctx, tx, early)).applied.length;
  });
}

// ---- at most once for carriers without an idempotency key ----

/** What may be sent, its journal row, and how many of `send` (its first) the row lists (all but with a window). */
export interface Journaled<T> { send: T[]; journal: string | null; listed: number }

/**
 * Before a batch is handed to a carrier that has no idempotency key (SMPP; Twilio unless the connection
 * resends unknown outcomes, carrier-sessions.ts journalsHandOver): a message whose
 * earlier claim was taken over (its worker died or its lease ran out unrecorded) and that a
 * journaled batch lists may have reached the carrier, so it is not resubmitted — it ends `failed`
 * (`outcome_unknown`). A taken-over message no journal lists was never handed over: it goes out.
 * The rest is journaled (one row for the batch) before the hand-over, and the row is dropped with
 * the batch's record. Returns what may be sent and the journal row.
 *
 * With a `window` (a connection that submits a batch window by window, HandOverJournal), the row lists only the first
 * `window` texts: the connection asks for each further window (extendJournal) before it submits it, so after a hard kill
 * only what may have been submitted is listed — the rest of the batch, never handed to the carrier, is sent by the takeover.
 */
export async function journalHandOver<T extends { id: string; account_id: string; status: 'scheduled' | 'queued'; attempts: number; taken_over: boolean; claimed_at: Date }>(
  ctx: Ctx, rows: T[], window: number | null = null,
): Promise<Journaled<T>> {
  if (!rows.length) return { send: rows, journal: null, listed: 0 };
  const accountId = rows[0].account_id;
  return withTx(ctx.db, async (tx) => {
    const over = rows.filter((r) => r.taken_over).map((r) => r.id);
    const unknown = await parts.handedOver(tx, accountId, over);
    if (unknown.size) {
      await changeStatuses(tx, rows.filter((r) => unknown.has(r.id)).map((r): StatusChange => ({
        id: r.id, accountId, from: r.status, attempt: r.attempts, to: 'failed', errorCode: 'outcome_unknown',
        errorMessage: 'A worker handed this message to the carrier and stopped before recording the answer; the carrier has no idempotency key, so it was not resubmitted.',
        details: { claimedAt: r.claimed_at },
      })), 'dispatcher');
      await parts.dropSettledHandovers(tx, accountId, [...unknown]);
    }
    const send = rows.filter((r) => !unknown.has(r.id));
    if (!send.length) return { send, journal: null, listed: 0 };
    const journal = newUuid();
    const listed = window && window < send.length ? window : send.length;
    await parts.insertHandover(tx, accountId, journal, (listed < send.length ? send.slice(0, listed) : send).map((r) => r.id));
    return { send, journal, listed };
  });
}

/**
 * Adds messages a connection is about to submit (its next window, journalHandOver) to a batch's journal row (one statement),
 * only while they are still the turn's claims and the row is there (dispatch.repo appendHandoverIfOwn); rejects otherwise —
 * the window is then not submitted.
 */
export async function extendJournal(ctx: Ctx, accountId: string, journal: string, claims: Array<{ id: string; attempt: number }>): Promise<void> {
  if (!(await dispatch.appendHandoverIfOwn(ctx.db, accountId, journal, claims))) throw new Error('the window\'s claims are no longer this turn\'s');
}

/**
 * The batch's outcome is recorded (called in the record's transaction): the row goes, or keeps only `keep` — texts that
 * may be at the carrier whose outcome the record could not write (their claim was taken over): the takeover reads them.
 */
export function dropJournal(tx: Db, accountId: string, journal: string, keep: string[] = []): Promise<void> {
  return keep.length ? parts.keepInHandover(tx, accountId, journal, keep) : parts.deleteHandover(tx, accountId, journal);
}

/**
 * Messages of a journaled batch its turn decided not to submit and never asked to (their claims may run out: SendOptions.live),
 * dropped from its journal so that a turn taking them over sends them (it failed them outcome_unknown before). One transaction.
 */
export function unlistJournal(ctx: Ctx, accountId: string, journal: string, messageIds: string[]): Promise<void> {
  return withTx(ctx.db, (tx) => parts.unlistHandover(tx, accountId, journal, messageIds));
}

/** A journaled batch none of which was handed over (all settled at the hand-over, e.g. opted out). */
export function forgetJournal(ctx: Ctx, accountId: string, journal: string): Promise<void> {
  return withTx(ctx.db, (tx) => parts.deleteHandover(tx, accountId, journal));
}
