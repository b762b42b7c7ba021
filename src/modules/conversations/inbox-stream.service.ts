import type { Ctx } from '../../context.js';
import type { EventSink } from '../../http/sse.js';
import { toPublicId } from '../../lib/ids.js';
import { currentPosition, decodePosition, encodePosition, positionOf, type OutboxEvent } from '../outbox/outbox.service.js';
import { FEED_READ_LIMIT, feedOf } from '../outbox/outbox-feed.js';
import { accountPresence, type InboxViewer } from './inbox-live.service.js';
import * as repo from './inbox-live.repo.js';

/**
 * The account-wide inbox stream (server-sent events): every change to any conversation — its
 * messages, state, assignment, notes, labels: any outbox event whose payload names a
 * conversation, or a `conversation.*` event — so every agent's list, counts and open threads
 * follow within a second; plus `presence` snapshots (who is viewing or typing where).
 */
/** Presence is re-read every this many polls (~1 s). */
const PRESENCE_EVERY = 4;

/** The conversation an event is about (internal id), if any. */
export function conversationOf(e: OutboxEvent): string | null {
  const id = e.payload.conversationId;
  if (typeof id === 'string') return id;
  return e.type.startsWith('conversation.') && e.subjectId ? e.subjectId : null;
}

/**
 * What a caller may see of the account's conversations on streams: null is everything; a
 * partner agent's grant restricts it to its numbers and/or teams, like the list (filterOf).
 * Every stream asks `visibleConversations` with it before sending an event.
 */
export interface StreamRestriction { numberIds: string[] | null; teamIds: string[] | null }
export const restrictionOf = (viewer: InboxViewer): StreamRestriction | null => {
  const p = viewer.partner;
  if (!p || (!p.numberIds && !p.teamIds)) return null;
  return { numberIds: p.numberIds ?? null, teamIds: p.teamIds ?? null };
};

/** The ids among `ids` (internal conversation ids) that the restriction lets the caller see. */
export async function visibleConversations(ctx: Ctx, accountId: string, restriction: StreamRestriction | null, ids: string[]): Promise<Set<string>> {
  if (!restriction) return new Set(ids);
  const places = await repo.placesOf(ctx.database.query, accountId, [...new Set(ids)]);
  const numbers = restriction.numberIds ? new Set(restriction.numberIds) : null;
  const teams = restriction.teamIds ? new Set(restriction.teamIds) : null;
  return new Set(ids.filter((id) => {
    const at = places.get(id);
    return !!at && (!numbers || numbers.has(at.numberId)) && (!teams || (at.teamId !== null && teams.has(at.teamId)));
  }));
}

const SAFE_FIELDS = ['status', 'previousStatus', 'snoozedUntil', 'reason', 'direction'] as const;

/** What the stream says of an event: public ids and a few plain fields — never bodies or internal ids. */
export function inboxEventData(e: OutboxEvent, conversationId: string) {
  const data: Record<string, unknown> = { conversationId: toPublicId('conversation', conversationId) };
  const messageId = e.type.startsWith('message.') ? e.subjectId : (e.payload.messageId as string | undefined);
  if (messageId) data.messageId = toPublicId('message', messageId);
  for (const f of SAFE_FIELDS) if (typeof e.payload[f] === 'string' || e.payload[f] === null) data[f] = e.payload[f];
  return data;
}

/**
 * Streams the account's conversation events after `lastEventId` (else from now) until the
 * client goes away. Resumable: each event's id is its outbox position.
 */
export async function streamInbox(ctx: Ctx, viewer: InboxViewer, lastEventId: string | undefined, open: () => EventSink) {
  let after = lastEventId ? decodePosition(lastEventId) : await currentPosition(ctx.database.query);
  const restriction = restrictionOf(viewer);
  const sink = open();
  let lastPresence = '';
  const feed = feedOf(ctx.database);
  for (let tick = 0; sink.open; tick++) {
    try {
      const { events, upTo } = await feed.read(viewer.accountId, after);
      const about = events.map((e) => conversationOf(e));
      const visible = about.some((id) => id !== null) ? await visibleConversations(ctx, viewer.accountId, restriction, about.filter((x): x is string => x !== null)) : new Set<string>();
      events.forEach((e, i) => {
        const id = about[i];
        if (id && visible.has(id)) sink.send(encodePosition(positionOf(e)), e.type, inboxEventData(e, id));
      });
      after = upTo;
      if (tick % PRESENCE_EVERY === 0) lastPresence = await sendPresence(ctx, viewer, restriction, sink, encodePosition(after), lastPresence);
      if (events.length === FEED_READ_LIMIT) continue; // more are waiting
      await feed.next();
    } catch {
      if (sink.open) sink.end();
    }
  }
}

/** Sends a `presence` snapshot when it changed since the last one; returns its fingerprint. */
async function sendPresence(ctx: Ctx, viewer: InboxViewer, restriction: StreamRestriction | null, sink: EventSink, id: string, last: string) {
  const all = await accountPresence(ctx, viewer.accountId);
  const visible = await visibleConversations(ctx, viewer.accountId, restriction, all.map((p) => p.internalId));
  const people = all.filter((p) => visible.has(p.internalId)).map(({ internalId: _, since: __, ...p }) => p);
  const fingerprint = JSON.stringify(people);
  if (fingerprint !== last) sink.send(id, 'presence', { people });
  return fingerprint;
}
