import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { lockAccountForErasure } from '../../db/erasure-lock.js';
import { toPublicId } from '../../lib/ids.js';
import * as repo from './webhooks.repo.js';

/** Erase hook (privacy): webhook bodies about these subjects (contacts, their messages and conversations) and their answers. */
export function eraseSubjectDeliveries(tx: Db, accountId: string, subjectIds: string[]): Promise<number> {
  return repo.redactSubjects(tx, accountId, subjectIds);
}

/**
 * Hook for a redaction of messages (Twilio-compatible API, the retention job): the delivery log's copies
 * of their bodies (and replays) become `body`, as the messages did; the answers to them go. Holds the
 * account's erasure lock, so a fan-out that read a body before the redaction has committed its copy
 * (rewritten here) and one after reads the redacted body. Callers take that lock before they change the
 * messages (one lock order with a contact erasure).
 */
export async function redactMessageDeliveries(tx: Db, accountId: string, messageIds: string[], body: string): Promise<number> {
  if (!messageIds.length) return 0;
  await lockAccountForErasure(tx, accountId);
  return repo.redactMessageBodies(tx, accountId, messageIds, body);
}

/** Hook for a deletion of messages: every delivery about them keeps type, time and outcome, its data becomes `{messageId, deleted: true}`; the answers go. Same lock as above. */
export async function eraseMessageDeliveries(tx: Db, accountId: string, messageIds: string[]): Promise<number> {
  if (!messageIds.length) return 0;
  await lockAccountForErasure(tx, accountId);
  return repo.eraseMessageDeliveries(tx, accountId, messageIds, messageIds.map((id) => toPublicId('message', id)));
}

/** The delivery log is kept 30 days (then settled deliveries and their attempts go). */
export const DELIVERY_LOG_DAYS = 30;
export function purgeDeliveryLog(ctx: Ctx): Promise<number> {
  return repo.purgeBefore(ctx.db, new Date(ctx.now().getTime() - DELIVERY_LOG_DAYS * 86_400_000));
}
