import type { Ctx } from '../../context.js';
import type { Database, Db } from '../../db/client.js';
import type { messages } from '../../db/schema/index.js';
import { appendEvents, subjectEvents, type NewEvent } from '../outbox/outbox.service.js';
import * as repo from './messages.repo.js';
import { afterCommit } from '../../db/tx.js';
import { assertTransition, type MessageStatus } from './status.js';
import { carrierErrors, errorCodeLabel, messagesSent } from '../../lib/metrics.js';
import { lockOptOuts, recordConsent, phoneHash, suppressedHashes } from '../consent/consent.service.js';

/**
 * The only writer of a message's status. Every write is checked against the transition table
 * (status.ts) and writes exactly one outbox event in the same transaction — which is also the
 * message's history: `message.created` / `message.received` for the first status,
 * `message.status_changed` for each change after it.
 */
export type StatusSource = 'api' | 'system' | 'dispatcher' | 'provider' | 'carrier';

export interface StatusChange extends repo.StatusUpdate {
  from: MessageStatus;
  to: MessageStatus;
  /** Facts the event keeps beside the status (e.g. when the dispatcher re-checked consent). */
  details?: Record<string, unknown>;
  /**
   * A second change right after this one, in the same write (a carrier's receipt that came before
   * the message was recorded sent): the row gets its final status once, the history both events.
   */
  then?: { to: MessageStatus; errorCode?: string | null; source: StatusSource };
}

export const HISTORY_TYPES = ['message.created', 'message.received', 'message.status_changed'] as const;

const event = (accountId: string, type: string, messageId: string, payload: Record<string, unknown>): NewEvent => ({ accountId, type, subjectId: messageId, payload });

/** Creates a message in its first status (checked) with its first event; `details` join that event. */
export async function createMessage(tx: Db, row: typeof messages.$inferInsert, source: StatusSource, details: Record<string, unknown> = {}) {
  const direction = row.direction === 'inbound' ? 'inbound' : 'outbound';
  assertTransition(null, row.status, direction);
  const m = await repo.insertMessage(tx, row);
  const type = direction === 'inbound' ? 'message.received' : 'message.created';
  await appendEvents(tx, [event(m.accountId, type, m.id, { status: m.status, from: null, errorCode: m.errorCode, source, conversationId: m.conversationId, ...details })]);
  return m;
}

/**
 * Applies status changes (any number, one statement) after checking every one against the
 * transition table: an illegal one throws and nothing is written. A change whose message is no
 * longer in `from` (a concurrent writer won) is skipped. Returns the changes applied.
 */
export async function changeStatuses(tx: Db, changes: StatusChange[], source: StatusSource, ctx?: Ctx): Promise<StatusChange[]> {
  for (const c of changes) {
    assertTransition(c.from, c.to);
    if (c.then) assertTransition(c.to, c.then.to);
  }
  if (!changes.length) return [];
  // The row updates and their events (`message.status_changed` {status, from, errorCode, source, conversationId, ...details},
  // and the chained change's own) in one statement (messages.repo updateStatusesWithEvents).
  const done = new Set((await repo.updateStatusesWithEvents(tx, changes, source)).map((r) => r.id));
  const applied = changes.filter((c) => done.has(c.id));
  if (source === 'provider' || source === 'carrier') {
    if (ctx) await recordCarrierOptOuts(ctx, tx, applied);
    afterCommit(tx, () => countCarrierOutcomes(applied));
  }
  return applied;
}

/** Twilio's 21610 as our error code: the recipient texted STOP to the sender at the carrier. */
const CARRIER_OPTED_OUT = 'recipient_opted_out';
const endsOptedOut = (c: StatusChange) => {
  const last = c.then ?? c;
  return (last.to === 'failed' || last.to === 'undelivered') && last.errorCode === CARRIER_OPTED_OUT;
};

/**
 * A carrier that refuses a text because the recipient opted out there (Twilio 21610, as the send's
 * answer or a receipt) has told us of an opt-out: it is recorded like a STOP — the consent ledger
 * (source `carrier`, the refused text as evidence), the contact opted out, the number suppressed —
 * in the transaction that records the refusal, once per number (a number already suppressed, or
 * named twice, is not recorded again; the numbers' opt-out locks are taken before that check). Without it the account's next texts and campaigns kept
 * going to the carrier, each refused and each counted.
 */
async function recordCarrierOptOuts(ctx: Ctx, tx: Db, applied: StatusChange[]) {
  const refused = applied.filter(endsOptedOut);
  for (const accountId of new Set(refused.map((c) => c.accountId))) {
    const rows = await repo.findMessages(tx, accountId, refused.filter((c) => c.accountId === accountId).map((c) => c.id));
    const byHash = new Map(rows.map((r) => [phoneHash(ctx, r.to), r]));
    // The numbers' opt-out locks first, then who is suppressed: two refusals (or a refusal and a STOP) at once record one opt-out.
    await lockOptOuts(tx, accountId, [...byHash.keys()]);
    const known = await suppressedHashes(tx, accountId, [...byHash.keys()]);
    const changes = [...byHash].filter(([hash]) => !known.has(hash)).map(([hash, r]) => ({
      contactId: r.contactId, phone: r.to, phoneHash: hash, kind: 'opt_out' as const, source: 'carrier' as const,
      evidence: { messageId: r.id, note: 'The carrier refused the text: the recipient opted out at the carrier (Twilio 21610).' },
    }));
    if (changes.length) await recordConsent(ctx, tx, accountId, { type: 'system', id: null, label: 'carrier' }, changes);
  }
}

/** /metrics: messages the carrier accepted, and carrier errors by code (a chained receipt counts too); counted once committed. */
function countCarrierOutcomes(applied: StatusChange[]) {
  let sent = 0;
  for (const c of applied) {
    if (c.to === 'sent') sent++;
    if ((c.to === 'failed' || c.to === 'undelivered') && c.errorCode) carrierErrors.inc({ code: errorCodeLabel(c.errorCode) });
    if (c.then && (c.then.to === 'failed' || c.then.to === 'undelivered') && c.then.errorCode) carrierErrors.inc({ code: errorCodeLabel(c.then.errorCode) });
  }
  if (sent) messagesSent.inc(sent);
}

export interface HistoryEntry { status: string; from: string | null; errorCode: string | null; source: string; at: Date }

/** A message's status history, oldest first, read from the outbox. */
export async function messageHistory(database: Database, accountId: string, messageId: string): Promise<HistoryEntry[]> {
  const events = await subjectEvents(database.query, accountId, messageId, HISTORY_TYPES);
  return events.map((e) => ({
    status: String(e.payload.status), from: (e.payload.from as string | null) ?? null, errorCode: (e.payload.errorCode as string | null) ?? null,
    source: String(e.payload.source ?? 'api'), at: e.createdAt,
  }));
}
