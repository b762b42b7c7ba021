/**
 * What a database administrator can do to the audit tables without the server's audit key:
 * raw SQL, triggers switched off, hashes recomputed with the public formula (plain SHA-256).
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../src/context.js';
import { withTx } from '../src/db/tx.js';
import { canonicalEntry, type StoredEntry } from '../src/modules/audit/audit-chain.js';
import { recordAudit, SYSTEM_ACTOR } from '../src/modules/audit/audit.service.js';

export interface RawEntry extends StoredEntry {
  accountId: string;
}

export async function entries(ctx: Ctx, accountId: string): Promise<RawEntry[]> {
  const { rows } = await ctx.database.query<Record<string, unknown>>(
    'select * from audit_events where account_id = $1 order by seq', [accountId],
  );
  return rows.map((r) => ({
    accountId: r.account_id as string, seq: Number(r.seq), id: r.id as string, actorType: r.actor_type as string,
    actorId: r.actor_id as string | null, actorLabel: r.actor_label as string | null, action: r.action as string,
    targetType: r.target_type as string | null, targetId: r.target_id as string | null, ip: r.ip as string | null,
    userAgent: r.user_agent as string | null, details: r.details as string, createdAt: new Date(r.created_at as Date),
    prevHash: r.prev_hash as string, hash: r.hash as string,
  }));
}

export async function headOf(ctx: Ctx, accountId: string) {
  const { rows } = await ctx.database.query<{ seq: number; hash: string }>('select seq, hash from audit_heads where account_id = $1', [accountId]);
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
}

/** The entry's hash as anyone can compute it from the code, but without the key. */
export const plainSha = (e: RawEntry) =>
  createHash('sha256').update(canonicalEntry({ ...e, chain: `account:${e.accountId}` })).digest('hex');

const lit = (v: string | number | null) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** Runs statements with every trigger off (as a superuser can), on one connection. */
export async function asDba(ctx: Ctx, statements: string[]): Promise<void> {
  await ctx.database.exec(['begin', 'set local session_replication_role = replica', ...statements, 'commit'].join(';\n'));
}

export const updateEntrySql = (e: RawEntry) =>
  `update audit_events set action = ${lit(e.action)}, prev_hash = ${lit(e.prevHash)}, hash = ${lit(e.hash)} where account_id = ${lit(e.accountId)} and seq = ${e.seq}`;
export const setHeadSql = (accountId: string, seq: number, hash: string) =>
  `update audit_heads set seq = ${seq}, hash = ${lit(hash)} where account_id = ${lit(accountId)}`;
export const insertEntrySql = (e: RawEntry) =>
  `insert into audit_events (account_id, seq, id, actor_type, actor_id, actor_label, action, target_type, target_id, ip, user_agent, details, created_at, prev_hash, hash) values (${[
    e.accountId, e.seq, e.id, e.actorType, e.actorId, e.actorLabel, e.action, e.targetType, e.targetId, e.ip, e.userAgent, e.details,
    e.createdAt.toISOString(), e.prevHash, e.hash,
  ].map(lit).join(', ')})`;

/** Appends `n` entries through the application (with the key). */
export async function appendThroughApp(ctx: Ctx, accountId: string, n: number, action = 'test.filler') {
  for (let i = 0; i < n; i++) await withTx(ctx.db, (tx) => recordAudit(tx, { accountId, actor: SYSTEM_ACTOR, action: `${action}.${i}` }));
}
