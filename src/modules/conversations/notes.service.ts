import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { unprocessable } from '../../lib/errors.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import { membersOf } from '../accounts/team.service.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { getConversation } from './conversations.service.js';
import { findMentions } from './mentions.js';
import * as repo from './notes.repo.js';
import { insertNotifications } from './notifications.repo.js';

/**
 * Internal notes: text the team writes in a conversation. A note is stored here and nowhere
 * else — it is no message, so nothing a dispatcher or carrier reads ever sees it. Members
 * @mentioned in it get a notification in the app (GET /v1/notifications) and an email that
 * says who mentioned them where (the note itself stays in the app).
 */
export interface NoteView { note: repo.NoteRow; mentions: Array<{ id: string; name: string }> }

const MAX_NOTES = 500;

async function withMentions(ctx: Ctx, notes: repo.NoteRow[]): Promise<NoteView[]> {
  const names = await repo.userNames(ctx.database.query, [...new Set(notes.flatMap((n) => n.mentioned_user_ids))]);
  return notes.map((note) => ({ note, mentions: note.mentioned_user_ids.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })) }));
}

/** A conversation's notes, oldest first (the web app shows them between its messages). */
export async function listNotes(ctx: Ctx, accountId: string, conversationPublicId: string): Promise<NoteView[]> {
  const c = await getConversation(ctx, accountId, conversationPublicId);
  return withMentions(ctx, await repo.listNotes(ctx.database.query, accountId, c.id, MAX_NOTES));
}

function mentionMail(ctx: Ctx, to: string, author: string, conversationPublicId: string) {
  return {
    to,
    subject: `${author} mentioned you in a note`,
    text: `${author} mentioned you in an internal note in your West Message inbox.\n\nOpen the conversation: ${ctx.config.publicUrl}/inbox/${encodeURIComponent(conversationPublicId)}\n\nNotes are seen only by your team, never by the customer.\n`,
  };
}

/**
 * Adds a note (audited; outbox event conversation.note_added) and notifies the members it
 * @mentions (in the app and by email), never its author. `mentionUserIds` may name members
 * explicitly besides the ones found in the text; anyone who is no member is refused.
 */
export async function addNote(ctx: Ctx, auth: AuthContext, conversationPublicId: string, input: { body: string; mentionUserIds?: string[] }, meta: RequestMeta): Promise<NoteView> {
  const body = input.body.trim();
  if (!body) throw unprocessable('empty_body', 'Write the note first.', { field: 'body' });
  const c = await getConversation(ctx, auth.accountId, conversationPublicId);
  const members = await membersOf(ctx.db, auth.accountId);
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const id of input.mentionUserIds ?? []) if (!byId.has(id)) throw unprocessable('unknown_member', 'A mentioned person is not a member of this account.', { field: 'mentionUserIds' });
  const mentioned = [...new Set([...findMentions(body, members), ...(input.mentionUserIds ?? [])])];
  const id = newUuid();
  const author = auth.userId ? (byId.get(auth.userId)?.name ?? 'A teammate') : 'An API key';
  await withTx(ctx.db, async (tx) => {
    await repo.insertNote(tx, { id, accountId: auth.accountId, conversationId: c.id, authorUserId: auth.userId, body, mentionedUserIds: mentioned });
    await notify(ctx, tx, auth, { conversationId: c.id, conversationPublicId, noteId: id, author, userIds: mentioned.filter((u) => u !== auth.userId), emailOf: (u) => byId.get(u)?.email ?? null });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'conversation.note_added', target: { type: 'conversation', id: c.id }, meta, details: { noteId: toPublicId('note', id), mentions: mentioned.length } });
    await appendEvents(tx, [{ accountId: auth.accountId, type: 'conversation.note_added', subjectId: c.id, payload: { conversationId: c.id, noteId: id, authorUserId: auth.userId, mentionedUserIds: mentioned } }]);
  });
  return (await withMentions(ctx, [(await repo.findNote(ctx.database.query, auth.accountId, id))!]))[0];
}

async function notify(ctx: Ctx, tx: Db, auth: AuthContext, n: { conversationId: string; conversationPublicId: string; noteId: string; author: string; userIds: string[]; emailOf: (id: string) => string | null }) {
  await insertNotifications(tx, n.userIds.map((userId) => ({
    id: newUuid(), accountId: auth.accountId, userId, kind: 'mention', actorUserId: auth.userId, conversationId: n.conversationId, noteId: n.noteId,
  })));
  for (const userId of n.userIds) {
    const to = n.emailOf(userId);
    if (to) await queueEmail(ctx, tx, { accountId: auth.accountId, ...mentionMail(ctx, to, n.author, n.conversationPublicId) });
  }
}
