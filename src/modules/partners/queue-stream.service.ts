import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import type { EventSink } from '../../http/sse.js';
import { toPublicId } from '../../lib/ids.js';
import { conversationOf, visibleConversations } from '../conversations/inbox-stream.service.js';
import { accountFromNow, currentPosition, encodePosition, positionOf, type Position } from '../outbox/outbox.service.js';
import { FEED_READ_LIMIT, feedOf } from '../outbox/outbox-feed.js';
import { partnerSelf, partnerSelfNow, servedClients, type ServedClient } from './workspace.service.js';

/**
 * The combined queue's live updates (server-sent events) for a partner's person: every change to
 * a conversation of a client they work now, inside that client's grant (its numbers and teams),
 * as `queue.changed` `{clientId, conversationId, type}` — no bodies, no contact data; and
 * `clients.changed` `{clientIds}` when the set of workable clients changes (a grant revoked,
 * expired, outside its hours, an assignment ended: that client's events stop within a second).
 * The web's queue refetches on either. Not resumable: a reconnecting client refetches the queue.
 */
/** The served clients are re-read every this many polls (~1 s). */
const CLIENTS_EVERY = 4;

const restrictionOf = (c: ServedClient) => ({
  numberIds: c.grant.numberIds.length ? c.grant.numberIds : null,
  teamIds: c.grant.teamIds.length ? c.grant.teamIds : null,
});

/** Checks the caller is a partner's person (else throws, before any stream is opened), then streams until they go away. */
export async function streamQueue(ctx: Ctx, auth: AuthContext, open: () => EventSink) {
  let self = await partnerSelf(ctx, auth);
  const start = await currentPosition(ctx.database.query);
  const feed = feedOf(ctx.database);
  const sink = open();
  const positions = new Map<string, Position>();
  /** Per client served again: ids of its events that committed before it was (above the horizon then), skipped when read. */
  const before = new Map<string, Set<number>>();
  let clients: ServedClient[] = [];
  let fingerprint: string | null = null;
  for (let tick = 0; sink.open; tick++) {
    try {
      if (tick % CLIENTS_EVERY === 0) {
        // The person's role now (a manager demoted to agent serves only their assigned clients from now on); gone: the stream ends.
        const person = await partnerSelfNow(ctx, self);
        if (!person) {
          sink.end();
          break;
        }
        self = person;
        clients = (await servedClients(ctx, self)).filter((c) => c.workable);
        // A client no longer served forgets its position: served again later, its events from then on (none from the time between).
        const served = new Set(clients.map((c) => c.grant.accountId));
        for (const id of positions.keys()) if (!served.has(id)) { positions.delete(id); before.delete(id); }
        // A client served from now on: its events from now on (none from before it was — not even those that committed
        // above the horizon, which a transaction still running anywhere on the server holds back).
        for (const c of clients) {
          const id = c.grant.accountId;
          if (positions.has(id)) continue;
          if (tick === 0) { positions.set(id, start); continue; }
          const from = await accountFromNow(ctx.database.query, id);
          positions.set(id, from.position);
          if (from.committed.length) before.set(id, new Set(from.committed));
        }
        const ids = clients.map((c) => c.grant.accountId).sort();
        const now = JSON.stringify(ids);
        if (fingerprint !== null && now !== fingerprint) sink.send(encodePosition(start), 'clients.changed', { clientIds: ids.map((id) => toPublicId('account', id)) });
        fingerprint = now;
      }
      let more = false;
      for (const c of clients) {
        const accountId = c.grant.accountId;
        const read = await feed.read(accountId, positions.get(accountId)!);
        positions.set(accountId, read.upTo);
        const skip = before.get(accountId);
        // Each skipped id is read once (the position moves past it): forgotten when met, the set with its last one.
        const events = skip ? read.events.filter((e) => !skip.delete(e.id)) : read.events;
        if (skip && !skip.size) before.delete(accountId);
        more ||= read.events.length === FEED_READ_LIMIT;
        if (!events.length) continue;
        const about = events.map((e) => conversationOf(e));
        const visible = await visibleConversations(ctx, accountId, restrictionOf(c), about.filter((x): x is string => x !== null));
        events.forEach((e, i) => {
          const id = about[i];
          if (id && visible.has(id)) {
            sink.send(encodePosition(positionOf(e)), 'queue.changed', { clientId: toPublicId('account', accountId), conversationId: toPublicId('conversation', id), type: e.type });
          }
        });
      }
      if (more) continue;
      await feed.next();
    } catch {
      if (sink.open) sink.end();
    }
  }
}
