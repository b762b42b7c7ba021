/**
 * Message operations of the Twilio-compatible API (src/modules/twilio-compat) that our own /v1
 * API has no route for: a filtered, paged list; cancel of a scheduled message; redaction of a
 * body; deletion of a settled message. Status changes go through status.service (one outbox event each).
 */
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { AppError, notFound } from '../../lib/errors.js';
import * as repo from './api-messages.repo.js';
import { findMessage } from './messages.repo.js';
import { changeStatuses } from './status.service.js';

export type { ApiMessageFilter, ApiListAfter } from './api-messages.repo.js';

export const listApiMessages = (ctx: Ctx, accountId: string, f: repo.ApiMessageFilter, page: { offset: number; after: repo.ApiListAfter | null; limit: number }) =>
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

/** Empties the body of a message (kept: status, addresses, counts). */
export async function redactMessageBody(ctx: Ctx, accountId: string, id: string) {
  return withTx(ctx.db, async (tx) => {
    if (!(await repo.redactBody(tx, accountId, id))) throw notFound('Message');
    return (await findMessage(tx, accountId, id))!;
  });
}

/** Deletes a message; one still waiting or being sent is refused (409 message_in_flight). */
export async function deleteApiMessage(ctx: Ctx, accountId: string, id: string) {
  await withTx(ctx.db, async (tx) => {
    const m = await findMessage(tx, accountId, id);
    if (!m) throw notFound('Message');
    if (!(await repo.deleteSettledMessage(tx, accountId, id))) {
      throw new AppError(409, 'message_in_flight', `A message that is ${m.status} cannot be deleted; cancel it or wait until it is sent.`);
    }
  });
}
