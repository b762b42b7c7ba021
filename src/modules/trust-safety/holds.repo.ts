import { txQuery, type Db } from '../../db/client.js';

export type HoldKind = 'enforcement' | 'credits';

export interface HoldRow {
  id: string; account_id: string; kind: HoldKind; reason: string; placed_by: string | null;
  placed_at: Date; lifted_at: Date | null; lifted_by: string | null;
}

/**
 * The account's hold lock. The dispatcher's hand-over takes it shared (messaging dispatch.repo.ts
 * `gateAtHandOver`, the same expression) before it re-reads the holds; placing a hold takes it
 * exclusive, so a hold is final at commit: no held text handed over after it (keyword replies go under
 * a hold, except of a terminated account).
 */
const HOLD_LOCK_SQL = `select pg_advisory_xact_lock(hashtextextended('sending_hold:' || $1::text, 0))`;

/** Places a hold of this kind unless one is active (then that one stays); returns the active hold. */
export async function placeHold(tx: Db, accountId: string, id: string, kind: HoldKind, reason: string, placedBy: string | null): Promise<{ hold: HoldRow; placed: boolean }> {
  const q = txQuery(tx);
  await q(HOLD_LOCK_SQL, [accountId]);
  const { rows: [inserted] } = await q<HoldRow>(
    `insert into sending_holds (id, account_id, kind, reason, placed_by) values ($1, $2, $3, $4, $5)
     on conflict (account_id, kind) where lifted_at is null do nothing returning *`,
    [id, accountId, kind, reason, placedBy],
  );
  if (inserted) return { hold: inserted, placed: true };
  const { rows: [active] } = await q<HoldRow>(`select * from sending_holds where account_id = $1 and kind = $2 and lifted_at is null`, [accountId, kind]);
  return { hold: active, placed: false };
}

/** Lifts the account's active hold of this kind (if any); returns it. Its messages are due again at once. */
export async function liftHold(tx: Db, accountId: string, kind: HoldKind, liftedBy: string | null): Promise<HoldRow | null> {
  const { rows: [r] } = await txQuery(tx)<HoldRow>(
    `update sending_holds set lifted_at = now(), lifted_by = $3 where account_id = $1 and kind = $2 and lifted_at is null returning *`,
    [accountId, kind, liftedBy],
  );
  return r ?? null;
}

export async function activeHolds(db: Db, accountId: string): Promise<HoldRow[]> {
  const { rows } = await txQuery(db)<HoldRow>(`select * from sending_holds where account_id = $1 and lifted_at is null order by placed_at`, [accountId]);
  return rows;
}

/** The account's holds, newest first (evidence: lifted ones are kept). */
export async function holdHistory(db: Db, accountId: string, limit = 100): Promise<HoldRow[]> {
  const { rows } = await txQuery(db)<HoldRow>(`select * from sending_holds where account_id = $1 order by placed_at desc limit $2`, [accountId, limit]);
  return rows;
}
