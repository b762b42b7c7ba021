import { and, desc, eq } from 'drizzle-orm';
import { txQuery, type Db } from '../../db/client.js';
import { events, messageEvents, messages } from '../../db/schema/index.js';

export type MessageRow = typeof messages.$inferSelect;

export async function insertMessage(tx: Db, row: typeof messages.$inferInsert) {
  const [m] = await tx.insert(messages).values(row).returning();
  await tx.insert(messageEvents).values({ accountId: m.accountId, messageId: m.id, status: m.status, source: 'api', errorCode: m.errorCode });
  return m;
}

export async function findMessage(db: Db, accountId: string, id: string) {
  const [m] = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.id, id)));
  return m ?? null;
}

export async function findByIdempotencyKey(db: Db, accountId: string, key: string) {
  const [m] = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.idempotencyKey, key)));
  return m ?? null;
}

export async function messageHistory(db: Db, accountId: string, messageId: string) {
  return db.select().from(messageEvents).where(and(eq(messageEvents.accountId, accountId), eq(messageEvents.messageId, messageId))).orderBy(messageEvents.id);
}

export async function conversationMessages(db: Db, accountId: string, conversationId: string, limit: number) {
  return db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.conversationId, conversationId))).orderBy(desc(messages.createdAt)).limit(limit);
}

export async function insertEvents(tx: Db, rows: Array<{ accountId: string; type: string; payload: Record<string, unknown> }>) {
  if (!rows.length) return;
  await txQuery(tx)(
    `insert into events (account_id, type, payload) select * from unnest($1::uuid[], $2::text[], $3::jsonb[])`,
    [rows.map((r) => r.accountId), rows.map((r) => r.type), rows.map((r) => JSON.stringify(r.payload))],
  );
}

export interface StatusChange {
  id: string;
  accountId: string;
  from: string;
  to: string;
  errorCode?: string | null;
  errorMessage?: string | null;
  providerMessageId?: string | null;
  nextAttemptAt?: Date | null;
}

/**
 * Applies status changes in one statement each, with history rows and events. Each update
 * is guarded by the status it expects, so a concurrent change wins and nothing moves back.
 */
export async function applyStatusChanges(tx: Db, changes: StatusChange[], source: string): Promise<StatusChange[]> {
  if (!changes.length) return [];
  const col = <K extends keyof StatusChange>(k: K) => changes.map((c) => c[k] ?? null);
  const { rows } = await txQuery(tx)<{ id: string }>(
    `update messages m set status = u.to_status, updated_at = now(),
       error_code = coalesce(u.error_code, m.error_code), error_message = coalesce(u.error_message, m.error_message),
       provider_message_id = coalesce(u.provider_message_id, m.provider_message_id),
       next_attempt_at = case when u.to_status = 'queued' then u.next_attempt_at else m.next_attempt_at end,
       claimed_until = case when u.to_status = 'sending' then m.claimed_until else null end,
       sent_at = case when u.to_status = 'sent' then now() else m.sent_at end,
       delivered_at = case when u.to_status = 'delivered' then now() else m.delivered_at end
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       as u(id, from_status, to_status, error_code, error_message, provider_message_id, next_attempt_at)
     where m.id = u.id and m.status = u.from_status
     returning m.id`,
    [col('id'), col('from'), col('to'), col('errorCode'), col('errorMessage'), col('providerMessageId'), changes.map((c) => c.nextAttemptAt?.toISOString() ?? null)],
  );
  const done = new Set(rows.map((r) => r.id));
  const applied = changes.filter((c) => done.has(c.id) && c.from !== c.to);
  if (!applied.length) return applied;
  await txQuery(tx)(
    `insert into message_events (account_id, message_id, status, error_code, source) select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])`,
    [applied.map((c) => c.accountId), applied.map((c) => c.id), applied.map((c) => c.to), applied.map((c) => c.errorCode ?? null), applied.map(() => source)],
  );
  await insertEvents(tx, applied.map((c) => ({ accountId: c.accountId, type: 'message.status_changed', payload: { messageId: c.id, from: c.from, status: c.to, errorCode: c.errorCode ?? null } })));
  return applied;
}
