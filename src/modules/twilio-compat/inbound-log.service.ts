import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { AuthContext } from '../../http/auth.js';
import { decodePosition, keysetPage } from '../../http/pagination.js';
import { notFound } from '../../lib/errors.js';
import { fromPublicId } from '../../lib/ids.js';
import { findNumber } from '../messaging/numbers.service.js';
import * as repo from './inbound-hooks.repo.js';

/**
 * The account's log of Twilio-compatible inbound webhooks (newest first, optionally of one
 * number): each delivery with its attempts (status, answer, latency) and what its TwiML did.
 */
export async function inboundDeliveryLog(ctx: Ctx, auth: AuthContext, opts: { numberId?: string; limit: number; cursor?: string }) {
  let numberId: string | null = null;
  if (opts.numberId) {
    const n = fromPublicId('number', opts.numberId) ? await findNumber(ctx.db, auth.accountId, opts.numberId) : null;
    if (!n) throw notFound('Number');
    numberId = n.id;
  }
  const rows = await repo.listDeliveries(ctx.db, auth.accountId, numberId, opts.limit + 1, opts.cursor ? decodePosition(opts.cursor) : null);
  const { data: page, nextCursor } = keysetPage(rows, opts.limit);
  const attempts = await repo.attemptsOf(ctx.database.query, auth.accountId, page.map((d) => d.id));
  return { page, attempts, nextCursor };
}

/** Erase hook (privacy): the log of these messages' deliveries (rows and answers) goes. */
export function eraseInboundDeliveries(tx: Db, accountId: string, messageIds: string[]): Promise<number> {
  return repo.deleteForMessages(tx, accountId, messageIds);
}

/**
 * Hook for a redaction of these messages (Twilio-compatible API, the retention job): the answers stored in their
 * deliveries' log go (a receiver may quote the text); a delivery still pending posts the redacted body (read when sent).
 */
export function redactInboundAnswers(tx: Db, accountId: string, messageIds: string[]): Promise<number> {
  return repo.dropAnswersFor(tx, accountId, messageIds);
}

/** The log is kept 30 days (then settled deliveries and their attempts go), like the webhooks' log. */
export const INBOUND_LOG_DAYS = 30;
export function purgeInboundLog(ctx: Ctx): Promise<number> {
  return repo.purgeBefore(ctx.db, new Date(ctx.now().getTime() - INBOUND_LOG_DAYS * 86_400_000));
}
