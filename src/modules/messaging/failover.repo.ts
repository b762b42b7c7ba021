import { txQuery, type Db } from '../../db/client.js';

/**
 * Failover's writes (off the hot path: only when a connection is down or a batch failed over).
 */

/** Of these messages, those an earlier attempt may have left at a connection (its connection is recorded), and that connection: never sent through another. */
export async function pinsOf(db: Db, accountId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await txQuery(db)<{ id: string; connection_id: string }>(
    `select id, connection_id from messages where account_id = $1 and id = any($2::uuid[]) and connection_id is not null`, [accountId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.connection_id]));
}

/** A fallback definitely did not accept these (pinned to it before the send): free to go through any connection again. */
export async function unpin(tx: Db, accountId: string, ids: string[], connectionId: string): Promise<void> {
  if (!ids.length) return;
  await txQuery(tx)(
    `update messages set connection_id = null where account_id = $1 and id = any($2::uuid[]) and connection_id = $3 and status in ('scheduled', 'queued')`,
    [accountId, ids, connectionId],
  );
}

/**
 * The connection may hold these messages (a transient failure whose outcome is unknown, or a
 * fallback about to be called): recorded on it, and pinned to it. A crash before the outcome is
 * recorded leaves the pin, so a taken-over claim is never resent through another connection.
 */
export async function pinToConnection(tx: Db, accountId: string, ids: string[], connectionId: string): Promise<void> {
  if (!ids.length) return;
  await txQuery(tx)(`update messages set connection_id = $3 where account_id = $1 and id = any($2::uuid[]) and connection_id is null`, [accountId, ids, connectionId]);
}

/**
 * A failover's hand-over failed (submitViaFallback): none of these went to a carrier — the primary definitely did not
 * take them, the fallback was not called. The pins to `connectionId` that call set and the claims are given back: due
 * again at `at`, not taken over (the next claim sends them), the attempt spent (the next claim's number is a new one).
 * Guarded by the claim and the pin.
 */
export async function releaseUnsent(db: Db, accountId: string, rows: Release[], connectionId: string, at: Date): Promise<void> {
  if (!rows.length) return;
  await txQuery(db)(
    `update messages m set connection_id = null, claimed_until = null, next_attempt_at = $5, updated_at = now()
     from unnest($2::uuid[], $3::int[]) as u(id, attempt)
     where m.account_id = $1 and m.id = u.id and m.attempts = u.attempt and m.connection_id = $4 and m.status in ('scheduled', 'queued') and m.claimed_until is not null`,
    [accountId, rows.map((r) => r.id), rows.map((r) => r.attempt), connectionId, at.toISOString()],
  );
}

/** Sent through a fallback of another kind: its receipts come back as that carrier. */
export async function setCarrierKind(tx: Db, accountId: string, ids: string[], kind: string): Promise<void> {
  if (!ids.length) return;
  await txQuery(tx)(`update messages set provider = $3 where account_id = $1 and id = any($2::uuid[]) and provider <> $3`, [accountId, ids, kind]);
}

export interface Release { id: string; attempt: number }

/**
 * Gives claims back while their connection is down (no fallback): due again at `until`, the claim
 * not counted as an attempt (the connection failed, not the message), the reason kept on the message.
 * Guarded by the claim, like every outcome.
 */
export async function releaseClaims(db: Db, accountId: string, rows: Release[], until: Date, code: string, message: string): Promise<void> {
  if (!rows.length) return;
  await txQuery(db)(
    `update messages m set attempts = m.attempts - 1, claimed_until = null, next_attempt_at = $4, error_code = $5, error_message = $6, updated_at = now()
     from unnest($2::uuid[], $3::int[]) as u(id, attempt)
     where m.account_id = $1 and m.id = u.id and m.attempts = u.attempt and m.status in ('scheduled', 'queued')`,
    [accountId, rows.map((r) => r.id), rows.map((r) => r.attempt), until.toISOString(), code, message],
  );
}

/**
 * A sender whose connection is down (no usable fallback): its due messages wait until `until` (the
 * next probe), unclaimed — no attempt spent — with the reason on them; they leave the due-sender
 * scan meanwhile, so waiting senders never crowd out others. Rows under a live lease (claimed_until
 * ahead) are not due and left to their batch; an expired lease keeps claimed_until (taken over later).
 */
export async function holdSender(db: Db, accountId: string, numberId: string, until: Date, code: string, message: string): Promise<number> {
  const { rows } = await txQuery(db)<{ n: number }>(
    `with h as (
       update messages set next_attempt_at = $3, error_code = $4, error_message = $5, updated_at = now()
       where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued') and next_attempt_at <= now()
         and (claimed_until is null or claimed_until <= now())
       returning 1)
     select count(*)::int as n from h`,
    [accountId, numberId, until.toISOString(), code, message],
  );
  return rows[0]?.n ?? 0;
}
