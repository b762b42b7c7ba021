import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import type { EventSink } from '../../http/sse.js';
import { isIsoDateTime } from '../../lib/dates.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { currentPosition, decodePosition, encodePosition, positionOf, readAccountEvents, type OutboxEvent } from '../outbox/outbox.service.js';
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
  if (!isIsoDateTime(iso) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  const at = new Date(iso);
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

/** The conversation's events: its messages' (they carry their conversation) and its contact's (consent). */
const concerns = (c: repo.ConversationView, e: OutboxEvent) =>
  e.payload.conversationId === c.id || (e.type.startsWith('contact.') && e.subjectId === c.contact_id);

const streamData = (e: OutboxEvent) => {
  const messageId = e.type.startsWith('message.') ? e.subjectId : (e.payload.messageId as string | undefined);
  return { ...e.payload, messageId: messageId ? toPublicId('message', messageId) : undefined, conversationId: undefined, contactId: undefined };
};

/**
 * Server-sent events of one conversation: its messages' changes and its contact's consent
 * changes, read from the account's outbox after the position in `lastEventId` (an opaque
 * token: each event's id), else from now. A transaction that commits late is still streamed,
 * and nothing twice. `open` turns the request into the stream once the conversation is known.
 */
export async function streamConversation(ctx: Ctx, accountId: string, publicId: string, lastEventId: string | undefined, open: () => EventSink) {
  const c = await getConversation(ctx, accountId, publicId);
  let after = lastEventId ? decodePosition(lastEventId) : await currentPosition(ctx.database.query);
  const sink = open();
  while (sink.open) {
    try {
      const events = await readAccountEvents(ctx.database.query, accountId, after);
      for (const e of events) {
        after = positionOf(e);
        if (concerns(c, e)) sink.send(encodePosition(after), e.type, streamData(e));
      }
      if (events.length === 500) continue; // more are waiting
    } catch {
      if (sink.open) sink.end();
    }
    await new Promise((r) => setTimeout(r, STREAM_POLL_MS));
  }
}
