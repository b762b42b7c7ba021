import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema/index.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type NewDelivery = typeof webhookDeliveries.$inferInsert;

export async function insertEndpoint(tx: Db, row: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
  const [r] = await tx.insert(webhookEndpoints).values(row).returning();
  return r;
}

export function listEndpoints(db: Db, accountId: string): Promise<EndpointRow[]> {
  return db.select().from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), isNull(webhookEndpoints.deletedAt))).orderBy(webhookEndpoints.createdAt).limit(100);
}

export async function findEndpoint(db: Db, accountId: string, id: string): Promise<EndpointRow | null> {
  const [r] = await db.select().from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
  return r ?? null;
}

export async function updateEndpoint(tx: Db, accountId: string, id: string, patch: Partial<EndpointRow>): Promise<EndpointRow | null> {
  const [r] = await tx.update(webhookEndpoints).set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt))).returning();
  return r ?? null;
}

/** The enabled endpoints of these accounts (the fan-out's targets). */
export async function activeEndpoints(q: RawQuery, accountIds: string[]): Promise<Array<{ account_id: string; id: string; events: string[]; created_at: Date }>> {
  const { rows } = await q<{ account_id: string; id: string; events: string[]; created_at: Date }>(
    `select account_id, id, events, created_at from webhook_endpoints where account_id = any($1::uuid[]) and enabled and deleted_at is null`, [accountIds],
  );
  return rows;
}

export async function insertDeliveries(tx: Db, rows: NewDelivery[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  return r.length;
}

export interface Claimed { account_id: string; id: string; endpoint_id: string; message_id: string; payload: Record<string, unknown>; attempts: number }

/**
 * Claims due deliveries (SKIP LOCKED) of enabled endpoints, at most `perEndpoint` minus what is
 * already in flight per endpoint, until `claimUntil` (a dead worker's claims expire).
 */
export async function claimDue(
  q: RawQuery, now: Date, claimUntil: Date, limit: number, perEndpoint: number, busy: { ids: string[]; counts: number[] },
): Promise<Claimed[]> {
  const { rows } = await q<Claimed>(
    `with c as (
       select d.account_id, d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
       join webhook_endpoints e on e.account_id = d.account_id and e.id = d.endpoint_id and e.enabled and e.deleted_at is null
       where d.status = 'pending' and d.next_attempt_at <= $1 and (d.claimed_until is null or d.claimed_until < $1)
       order by d.next_attempt_at limit $3 * 4
       for update of d skip locked
     ), r as (
       select c.*, row_number() over (partition by c.account_id, c.endpoint_id order by c.next_attempt_at) as rn from c
     ), pick as (
       select r.account_id, r.id from r left join unnest($5::uuid[], $6::int[]) as b(endpoint_id, n) on b.endpoint_id = r.endpoint_id
       where r.rn <= $4 - coalesce(b.n, 0) order by r.next_attempt_at limit $3
     )
     update webhook_deliveries d set claimed_until = $2 from pick where d.account_id = pick.account_id and d.id = pick.id
     returning d.account_id, d.id, d.endpoint_id, d.message_id, d.payload, d.attempts`,
    [now, claimUntil, limit, perEndpoint, busy.ids, busy.counts],
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

export async function insertAttempt(tx: Db, row: typeof webhookAttempts.$inferInsert): Promise<void> {
  await tx.insert(webhookAttempts).values(row);
}

export async function finishAttempt(
  tx: Db, accountId: string, id: string,
  set: { status: string; attempts: number; nextAttemptAt: Date | null; lastStatusCode: number | null; lastError: string | null; lastAttemptAt: Date },
): Promise<void> {
  await tx.update(webhookDeliveries).set({ ...set, claimedUntil: null })
    .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.id, id)));
}

export async function findDelivery(db: Db, accountId: string, id: string): Promise<DeliveryRow | null> {
  const [r] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.id, id)));
  return r ?? null;
}

/** An endpoint's deliveries, newest first, after a keyset position; each with its position time (`us`). */
export function listDeliveries(db: Db, accountId: string, endpointId: string, limit: number, after: KeysetPosition | null) {
  const where = [eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, endpointId)];
  if (after) where.push(afterPositionSql(webhookDeliveries.createdAt, webhookDeliveries.id, after, 'desc'));
  return db.select({ row: webhookDeliveries, us: positionUsSql(webhookDeliveries.createdAt) }).from(webhookDeliveries).where(and(...where)).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(limit);
}

export async function attemptsOf(q: RawQuery, accountId: string, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (!deliveryIds.length) return [];
  const { rows } = await q<Record<string, unknown>>(
    `select account_id, id, delivery_id, endpoint_id, url, request_headers, status_code, response_excerpt, error, latency_ms, created_at
     from webhook_attempts where account_id = $1 and delivery_id = any($2::uuid[]) order by created_at, id`, [accountId, deliveryIds],
  );
  return rows.map((r) => ({
    accountId: r.account_id as string, id: r.id as string, deliveryId: r.delivery_id as string, endpointId: r.endpoint_id as string, url: r.url as string,
    requestHeaders: r.request_headers as Record<string, string>, statusCode: r.status_code === null ? null : Number(r.status_code),
    responseExcerpt: r.response_excerpt as string | null, error: r.error as string | null, latencyMs: Number(r.latency_ms), createdAt: new Date(r.created_at as string),
  }));
}

/** Copies an endpoint's original deliveries created since `since` as new pending ones (a replay); how many. */
export async function replaySince(tx: Db, accountId: string, endpointId: string, since: Date, now: Date, max: number): Promise<number> {
  const { rows } = await txQuery(tx)(
    `insert into webhook_deliveries (account_id, id, endpoint_id, message_id, event_type, outbox_event_id, subject_id, payload, status, next_attempt_at, replay_of)
     select account_id, gen_random_uuid(), endpoint_id, message_id, event_type, outbox_event_id, subject_id, payload, 'pending', $4, id
     from (select * from webhook_deliveries where account_id = $1 and endpoint_id = $2 and created_at >= $3 and replay_of is null order by created_at limit $5) o
     returning 1`,
    [accountId, endpointId, since, now, max],
  );
  return rows.length;
}

/** Erase hook: payloads and answers of deliveries about these subjects. */
export async function redactSubjects(tx: Db, accountId: string, subjectIds: string[]): Promise<number> {
  if (!subjectIds.length) return 0;
  const q = txQuery(tx);
  const { rows } = await q(
    `update webhook_deliveries set payload = jsonb_build_object('type', event_type, 'data', '{"erased": true}'::jsonb)
     where account_id = $1 and subject_id = any($2::uuid[]) returning id`, [accountId, subjectIds],
  );
  const ids = rows.map((r) => (r as { id: string }).id);
  if (ids.length) await q(`update webhook_attempts set response_excerpt = null where account_id = $1 and delivery_id = any($2::uuid[])`, [accountId, ids]);
  return ids.length;
}

/** Forgets the answers to these deliveries (a receiver may echo what it was sent). */
async function dropExcerpts(q: RawQuery, accountId: string, deliveryIds: string[]): Promise<void> {
  if (deliveryIds.length) await q(`update webhook_attempts set response_excerpt = null where account_id = $1 and delivery_id = any($2::uuid[]) and response_excerpt is not null`, [accountId, deliveryIds]);
}

/**
 * These messages' bodies became `body` (a redaction): every delivery of them that carries a body
 * (`message.received`, replays included) gets the same, and the answers to those deliveries go.
 * One statement per call, over the subject index.
 */
export async function redactMessageBodies(tx: Db, accountId: string, messageIds: string[], body: string): Promise<number> {
  if (!messageIds.length) return 0;
  const q = txQuery(tx);
  const { rows } = await q<{ id: string }>(
    `update webhook_deliveries set payload = jsonb_set(payload, '{data,body}', to_jsonb($3::text))
     where account_id = $1 and subject_id is not null and subject_id = any($2::uuid[]) and jsonb_typeof(payload->'data'->'body') = 'string' and payload->'data'->>'body' <> $3
     returning id`, [accountId, messageIds, body],
  );
  await dropExcerpts(q, accountId, rows.map((r) => r.id));
  return rows.length;
}

/**
 * These messages were deleted: every delivery about them (replays included) keeps its type, time and
 * outcome, but its data becomes `{messageId, deleted: true}` (public ids, in the order of `messageIds`),
 * and the answers to them go. The deletion's own `message.deleted` is fanned out after, untouched.
 */
export async function eraseMessageDeliveries(tx: Db, accountId: string, messageIds: string[], publicIds: string[]): Promise<number> {
  if (!messageIds.length) return 0;
  const q = txQuery(tx);
  const { rows } = await q<{ id: string }>(
    `update webhook_deliveries d set payload = (d.payload - 'data') || jsonb_build_object('data', jsonb_build_object('messageId', m.public_id, 'deleted', true))
     from unnest($2::uuid[], $3::text[]) as m(id, public_id)
     where d.account_id = $1 and d.subject_id is not null and d.subject_id = m.id and d.event_type <> 'message.deleted'
     returning d.id`, [accountId, messageIds, publicIds],
  );
  await dropExcerpts(q, accountId, rows.map((r) => r.id));
  return rows.length;
}

/** Delivery log retention: deliveries (and their attempts) older than `before` that are settled. */
export async function purgeBefore(db: Db, before: Date): Promise<number> {
  const r = await db.delete(webhookDeliveries).where(and(lt(webhookDeliveries.createdAt, before), sql`${webhookDeliveries.status} <> 'pending'`)).returning({ id: webhookDeliveries.id });
  return r.length;
}
