import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import * as repo from './webhooks.repo.js';

/** Erase hook (privacy): webhook bodies about these subjects (contacts, their messages and conversations) and their answers. */
export function eraseSubjectDeliveries(tx: Db, accountId: string, subjectIds: string[]): Promise<number> {
  return repo.redactSubjects(tx, accountId, subjectIds);
}

/** The delivery log is kept 30 days (then settled deliveries and their attempts go). */
export const DELIVERY_LOG_DAYS = 30;
export function purgeDeliveryLog(ctx: Ctx): Promise<number> {
  return repo.purgeBefore(ctx.db, new Date(ctx.now().getTime() - DELIVERY_LOG_DAYS * 86_400_000));
}
