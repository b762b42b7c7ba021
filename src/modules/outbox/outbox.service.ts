import { txQuery, type Database, type Db, type RawQuery } from '../../db/client.js';
import { withTx, type Tx } from '../../db/tx.js';
import { badRequest } from '../../lib/errors.js';
import * as repo from './outbox.repo.js';

/**
 * The one append-only event outbox (DESIGN "One outbox"). Writers append in their own
 * transaction; consumers read in (tx_id, id) order below the horizon of running transactions,
 * so an event whose transaction commits late is never skipped and none is seen twice.
 */
export type { NewEvent, OutboxEvent, Position } from './outbox.repo.js';
type Position = repo.Position;

export const START: Position = { txId: 0, eventId: 0 };

/** Appends events in the caller's transaction: they commit, or vanish, with the change they describe. */
export function appendEvents(tx: Db, events: repo.NewEvent[]): Promise<void> {
  return repo.insertEvents(tx, events);
}

/**
 * appendEvents as a step of a composed statement (a data-modifying CTE): `select` yields account_id,
 * type, subject_id, payload (jsonb) — the events commit, or vanish, with that statement.
 */
export const appendEventsSql = repo.insertEventsSql;

export const positionOf = (e: repo.OutboxEvent): Position => ({ txId: e.txId, eventId: e.id });

/** An opaque token for a position (e.g. a server-sent event id). */
export const encodePosition = (p: Position) => Buffer.from(`${p.txId}.${p.eventId}`).toString('base64url');

/** The position a token names; a malformed token is the caller's mistake (400). */
export function decodePosition(token: string): Position {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(token, 'base64url').toString());
  const p = m ? { txId: Number(m[1]), eventId: Number(m[2]) } : null;
  if (!p || !Number.isSafeInteger(p.txId) || !Number.isSafeInteger(p.eventId)) throw badRequest('invalid_event_id', 'Last-Event-ID is not a position of this stream; reconnect without it.');
  return p;
}

/** Where a new reader starts that wants only what happens from now on (nothing final is replayed). */
export function currentPosition(q: RawQuery): Promise<Position> {
  return repo.horizon(q);
}

/**
 * Where a reader of one account starts that must see nothing committed before it (a client a
 * partner serves again: none of what changed in between): a position, and the ids after it to
 * skip because they had committed already.
 */
export function accountFromNow(q: RawQuery, accountId: string) {
  return repo.accountFromNow(q, accountId);
}

/** The next events of every account after `after`. */
export function readEvents(q: RawQuery, after: Position, limit = 500) {
  return repo.readAfter(q, after, limit);
}

/** The next events of one account after `after` (a tenant's stream). */
export function readAccountEvents(q: RawQuery, accountId: string, after: Position, limit = 500) {
  return repo.readAccountAfter(q, accountId, after, limit);
}

/** The events about one subject, oldest first (e.g. a message's status history). */
export function subjectEvents(q: RawQuery, accountId: string, subjectId: string, types: readonly string[]) {
  return repo.subjectEvents(q, accountId, subjectId, types);
}

/** A named consumer's durable position (the start when it never consumed). */
export async function consumerPosition(database: Database, consumer: string): Promise<Position> {
  return (await repo.readPosition(database.query, consumer)) ?? START;
}

/**
 * Hands the next batch after the consumer's durable position to `handle` and advances the
 * position, all in one transaction: when `handle` throws, nothing moves and the same events
 * come again. Instances of one consumer run one at a time. Returns how many events it handled.
 */
export async function consumeOnce(
  db: Db, consumer: string, handle: (events: repo.OutboxEvent[], tx: Tx) => Promise<void>, opts: { limit?: number } = {},
): Promise<number> {
  return withTx(db, async (tx) => {
    const after = await repo.lockConsumer(tx, consumer);
    const events = await repo.readAfter(txQuery(tx), after, opts.limit ?? 500);
    if (!events.length) return 0;
    await handle(events, tx);
    await repo.savePosition(tx, consumer, positionOf(events[events.length - 1]));
    return events.length;
  });
}
