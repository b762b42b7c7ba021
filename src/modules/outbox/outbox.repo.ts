import { txQuery, type Db, type RawQuery } from '../../db/client.js';

/** A point in the outbox's (tx_id, id) order; a reader returns what lies strictly after it. */
export interface Position { txId: number; eventId: number }

export interface OutboxEvent {
  accountId: string;
  id: number;
  txId: number;
  type: string;
  subjectId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface NewEvent { accountId: string; type: string; subjectId?: string | null; payload: Record<string, unknown> }

interface Row { account_id: string; id: number; tx_id: number; type: string; subject_id: string | null; payload: Record<string, unknown>; created_at: Date }
const toEvent = (r: Row): OutboxEvent => ({
  accountId: r.account_id, id: Number(r.id), txId: Number(r.tx_id), type: r.type, subjectId: r.subject_id, payload: r.payload, createdAt: r.created_at,
});

/** Appends events in the caller's transaction, one statement for any number (tx_id defaults to the writing transaction). */
export async function insertEvents(tx: Db, rows: NewEvent[]): Promise<void> {
  if (!rows.length) return;
  await txQuery(tx)(
    `insert into outbox (account_id, type, subject_id, payload) select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[])`,
    [rows.map((r) => r.accountId), rows.map((r) => r.type), rows.map((r) => r.subjectId ?? null), rows.map((r) => JSON.stringify(r.payload))],
  );
}

/** SQL appending the events a query yields (columns account_id, type, subject_id, payload) — a step of a composed statement. */
export const insertEventsSql = (select: string) => `insert into outbox (account_id, type, subject_id, payload) ${select}`;

/**
 * Only transactions older than the oldest one still running are final: none of them can add
 * a row any more, and every row they committed is visible. Reading below that horizon in
 * (tx_id, id) order never skips a transaction that commits late, and never returns a row twice.
 * (A reader's own transaction counts as running once it has written: read before writing.)
 */
const HORIZON = `(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`;
const COLUMNS = `account_id, id, tx_id, type, subject_id, payload, created_at`;

/** Events of every account after a position, in order (consumers that span accounts). */
export async function readAfter(q: RawQuery, after: Position, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await q<Row>(
    `select ${COLUMNS} from outbox where (tx_id, id) > ($1::bigint, $2::bigint) and tx_id < ${HORIZON} order by tx_id, id limit $3`,
    [after.txId, after.eventId, limit],
  );
  return rows.map(toEvent);
}

/** Events of one account after a position, in order (streams of one tenant). */
export async function readAccountAfter(q: RawQuery, accountId: string, after: Position, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await q<Row>(
    `select ${COLUMNS} from outbox
     where account_id = $1 and (tx_id, id) > ($2::bigint, $3::bigint) and tx_id < ${HORIZON} order by tx_id, id limit $4`,
    [accountId, after.txId, after.eventId, limit],
  );
  return rows.map(toEvent);
}

/** Events of some accounts after a position, in order (the live streams' shared feed: the accounts being watched). */
export async function readAccountsAfter(q: RawQuery, accountIds: string[], after: Position, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await q<Row>(
    `select ${COLUMNS} from outbox
     where account_id = any($1::uuid[]) and (tx_id, id) > ($2::bigint, $3::bigint) and tx_id < ${HORIZON} order by tx_id, id limit $4`,
    [accountIds, after.txId, after.eventId, limit],
  );
  return rows.map(toEvent);
}

/** A position before everything that is not yet final: reading from it returns only what is new or still committing. */
export async function horizon(q: RawQuery): Promise<Position> {
  const { rows: [r] } = await q<{ x: number }>(`select ${HORIZON} as x`);
  return { txId: Number(r.x) - 1, eventId: Number.MAX_SAFE_INTEGER };
}

/**
 * Where a reader of one account starts that wants only what commits from now on: `horizon()`'s
 * position, and the ids of the account's events after it that have committed already (a
 * transaction older than them still running holds the horizon back) — the reader skips those.
 * One statement, so one snapshot: what it sees committed is before, what it does not is after.
 */
export async function accountFromNow(q: RawQuery, accountId: string): Promise<{ position: Position; committed: number[] }> {
  const { rows: [r] } = await q<{ x: number; ids: Array<number | string> }>(
    `with h as (select ${HORIZON} as x)
     select h.x, array(select o.id from outbox o where o.account_id = $1 and o.tx_id >= h.x) as ids from h`,
    [accountId],
  );
  return { position: { txId: Number(r.x) - 1, eventId: Number.MAX_SAFE_INTEGER }, committed: r.ids.map(Number) };
}

/** The events about one subject (a message's history), oldest first. */
export async function subjectEvents(q: RawQuery, accountId: string, subjectId: string, types: readonly string[]): Promise<OutboxEvent[]> {
  const { rows } = await q<Row>(
    `select ${COLUMNS} from outbox where account_id = $1 and subject_id = $2 and type = any($3::text[]) order by id`,
    [accountId, subjectId, types],
  );
  return rows.map(toEvent);
}

/**
 * Serialises the instances of one consumer for the rest of the transaction (an advisory lock:
 * it assigns no transaction id, so the reader's horizon is not held back by its own transaction).
 */
export async function lockConsumer(tx: Db, consumer: string): Promise<Position> {
  const q = txQuery(tx);
  await q(`select pg_advisory_xact_lock(hashtextextended('outbox:' || $1, 0))`, [consumer]);
  const { rows: [r] } = await q<{ tx_id: number; event_id: number }>(`select tx_id, event_id from outbox_positions where consumer = $1`, [consumer]);
  return r ? { txId: Number(r.tx_id), eventId: Number(r.event_id) } : { txId: 0, eventId: 0 };
}

export async function savePosition(tx: Db, consumer: string, p: Position): Promise<void> {
  await txQuery(tx)(
    `insert into outbox_positions (consumer, tx_id, event_id, updated_at) values ($1, $2, $3, now())
     on conflict (consumer) do update set tx_id = excluded.tx_id, event_id = excluded.event_id, updated_at = now()`,
    [consumer, p.txId, p.eventId],
  );
}

export async function readPosition(q: RawQuery, consumer: string): Promise<Position | null> {
  const { rows: [r] } = await q<{ tx_id: number; event_id: number }>(`select tx_id, event_id from outbox_positions where consumer = $1`, [consumer]);
  return r ? { txId: Number(r.tx_id), eventId: Number(r.event_id) } : null;
}
