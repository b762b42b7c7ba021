import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { getConversation } from '../conversations/conversations.service.js';
import * as repo from './messages.repo.js';
import { sendMessage } from './send.service.js';
import { messageHistory } from './status.service.js';

export type { MessageRow } from './messages.repo.js';

/** A message of the account with its status history; 404 otherwise. */
export async function getMessageWithHistory(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('message', publicId);
  const message = id ? await repo.findMessage(ctx.db, accountId, id) : null;
  if (!message) throw notFound('Message');
  return { message, history: await messageHistory(ctx.database, accountId, message.id) };
}

/** Messages of one account by id, in the caller's transaction (e.g. to describe their events to webhooks). */
export const messagesByIds = (db: Db, accountId: string, ids: string[]) => repo.findMessages(db, accountId, ids);

/** Per contact, the campaign of its latest campaign text in (since, before] (analytics credits opt-outs to it). */
export const latestCampaignOf = (db: Db, accountId: string, contactIds: string[], since: Date, before: Date) => repo.latestCampaignOf(db, accountId, contactIds, since, before);

/** The latest messages of a conversation, oldest first. */
export async function conversationMessages(ctx: Ctx, accountId: string, conversationPublicId: string, limit: number) {
  const c = await getConversation(ctx, accountId, conversationPublicId);
  return (await repo.conversationMessages(ctx.db, accountId, c.id, limit)).reverse();
}

/** A reply in a conversation that is not closed: sent from its number to its contact. */
export async function replyInConversation(ctx: Ctx, auth: AuthContext, conversationPublicId: string, input: { body: string; smartEncoding?: boolean; mediaUrls?: string[]; mediaIds?: string[] }) {
  const c = await getConversation(ctx, auth.accountId, conversationPublicId);
  if (c.status === 'closed') throw new AppError(409, 'conversation_closed', 'Reopen the conversation to reply in it.');
  return sendMessage(ctx, auth, { from: toPublicId('number', c.number_id), to: c.phone, body: input.body, smartEncoding: input.smartEncoding, mediaUrls: input.mediaUrls, mediaIds: input.mediaIds });
}
