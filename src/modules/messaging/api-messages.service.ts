/**
 * Message operations of the Twilio-compatible API (src/modules/twilio-compat) that our own /v1
 * API has no route for: a filtered, paged list; cancel of a scheduled message; redaction of a
 * body; deletion of a settled message. Status changes go through status.service (one outbox event each);
 * a redaction writes `message.redacted` and a deletion `message.deleted` in its transaction, so webhook
 * endpoints and the inbox's live streams (which follow any event naming a conversation) are told.
 */
import type { Ctx } from '../../context.js';
import { lockAccountForErasure } from '../../db/erasure-lock.js';
import { withTx, type Tx } from '../../db/tx.js';
import { AppError, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor, type RequestMeta } from '../audit/audit.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import * as repo from './api-messages.repo.js';
import { findMessage, type MessageRow } from './messages.repo.js';
import { changeStatuses } from './status.service.js';

export type { ApiMessageFilter, ApiListPosition, ApiListRow } from './api-messages.repo.js';

export const listApiMessages = (ctx: Ctx, accountId: string, f: repo.ApiMessageFilter, page: repo.ApiListPage) =>
  repo.listApiMessages(ctx.db, accountId, f, page);

export const findApiMessage = (ctx: Ctx, accountId: string, id: string) => findMessage(ctx.db, accountId, id);

/** Cancels a scheduled message (409 not_scheduled otherwise, 404 when not the account's). */
export async function cancelScheduledMessage(ctx: Ctx, accountId: string, id: string) {
  return withTx(ctx.db, async (tx) => {
    const m = await findMessage(tx, accountId, id);
    if (!m) throw notFound('Message');
    const notScheduled = () => new AppError(409, 'not_scheduled', `Only a scheduled message can be canceled; this one is ${m.status}.`);
    if (m.status !== 'scheduled') throw notScheduled();
    const done = await changeStatuses(tx, [{ id, accountId, from: 'scheduled', to: 'canceled', errorCode: null, nextAttemptAt: null }], 'api');
    if (!done.length) throw notScheduled();
    return (await findMessage(tx, accountId, id))!;
  });
}

/**
 * The outbox event of a redaction or deletion: the message's conversation and contact (the inbox's
 * streams follow it; the webhook names them by public id), never its body.
 */
const removalEvent = (type: 'message.redacted' | 'message.deleted', m: MessageRow) => ({
  accountId: m.accountId, type, subjectId: m.id,
  payload: { conversationId: m.conversationId, contactId: m.contactId, direction: m.direction, status: m.status, source: 'api' },
});

/** The API caller a deletion or redaction is audited for (DESIGN: every deletion of personal data lands in the audit log). */
export interface ApiCaller { accountId: string; actor: Actor }

/**
 * Empties the body of a message (kept: status, addresses, counts); audited `message.redacted` and its outbox event in the same transaction.
 * `alongside` redacts the caller's copies of the body (the webhook log) in it; the account's erasure lock is taken first (the
 * order a contact erasure takes it in: lock, then messages), so a webhook fan-out copying the body commits before or reads after.
 */
export async function redactMessageBody(ctx: Ctx, caller: ApiCaller, id: string, meta: RequestMeta, alongside: (tx: Tx) => Promise<void> = async () => undefined) {
  return withTx(ctx.db, async (tx) => {
    await lockAccountForErasure(tx, caller.accountId);
    if (!(await repo.redactBody(tx, caller.accountId, id))) throw notFound('Message');
    await alongside(tx);
    await recordAudit(tx, { accountId: caller.accountId, actor: caller.actor, action: 'message.redacted', target: { type: 'message', id }, meta });
    const m = (await findMessage(tx, caller.accountId, id))!;
    await appendEvents(tx, [removalEvent('message.redacted', m)]);
    return m;
  });
}

/**
 * Deletes a message; one still waiting or being sent is refused (409 message_in_flight). `alongside`
 * deletes the caller's own records of it in the same transaction; audited `message.deleted`, with its outbox event.
 */
export async function deleteApiMessage(ctx: Ctx, caller: ApiCaller, id: string, meta: RequestMeta, alongside: (tx: Tx) => Promise<void> = async () => undefined) {
  await withTx(ctx.db, async (tx) => {
    await lockAccountForErasure(tx, caller.accountId); // as in a redaction: before the message, since `alongside` rewrites the webhook log's copies
    const m = await findMessage(tx, caller.accountId, id);
    if (!m) throw notFound('Message');
    if (!(await repo.deleteSettledMessage(tx, caller.accountId, id))) {
      throw new AppError(409, 'message_in_flight', `A message that is ${m.status} cannot be deleted; cancel it or wait until it is sent.`);
    }
    await alongside(tx);
    await recordAudit(tx, { accountId: caller.accountId, actor: caller.actor, action: 'message.deleted', target: { type: 'message', id }, meta, details: { status: m.status, direction: m.direction } });
    await appendEvents(tx, [removalEvent('message.deleted', m)]);
  });
}
