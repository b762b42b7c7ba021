import { txQuery, type Db } from '../../db/client.js';

/**
 * What an account's hard erasure keeps, and why (the certificate repeats it). Every other table
 * with an `account_id` column loses every row of the account.
 */
export const KEPT_TABLES: Readonly<Record<string, string>> = {
  accounts: 'a tombstone (id, status erased, no name or details): the key the kept consent evidence hangs on',
  consent_events: 'consent evidence, 4 years after the erasure (DESIGN): the number as a keyed hash, evidence hashed, no contact and no recorder',
  legal_request_accounts: 'the platform\'s legal record that a legal request concerned the account (no personal data)',
  number_give_backs: 'numbers bought through West Message for the business whose carrier has not taken them back yet (refused or unreachable at the erasure): '
    + 'the number, its carrier id and the connection\'s kind, settings and sealed credentials, no personal data; retried by the account-deletions job, deleted once given back',
};

/**
 * The tables holding rows of accounts (an `account_id` column), children before parents (by
 * their foreign keys) so that each delete leaves nothing pointing at a deleted row.
 */
export async function accountTablesInDeleteOrder(db: Db): Promise<string[]> {
  const q = txQuery(db);
  const tables = (await q<{ t: string }>(
    `select c.table_name as t from information_schema.columns c join information_schema.tables x on x.table_schema = c.table_schema and x.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'account_id' and x.table_type = 'BASE TABLE' order by 1`,
  )).rows.map((r) => r.t);
  const edges = (await q<{ child: string; parent: string }>(
    `select cl.relname as child, pl.relname as parent from pg_constraint k
       join pg_class cl on cl.oid = k.conrelid join pg_class pl on pl.oid = k.confrelid
       join pg_namespace n on n.oid = cl.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and cl.relname <> pl.relname`,
  )).rows;
  const set = new Set(tables.filter((t) => !(t in KEPT_TABLES)));
  const order: string[] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (t: string) => {
    if (done.has(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const e of edges) if (e.parent === t && set.has(e.child)) visit(e.child); // children first
    visiting.delete(t);
    done.add(t);
    order.push(t);
  };
  for (const t of [...set].sort()) visit(t);
  return order;
}

/** Deletes every row of the account from one table; returns how many. */
export async function deleteAccountRows(tx: Db, table: string, accountId: string): Promise<number> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  const r = await txQuery(tx)<{ n: number }>(`with d as (delete from "${table}" where account_id = $1 returning 1) select count(*)::int as n from d`, [accountId]);
  return Number(r.rows[0].n);
}

/** The account's jobs waiting or kept by the job queue (their payloads name the account). */
export async function deleteAccountJobs(tx: Db, accountId: string): Promise<number> {
  const q = txQuery(tx);
  let n = 0;
  for (const t of ['job', 'archive']) {
    const exists = (await q<{ r: string | null }>(`select to_regclass($1) as r`, [`pgboss.${t}`])).rows[0].r;
    if (!exists) continue;
    n += Number((await q<{ n: number }>(`with d as (delete from pgboss.${t} where data->>'accountId' = $1 returning 1) select count(*)::int as n from d`, [accountId])).rows[0].n);
  }
  return n;
}

/** The account becomes a tombstone: no name or details, status erased (no sign-in, no API key). */
export async function tombstone(tx: Db, accountId: string): Promise<void> {
  await txQuery(tx)(
    `update accounts set name = 'Erased account', legal_name = null, website = null, industry = null, address = null, status = 'erased', updated_at = now() where id = $1`,
    [accountId],
  );
}

/** Erased accounts, with when they were erased (their tombstone's last change). */
export async function erasedAccounts(db: Db): Promise<Array<{ id: string; erasedAt: Date }>> {
  const r = await txQuery(db)<{ id: string; updated_at: Date }>(`select id, updated_at from accounts where status = 'erased'`);
  return r.rows.map((x) => ({ id: x.id, erasedAt: new Date(x.updated_at) }));
}

/** Deletes a tombstone whose kept evidence is gone. */
export async function deleteTombstone(tx: Db, accountId: string): Promise<void> {
  await txQuery(tx)(`delete from accounts where id = $1 and status = 'erased'`, [accountId]);
}

// ---- pending deletions ----

export interface DeletionRow { accountId: string; requestedBy: string | null; requestedAt: Date; scheduledFor: Date; remindersSent: number }
const toRow = (r: { account_id: string; requested_by: string | null; requested_at: Date; scheduled_for: Date; reminders_sent: number }): DeletionRow => ({
  accountId: r.account_id, requestedBy: r.requested_by, requestedAt: new Date(r.requested_at), scheduledFor: new Date(r.scheduled_for), remindersSent: Number(r.reminders_sent),
});
type Raw = Parameters<typeof toRow>[0];

export async function findDeletion(db: Db, accountId: string, lock = false): Promise<DeletionRow | null> {
  const r = await txQuery(db)<Raw>(`select * from account_deletions where account_id = $1${lock ? ' for update' : ''}`, [accountId]);
  return r.rows[0] ? toRow(r.rows[0]) : null;
}

export async function insertDeletion(tx: Db, accountId: string, requestedBy: string | null, requestedAt: Date, scheduledFor: Date): Promise<DeletionRow> {
  const r = await txQuery(tx)<Raw>(
    `insert into account_deletions (account_id, requested_by, requested_at, scheduled_for) values ($1, $2, $3, $4)
     on conflict (account_id) do update set account_id = excluded.account_id returning *`,
    [accountId, requestedBy, requestedAt, scheduledFor],
  );
  return toRow(r.rows[0]);
}

export async function deleteDeletion(tx: Db, accountId: string): Promise<boolean> {
  return (await txQuery(tx)(`delete from account_deletions where account_id = $1 returning 1`, [accountId])).rows.length > 0;
}

export async function pendingDeletions(db: Db): Promise<DeletionRow[]> {
  return (await txQuery(db)<Raw>(`select * from account_deletions order by scheduled_for`)).rows.map(toRow);
}

export async function markReminded(tx: Db, accountId: string, sent: number): Promise<boolean> {
  return (await txQuery(tx)(`update account_deletions set reminders_sent = $2 where account_id = $1 and reminders_sent < $2 returning 1`, [accountId, sent])).rows.length > 0;
}
