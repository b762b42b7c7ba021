import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { canCopy, copyIn, copyValue } from '../../db/copy.js';
import { consentEvents, contacts, suppressions } from '../../db/schema/index.js';

export type ConsentEventRow = typeof consentEvents.$inferSelect;

export type NewEvent = typeof consentEvents.$inferInsert & { evidence: Record<string, unknown>; occurredAt: Date };

/** One statement for any number of events (imports write thousands per batch). */
export async function insertEvents(tx: Db, rows: NewEvent[]) {
  if (!rows.length) return;
  if (rows.length >= COPY_FROM && canCopy(tx)) return copyEvents(tx, rows);
  const col = <K extends keyof NewEvent>(k: K) => rows.map((r) => r[k] ?? null);
  const evidence = rows.map((r) => JSON.stringify(r.evidence));
  // An import's events share their evidence: send it once instead of once per row.
  const shared = evidence.every((e) => e === evidence[0]);
  await txQuery(tx)(
    `insert into consent_events (id, account_id, contact_id, phone_hash, kind, source, evidence, recorded_by, occurred_at)
     select u.id, u.account_id, u.contact_id, u.phone_hash, u.kind, u.source, ${shared ? '$7::jsonb' : 'u.evidence::jsonb'}, u.recorded_by, u.occurred_at
     from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], ${shared ? 'null::text[]' : '$7::text[]'}, $8::text[], $9::timestamptz[])
       as u(id, account_id, contact_id, phone_hash, kind, source, evidence, recorded_by, occurred_at)`,
    [col('id'), col('accountId'), col('contactId'), col('phoneHash'), col('kind'), col('source'), shared ? evidence[0] : evidence,
      col('recordedBy'), rows.map((r) => r.occurredAt.toISOString())],
  );
}

/** From this many events on, PostgreSQL gets them by COPY (an import batch: one event per contact). */
const COPY_FROM = 100;

async function copyEvents(tx: Db, rows: NewEvent[]) {
  await copyEventsText(tx, eventsCopyText(rows));
}

/** Events in COPY text format, as `copyEventsText` takes them (an import builds them before its transaction). */
export function eventsCopyText(rows: NewEvent[]): string {
  const json = new Map<object, string>(); // an import's events share one evidence object
  let text = '';
  for (const r of rows) {
    let evidence = json.get(r.evidence);
    if (evidence === undefined) json.set(r.evidence, (evidence = copyValue(JSON.stringify(r.evidence))));
    text += `${r.id}\t${r.accountId}\t${copyValue(r.contactId)}\t${copyValue(r.phoneHash)}\t${copyValue(r.kind)}\t${copyValue(r.source)}\t${evidence}\t${copyValue(r.recordedBy)}\t${r.occurredAt.toISOString()}\n`;
  }
  return text;
}

/** PostgreSQL: events already in COPY text format (`eventsCopyText`) in one COPY. */
export async function copyEventsText(tx: Db, text: string) {
  await copyIn(tx, 'copy consent_events (id, account_id, contact_id, phone_hash, kind, source, evidence, recorded_by, occurred_at) from stdin', text);
}

export async function setContactState(tx: Db, accountId: string, contactIds: string[], state: string, at: Date) {
  if (!contactIds.length) return;
  await tx
    .update(contacts)
    .set({ consentState: state, consentUpdatedAt: at, updatedAt: at })
    .where(and(eq(contacts.accountId, accountId), sql`${contacts.id} = any(${sql.param(contactIds)}::uuid[])`));
}

export async function suppress(tx: Db, accountId: string, rows: Array<{ phoneHash: string; phone: string; source: string }>) {
  if (!rows.length) return;
  await txQuery(tx)(
    `insert into suppressions (account_id, phone_hash, phone, source, reason)
     select $1, u.h, u.p, u.s, 'opt_out' from unnest($2::text[], $3::text[], $4::text[]) as u(h, p, s)
     on conflict do nothing`,
    [accountId, rows.map((r) => r.phoneHash), rows.map((r) => r.phone), rows.map((r) => r.source)],
  );
}

export async function unsuppress(tx: Db, accountId: string, phoneHashes: string[]) {
  if (!phoneHashes.length) return;
  await tx.delete(suppressions).where(and(eq(suppressions.accountId, accountId), sql`${suppressions.phoneHash} = any(${sql.param(phoneHashes)}::text[])`));
}

/**
 * Takes transaction-level advisory locks on these keys (sorted by the caller, all in one
 * statement, so two lockers never wait on each other in a cycle): exclusive for an opt-out,
 * shared for a dispatcher's hand-over. Held until the transaction ends.
 */
export async function lockKeys(tx: Db, keys: string[], mode: 'exclusive' | 'shared'): Promise<void> {
  if (!keys.length) return;
  const fn = mode === 'exclusive' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  await txQuery(tx)(`select count(${fn}(k)) from unnest($1::bigint[]) k`, [keys]);
}

/**
 * Which of these hashes are suppressed, and the database clock at the read — in a new statement,
 * so (read committed) its snapshot is taken after the caller's locks were granted.
 */
export async function suppressedNow(tx: Db, accountId: string, hashes: string[]): Promise<{ at: Date; hashes: string[] }> {
  const { rows: [r] } = await txQuery(tx)<{ at: Date; hashes: string[] | null }>(
    `select clock_timestamp() as at, (select array_agg(phone_hash) from suppressions where account_id = $1 and phone_hash = any($2::text[])) as hashes`,
    [accountId, hashes],
  );
  return { at: r.at, hashes: r.hashes ?? [] };
}

/** Which of these number hashes are suppressed for the account. */
export async function suppressedHashes(db: Db, accountId: string, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  if (hashes.length > 100) {
    // Large batches (imports): most accounts' lists are short or empty; check that first.
    const [any] = await db.select({ h: suppressions.phoneHash }).from(suppressions).where(eq(suppressions.accountId, accountId)).limit(1);
    if (!any) return new Set();
  }
  const rows = await db
    .select({ h: suppressions.phoneHash })
    .from(suppressions)
    .where(and(eq(suppressions.accountId, accountId), sql`${suppressions.phoneHash} = any(${sql.param(hashes)}::text[])`));
  return new Set(rows.map((r) => r.h));
}

export async function contactEvents(db: Db, accountId: string, contactId: string, phoneHash: string) {
  return db
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.accountId, accountId), or(eq(consentEvents.contactId, contactId), eq(consentEvents.phoneHash, phoneHash))))
    .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id));
}

/** Keyset page of every consent event of an account, oldest first (for evidence export). */
export async function accountEventsPage(db: Db, accountId: string, afterId: string | null, limit: number) {
  return db
    .select({ event: consentEvents, phone: contacts.phone })
    .from(consentEvents)
    .leftJoin(contacts, and(eq(contacts.id, consentEvents.contactId), eq(contacts.accountId, consentEvents.accountId)))
    .where(afterId ? and(eq(consentEvents.accountId, accountId), gt(consentEvents.id, afterId)) : eq(consentEvents.accountId, accountId))
    .orderBy(asc(consentEvents.id))
    .limit(limit);
}

export async function listSuppressions(db: Db, accountId: string, afterHash: string | null, limit: number) {
  return db
    .select()
    .from(suppressions)
    .where(afterHash ? and(eq(suppressions.accountId, accountId), gt(suppressions.phoneHash, afterHash)) : eq(suppressions.accountId, accountId))
    .orderBy(asc(suppressions.phoneHash))
    .limit(limit);
}

/**
 * SQL for a composed statement (the send's, messaging/send.repo.ts): whether the account suppressed
 * this phone hash, read in that statement's own snapshot — as fresh as a query of its own; never cached.
 * `accountId` and `phoneHash` are SQL expressions (parameters).
 */
export const suppressedSql = (accountId: string, phoneHash: string) =>
  `exists (select 1 from suppressions where account_id = ${accountId} and phone_hash = ${phoneHash})`;
