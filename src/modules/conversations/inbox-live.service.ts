import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { badRequest } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { countConversations, getConversation, listConversations, type ConversationFilter, type ConversationView } from './conversations.service.js';
import * as repo from './inbox-live.repo.js';

/**
 * The inbox's per-person state: unread marks, counts for the navigation, presence (who is
 * viewing or typing where) and the snooze wake-up job.
 */

/** Who is asking: the person (unread is theirs) and, for a partner's agent, the grant's numbers. */
export interface InboxViewer {
  accountId: string;
  userId: string | null;
  partner?: { numberIds?: string[] | null; teamIds?: string[] | null } | null;
}

const needPerson = (v: InboxViewer) => {
  if (!v.userId) throw badRequest('person_required', 'Read marks and presence belong to a signed-in person, not to an API key.');
  return v.userId;
};

/** Rows with `unread` set for the viewer (false for an API key: it reads nothing). */
export async function withUnread<T extends ConversationView>(ctx: Ctx, viewer: InboxViewer, rows: T[]): Promise<Array<T & { unread: boolean }>> {
  const unread = viewer.userId ? await repo.unreadAmong(ctx.database.query, viewer.accountId, viewer.userId, rows.map((r) => r.id)) : new Set<string>();
  return rows.map((r) => ({ ...r, unread: unread.has(r.id) }));
}

/** A filter condition: only conversations unread (true) or read (false) by the person. */
export const unreadCondition = (userId: string, unread: boolean) => (param: (v: unknown) => string) =>
  `${unread ? '' : 'not '}${repo.unreadSql(param(userId))}`;

/** A page of the list for the viewer: `unread` set on each row; `unread` narrows to unread (true) or read (false) ones. */
export async function listForViewer(ctx: Ctx, viewer: InboxViewer, filter: ConversationFilter, page: { cursor?: string; limit: number; unread?: 'true' | 'false' }) {
  const f = viewer.userId && page.unread ? { ...filter, extra: [...(filter.extra ?? []), unreadCondition(viewer.userId, page.unread === 'true')] } : filter;
  const result = await listConversations(ctx, viewer.accountId, f, page);
  return { data: await withUnread(ctx, viewer, result.data), nextCursor: result.nextCursor };
}

/** One conversation (404 outside the account) with `unread` for the viewer. */
export async function getForViewer(ctx: Ctx, viewer: InboxViewer, publicId: string) {
  return (await withUnread(ctx, viewer, [await getConversation(ctx, viewer.accountId, publicId)]))[0];
}

/** Marks a conversation read (opened) or unread for the viewer; returns it with `unread`. */
export async function markConversation(ctx: Ctx, viewer: InboxViewer, publicId: string, read: boolean) {
  const userId = needPerson(viewer);
  const c = await getConversation(ctx, viewer.accountId, publicId);
  await withTx(ctx.db, (tx) => (read ? repo.markRead(tx, viewer.accountId, c.id, userId) : repo.markUnread(tx, viewer.accountId, c.id, userId)));
  return (await withUnread(ctx, viewer, [c]))[0];
}

/**
 * The navigation's counts: per state (narrowed like the list), and among open conversations
 * those unread by the viewer, needing a reply, assigned to the viewer and unassigned.
 */
export async function inboxCounts(ctx: Ctx, viewer: InboxViewer, filter: ConversationFilter) {
  const base = { ...filter, state: undefined };
  const open = async (extra: ConversationFilter) => (await countConversations(ctx, viewer.accountId, { ...base, ...extra, extra: [...(base.extra ?? []), ...(extra.extra ?? [])] })).open;
  const [states, unread, needsReply, mine, unassigned] = await Promise.all([
    countConversations(ctx, viewer.accountId, base),
    viewer.userId ? open({ extra: [unreadCondition(viewer.userId, true)] }) : Promise.resolve(0),
    open({ extra: [() => repo.NEEDS_REPLY_SQL] }),
    viewer.userId ? open({ assigneeUserId: viewer.userId }) : Promise.resolve(0),
    open({ assigneeUserId: 'none' }),
  ]);
  return { ...states, unread, needsReply, mine, unassigned };
}

// ---- presence ----

export type PresenceState = 'viewing' | 'typing';
/** A heartbeat counts this long: the web app beats every 5 s while the conversation is open. */
export const PRESENCE_TTL_MS = 15_000;
/** Typing shows for a shorter time: it ends soon after the last keystroke's beat. */
export const TYPING_TTL_MS = 6_000;

export interface PresenceOut { conversationId: string; userId: string; name: string; state: PresenceState; since: string }
const presentPresence = (r: repo.PresenceRow): PresenceOut => ({
  conversationId: toPublicId('conversation', r.conversation_id), userId: toPublicId('user', r.user_id), name: r.name ?? '', state: r.state as PresenceState, since: r.updated_at.toISOString(),
});

/** Records that the viewer is viewing or typing in (or, with `left`, has left) a conversation; returns who is there now. */
export async function heartbeat(ctx: Ctx, viewer: InboxViewer, publicId: string, state: PresenceState | 'left') {
  const userId = needPerson(viewer);
  const c = await getConversation(ctx, viewer.accountId, publicId);
  const now = ctx.now();
  await withTx(ctx.db, (tx) =>
    state === 'left'
      ? repo.leave(tx, viewer.accountId, c.id, userId)
      : repo.beat(tx, viewer.accountId, c.id, userId, state, now, new Date(now.getTime() + (state === 'typing' ? TYPING_TTL_MS : PRESENCE_TTL_MS))),
  );
  return conversationPresence(ctx, viewer, publicId);
}

/** Who is viewing or typing in a conversation right now. */
export async function conversationPresence(ctx: Ctx, viewer: InboxViewer, publicId: string): Promise<PresenceOut[]> {
  const c = await getConversation(ctx, viewer.accountId, publicId);
  return (await repo.presentNow(ctx.database.query, viewer.accountId, ctx.now(), c.id)).map(presentPresence);
}

/** Everyone present anywhere in the account (the account stream's `presence` events), by internal conversation id. */
export async function accountPresence(ctx: Ctx, accountId: string) {
  return (await repo.presentNow(ctx.database.query, accountId, ctx.now())).map((r) => ({ internalId: r.conversation_id, ...presentPresence(r) }));
}

// ---- snooze ----

export const SNOOZE_WAKE_JOB = 'conversations.wake_snoozed';
const WAKE_BATCH = 500;

/**
 * Opens every conversation whose snooze time has come (ctx.now), with a `conversation.updated`
 * event each (reason `snooze_ended`), in batches. Idempotent; several workers may run it.
 * Returns how many woke.
 */
export async function wakeDueSnoozes(ctx: Ctx): Promise<number> {
  let total = 0;
  for (;;) {
    const woke = await withTx(ctx.db, async (tx) => {
      const rows = await repo.wakeDue(tx, ctx.now(), WAKE_BATCH);
      if (rows.length)
        await appendEvents(tx, rows.map((r) => ({
          accountId: r.account_id, type: 'conversation.updated', subjectId: r.id,
          payload: { conversationId: r.id, status: 'open', previousStatus: 'snoozed', reason: 'snooze_ended', snoozedUntil: r.snoozed_until.toISOString() },
        })));
      return rows.length;
    });
    total += woke;
    if (woke < WAKE_BATCH) return total;
  }
}
