import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import type { EventSink } from '../../http/sse.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './conversations.repo.js';

/**
 * The shared inbox's conversations. This file is the only writer of the conversations table:
 * messaging opens and touches conversations through it, the routes read and change them
 * through it.
 */
export type { ConversationRow, ConversationView } from './conversations.repo.js';
export type ConversationStatus = 'open' | 'closed';

const encodeCursor = (c: repo.ConversationView) => Buffer.from(`${(c.last_message_at ?? c.created_at).toISOString()}|${c.id}`).toString('base64url');
function decodeCursor(s?: string) {
  if (!s) return null;
  const [iso, id] = Buffer.from(s, 'base64url').toString().split('|');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  return { at, id };
}

/** Most recent activity first. */
export async function listConversations(ctx: Ctx, accountId: string, query: { status: ConversationStatus; cursor?: string; limit: number }) {
  const rows = await repo.listConversations(ctx.database.query, accountId, query.status, decodeCursor(query.cursor), query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: page, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
}

/** One conversation of the account by its public id; 404 otherwise. */
export async function getConversation(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('conversation', publicId);
  const c = id ? await repo.findConversation(ctx.database.query, accountId, id) : null;
  if (!c) throw notFound('Conversation');
  return c;
}

const alreadyOpen = (id: string | null) =>
  new AppError(409, 'conversation_already_open', 'This contact already has an open conversation on this number.', { id: id ? toPublicId('conversation', id) : null });

/** Closes or reopens a conversation (audited). A contact has at most one open conversation per number. */
export async function setConversationStatus(ctx: Ctx, auth: AuthContext, publicId: string, status: ConversationStatus, meta: RequestMeta) {
  const c = await getConversation(ctx, auth.accountId, publicId);
  if (status === 'open' && c.status !== 'open') {
    const open = await repo.findOpenId(ctx.database.query, auth.accountId, c.contact_id, c.number_id);
    if (open) throw alreadyOpen(open);
  }
  await withTx(ctx.db, async (tx) => {
    try {
      await repo.setStatus(tx, auth.accountId, c.id, status);
    } catch (err) {
      if (isUniqueViolation(err, 'conversations_open_uq')) throw alreadyOpen(null); // opened meanwhile
      throw err;
    }
    const action = `conversation.${status === 'open' ? 'reopened' : 'closed'}`;
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action, target: { type: 'conversation', id: c.id }, meta });
  });
  return (await repo.findConversation(ctx.database.query, auth.accountId, c.id))!;
}

/** The open conversation of a contact on a number, opened when there is none (inside the caller's transaction). */
export function openConversationFor(tx: Db, accountId: string, contactId: string, numberId: string) {
  return repo.openConversation(tx, accountId, contactId, numberId, newUuid());
}

/** Records a message in the conversation (its last activity; an inbound one also its last inbound time). */
export function touchConversation(tx: Db, accountId: string, id: string, direction: 'inbound' | 'outbound') {
  return repo.touchConversation(tx, accountId, id, direction === 'inbound');
}

const STREAM_POLL_MS = 400;

/**
 * Server-sent events of one conversation: its messages' changes and its contact's consent
 * changes, from `lastEventId` (else from now). `open` turns the request into the stream once
 * the conversation is known to exist. This is the one function that reads the inbox stream's
 * events: replacing its source (the event outbox) changes nothing else.
 */
export async function streamConversation(ctx: Ctx, accountId: string, publicId: string, lastEventId: number, open: () => EventSink) {
  const c = await getConversation(ctx, accountId, publicId);
  let cursor = Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : await repo.latestEventId(ctx.database.query, accountId);
  const sink = open();
  while (sink.open) {
    try {
      for (const e of await repo.conversationEvents(ctx.database.query, accountId, c.id, c.contact_id, cursor)) {
        cursor = e.id;
        const messageId = e.payload.messageId ? toPublicId('message', String(e.payload.messageId)) : undefined;
        sink.send(e.id, e.type, { ...e.payload, messageId, contactId: undefined });
      }
    } catch {
      if (sink.open) sink.end();
    }
    await new Promise((r) => setTimeout(r, STREAM_POLL_MS));
  }
}
