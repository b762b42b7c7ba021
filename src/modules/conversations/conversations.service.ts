import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { decodePosition as decodePagePosition, encodePosition as encodePagePosition } from '../../http/pagination.js';
import type { EventSink } from '../../http/sse.js';
import { isIsoDateTime } from '../../lib/dates.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { appendEvents, currentPosition, decodePosition, encodePosition, positionOf, type OutboxEvent } from '../outbox/outbox.service.js';
import { FEED_READ_LIMIT, feedOf } from '../outbox/outbox-feed.js';
import * as repo from './conversations.repo.js';
import { conversationSearch } from './search.repo.js';
import { csatOnState } from './csat.service.js';
import { slaOnMessage, slaOnRepliesSql, slaOnReplySql, slaOnState } from './sla-timers.service.js';
import { inMyTeamsSql } from './inbox-live.repo.js';

/**
 * The shared inbox's conversations. This file is the only writer of the conversations table:
 * messaging opens and touches conversations through it, the routes read and change them
 * through it.
 */
export type { ConversationRow, ConversationView } from './conversations.repo.js';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'closed';
export const CONVERSATION_STATES = ['open', 'pending', 'snoozed', 'closed'] as const;
export type { ConversationFilter } from './conversations.repo.js';

const encodeCursor = (c: repo.ConversationView) => encodePagePosition({ us: c.position_us, id: c.id });
/** The position a cursor names (400 invalid_cursor for one no list gave). */
const decodeCursor = (s?: string) => (s ? decodePagePosition(s) : null);

/** The list query of the API: public ids, "me"/"none", dates — turned into a repo filter. */
export interface ConversationQuery {
  state?: ConversationStatus | 'all';
  assignee?: string;
  team?: string;
  label?: string;
  numberId?: string;
  contactId?: string;
  since?: string;
  until?: string;
  /** Full-text search (search.repo.ts): contact name, email, number digits, message words. */
  search?: string;
  cursor?: string;
  limit: number;
}

const idOr404 = (kind: Parameters<typeof fromPublicId>[0], publicId: string, field: string) => {
  const id = fromPublicId(kind, publicId);
  if (!id) throw badRequest('invalid_filter', `${field} is not a valid id.`, { field });
  return id;
};

/**
 * The repo filter of an API query, for this caller: "me" is the caller; a partner caller's
 * grant restricts it (its numbers and teams) — nothing outside is ever listed — and its search
 * leaves out the contact fields the grant masks.
 */
export function filterOf(auth: Pick<AuthContext, 'userId'> & { accountId?: string } & { partner?: { numberIds?: string[] | null; teamIds?: string[] | null; maskedFields?: string[] } | null }, query: Omit<ConversationQuery, 'cursor' | 'limit'>): repo.ConversationFilter {
  const f: repo.ConversationFilter = { state: query.state };
  if (query.assignee === 'me') {
    if (!auth.userId) throw badRequest('invalid_filter', 'assignee=me needs a signed-in person.', { field: 'assignee' });
    f.assigneeUserId = auth.userId;
  } else if (query.assignee === 'none') f.assigneeUserId = 'none';
  else if (query.assignee) f.assigneeUserId = idOr404('user', query.assignee, 'assignee');
  if (query.team === 'mine') {
    if (!auth.userId) throw badRequest('invalid_filter', 'team=mine needs a signed-in person.', { field: 'team' });
    f.extra = [...(f.extra ?? []), inMyTeamsSql(auth.userId)];
  } else if (query.team) f.teamId = idOr404('team', query.team, 'team');
  if (query.label) f.labelId = idOr404('label', query.label, 'label');
  if (query.numberId) f.numberId = idOr404('number', query.numberId, 'numberId');
  if (query.contactId) f.contactId = idOr404('contact', query.contactId, 'contactId');
  if (query.since) f.since = new Date(query.since);
  if (query.until) f.until = new Date(query.until);
  if (query.search?.trim()) f.extra = [...(f.extra ?? []), conversationSearch(auth.accountId ?? null, query.search, auth.partner?.maskedFields)];
  const p = auth.partner;
  if (p?.numberIds) f.numberIds = p.numberIds;
  if (p?.teamIds) f.teamIds = p.teamIds;
  return f;
}

/** Most recent activity first. */
export async function listConversations(ctx: Ctx, accountId: string, filter: repo.ConversationFilter, page: { cursor?: string; limit: number }) {
  const rows = await repo.listConversations(ctx.database.query, accountId, filter, decodeCursor(page.cursor), page.limit + 1);
  const data = rows.slice(0, page.limit);
  return { data, nextCursor: rows.length > page.limit ? encodeCursor(data[data.length - 1]) : null };
}

/** How many conversations match the filter in each state (for the navigation's counts). */
export async function countConversations(ctx: Ctx, accountId: string, filter: repo.ConversationFilter) {
  const by = await repo.countByState(ctx.database.query, accountId, filter);
  return Object.fromEntries(CONVERSATION_STATES.map((s) => [s, by[s] ?? 0])) as Record<ConversationStatus, number>;
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

const SNOOZE_MAX_MS = 366 * 86_400_000;

/**
 * Changes a conversation's state (audited): open, pending, snoozed (until a time, or without
 * one until the customer's next text) or closed. A contact has at most one conversation that
 * is not closed per number.
 */
export async function setConversationStatus(ctx: Ctx, auth: AuthContext, publicId: string, status: ConversationStatus, meta: RequestMeta, snoozedUntil?: string | null) {
  const c = await getConversation(ctx, auth.accountId, publicId);
  if (status !== 'snoozed' && snoozedUntil) throw badRequest('snooze_without_snoozed', 'snoozedUntil goes with status "snoozed".');
  const until = status === 'snoozed' && snoozedUntil ? new Date(snoozedUntil) : null;
  if (until && (until.getTime() <= ctx.now().getTime() || until.getTime() > ctx.now().getTime() + SNOOZE_MAX_MS)) {
    throw badRequest('invalid_snooze', 'snoozedUntil must be in the future and within a year.', { field: 'snoozedUntil' });
  }
  if (status !== 'closed' && c.status === 'closed') {
    const open = await repo.findOpenId(ctx.database.query, auth.accountId, c.contact_id, c.number_id);
    if (open) throw alreadyOpen(open);
  }
  await withTx(ctx.db, async (tx) => {
    try {
      await repo.setStatus(tx, auth.accountId, c.id, status, until);
    } catch (err) {
      if (isUniqueViolation(err, 'conversations_open_uq')) throw alreadyOpen(null); // opened meanwhile
      throw err;
    }
    const action = `conversation.${status === 'closed' ? 'closed' : c.status === 'closed' ? 'reopened' : status}`;
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action, target: { type: 'conversation', id: c.id }, meta, details: until ? { snoozedUntil: until.toISOString() } : undefined });
    await appendEvents(tx, [{ accountId: auth.accountId, type: 'conversation.updated', subjectId: c.id, payload: { conversationId: c.id, status, previousStatus: c.status, snoozedUntil: until?.toISOString() ?? null } }]);
    // SLA timers (a close stops them, a reopen starts a resolution target) and the CSAT survey after a close.
    await slaOnState(tx, auth.accountId, c.id, c.status, status, ctx.now());
    await csatOnState(ctx, tx, auth.accountId, c.id, c.status, status);
  });
  return (await repo.findConversation(ctx.database.query, auth.accountId, c.id))!;
}

/** The open conversation of a contact on a number, opened when there is none (inside the caller's transaction). */
export function openConversationFor(tx: Db, accountId: string, contactId: string, numberId: string) {
  return repo.openConversation(tx, accountId, contactId, numberId, newUuid());
}

/**
 * Records a message in the conversation: its last activity; an inbound one also its last
 * inbound time and wakes it when snoozed or pending; an outbound one from a person or the API
 * is its last reply ('automated': keyword answers and the like, which answer nobody).
 */
export async function touchConversation(tx: Db, accountId: string, id: string, kind: 'inbound' | 'outbound' | 'automated', at: Date = new Date(), partnerId: string | null = null) {
  const woke = await repo.touchConversation(tx, accountId, id, kind);
  // Woken by the customer's text: a status change like an agent's, so webhooks and streams see it.
  if (woke) await appendEvents(tx, [{ accountId, type: 'conversation.updated', subjectId: id, payload: { conversationId: id, status: 'open', previousStatus: woke, snoozedUntil: null, reason: 'customer_replied' } }]);
  // SLA timers: the customer's text starts them, a reply from the inbox meets them (at: the caller's clock).
  if (kind !== 'automated') await slaOnMessage(tx, accountId, id, kind, at, partnerId);
}

/**
 * openConversationFor + touchConversation(…, 'outbound', at, partnerId) as SQL of a composed statement
 * (the send's CTE chain): `conversation` opens or touches the conversation (yields its id), `sla` meets
 * its response targets. Values are SQL expressions; `source` the FROM list of contact and number.
 */
export function replyStepsSql(v: { source: string; id: string; accountId: string; contactId: string; numberId: string; at: string; partnerId: string }) {
  return {
    conversation: repo.openForReplySql(v),
    /** The contact's campaign texts on the number join the conversation (`conv`: the conversation step's CTE). */
    adopt: (conv: string) => repo.adoptUnthreadedSql(`${conv}, ${v.source}`, { id: `${conv}.id`, accountId: v.accountId, contactId: v.contactId, numberId: v.numberId }),
    sla: (conversationId: string) => slaOnReplySql(v.accountId, conversationId, v.at, v.partnerId),
  };
}

/**
 * replyStepsSql over a set of rows (the batched send's): `conversation` opens or touches each row's
 * conversation and yields (id, account_id, contact_id, number_id) — at most one row per (account, contact,
 * number) may come from `source`; `sla` meets the response targets of the replies `source` yields as
 * (account_id, conversation_id, at, partner_id).
 */
export function replyStepsEachSql(v: { source: string; id: string; accountId: string; contactId: string; numberId: string }) {
  return {
    conversation: repo.openForReplySql(v, 'id, account_id, contact_id, number_id'),
    /** Each conversation's campaign texts join it (`conv`: the conversation step's CTE). */
    adopt: (conv: string) => repo.adoptUnthreadedSql(conv, { id: `${conv}.id`, accountId: `${conv}.account_id`, contactId: `${conv}.contact_id`, numberId: `${conv}.number_id` }),
    sla: (replies: string) => slaOnRepliesSql(replies),
  };
}

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
  const feed = feedOf(ctx.database);
  while (sink.open) {
    try {
      const { events, upTo } = await feed.read(accountId, after);
      for (const e of events) if (concerns(c, e)) sink.send(encodePosition(positionOf(e)), e.type, streamData(e));
      after = upTo;
      if (events.length === FEED_READ_LIMIT) continue; // more are waiting
      await feed.next();
    } catch {
      if (sink.open) sink.end();
    }
  }
}
