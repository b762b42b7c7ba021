import { and, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { campaignFanoutParts, campaigns, contacts, type MessageMedia } from '../../db/schema/index.js';
import { areaCodeSql } from './audience.js';
import { layoutFastSql, layoutSql } from './compose-sql.js';
import { batchLinksSql, hasUrlSql, type BatchLinkRules } from '../links/links.js';
import { BLANK_RE, MAX_BODY_CHARS, MAX_SEGMENTS } from '../../lib/sms-encoding.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;

/** The rows of a raw SQL query (shared by the campaign repos). */
export async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** Non-final message statuses: still waiting to go (or going). */
const PENDING = sql.raw(`('accepted', 'scheduled', 'queued', 'sending')`);
/** Unclaimed campaign messages waiting to go: what pause holds back and cancel stops. */
const WAITING = sql.raw(`status in ('scheduled', 'queued') and claimed_until is null`);

/**
 * The fan-out batch's recipients still to be given their message (alias r): queued, without one
 * — the batch's new rows, or held ones an A/B test released to its winner. Found through
 * campaign_recipients_pending_idx (only such rows), so a batch reads its own few instead of all the
 * campaign's earlier recipients (which made each batch slower than the last: quadratic over a
 * large campaign).
 */
const pendingOf = (c: CampaignRow, range: FanoutRange | null = null) =>
  sql`r.account_id = ${c.accountId}::uuid and r.campaign_id = ${c.id}::uuid and r.status = 'queued' and r.message_id is null ${inRange(sql`r.contact_id`, range)}`;

/** `and <id> > after and <id> <= upto` for the bounds a range has (nothing for none). */
const inRange = (id: SQL, range: FanoutRange | null) =>
  sql`${range?.after ? sql`and ${id} > ${range.after}::uuid` : sql``} ${range?.upto ? sql`and ${id} <= ${range.upto}::uuid` : sql``}`;

/**
 * Where the batch's pending recipients are: recipient rows already written (pendingOf: an A/B test
 * samples and releases over them), or — the batch's new eligible contacts (`contactIds`, from
 * materialiseBatch with `deferQueued`) — not written yet: queueMessages writes each one's recipient
 * row once, already carrying its message (no second row version, no FK checks run twice).
 */
export type Pending = {
  /** Rows already written: the campaign's (null), or a parallel fan-out part's — only those of its own range of contacts (another part's are its own to give a message). */
  rows: FanoutRange | null;
} | {
  contactIds: string[];
  /** Their distinct (zone, area code) pairs and those in regions with a daily cap, as materialiseBatch read them with the batch (pendingZones and dailyCapped then need no query of their own over the contacts). */
  zones?: Array<{ zone: string; ac: string | null }>;
  capped?: string[];
};

/**
 * Whether a batch may write its queued rows once, with their messages (materialiseBatch `deferQueued`):
 * no recipient row still waits for its message (a contact an earlier batch could not give one, e.g. no
 * pool number then: one probe of campaign_recipients_pending_idx), and none exists beyond the checkpoint
 * (one probe of the primary key: batches write in contact order, so normally none does). Otherwise the
 * batch takes the rows-then-update path, whose ON CONFLICT and pending rows cover both cases.
 */
export async function mayDeferQueued(tx: Db, c: CampaignRow, range: FanoutRange = campaignRange(c), part: FanoutRange | null = null) {
  const [r] = await rows<{ busy: boolean }>(tx, sql`select exists (select 1 from campaign_recipients r where ${pendingOf(c, part)})
    or exists (select 1 from campaign_recipients x where x.account_id = ${c.accountId}::uuid and x.campaign_id = ${c.id}::uuid ${inRange(sql`x.contact_id`, range)}) as busy`);
  return !r.busy;
}

/** The contacts a fan-out batch goes on from: ids after `after` (its checkpoint; null: from the first) up to `upto` (a parallel part's end; null: to the last). */
export interface FanoutRange { after: string | null; upto: string | null }
/** The campaign's own checkpoint, to the end (one loop). */
export const campaignRange = (c: CampaignRow): FanoutRange => ({ after: c.fanoutCursor, upto: null });

export type FanoutPart = typeof campaignFanoutParts.$inferSelect;

/** The campaign's fan-out parts (none: not split). */
export function fanoutParts(db: Db, accountId: string, campaignId: string): Promise<FanoutPart[]> {
  return db.select().from(campaignFanoutParts)
    .where(and(eq(campaignFanoutParts.accountId, accountId), eq(campaignFanoutParts.campaignId, campaignId))).orderBy(campaignFanoutParts.part);
}

/**
 * Where to split the audience after the campaign's checkpoint into ranges of about equal numbers of
 * contacts: the contact ids at the quantiles (one ordered scan of the audience through the contacts'
 * key), as the parts' rows to write. An audience of fewer than `parallel` batches (`batchRows`) gets
 * fewer parts; none at all (one loop over the campaign's checkpoint) when one batch or less is left.
 * Read without the campaign's lock (pause and cancel do not wait for this scan); the rows are written
 * under it (saveFanoutParts).
 */
export async function splitAudience(db: Db, c: CampaignRow, audience: SQL, parallel: number, batchRows: number) {
  const after = inRange(sql`${contacts.id}`, campaignRange(c));
  const [{ total }] = await rows<{ total: number }>(db, sql`select count(*)::int as total from ${contacts} where ${contacts.accountId} = ${c.accountId} and ${audience} ${after}`);
  const n = Math.min(parallel, Math.ceil(total / batchRows));
  if (n <= 1) return [];
  const size = Math.ceil(total / n);
  const bounds = (await rows<{ id: string }>(db, sql`
    select id::text from (select ${contacts.id} as id, row_number() over (order by ${contacts.id}) as k
      from ${contacts} where ${contacts.accountId} = ${c.accountId} and ${audience} ${after}) q
    where k % ${size} = 0 and k < ${total} order by k`)).map((b) => b.id);
  return [...bounds, null].map((upto, i) => ({ accountId: c.accountId, campaignId: c.id, part: i, afterId: i ? bounds[i - 1] : c.fanoutCursor, uptoId: upto, cursor: null }));
}

/**
 * Writes the parts (the caller holds the campaign's lock) unless the campaign has some already (another
 * worker split it meanwhile: those stay); returns the campaign's parts. A split read from an older
 * checkpoint only makes its first part start earlier: the contacts it finds done keep their rows
 * (the batch's recipient rows are written ON CONFLICT DO NOTHING, messages only for rows without one).
 */
export async function saveFanoutParts(tx: Db, c: CampaignRow, parts: Awaited<ReturnType<typeof splitAudience>>): Promise<FanoutPart[]> {
  const existing = await fanoutParts(tx, c.accountId, c.id);
  if (existing.length || !parts.length) return existing;
  return tx.insert(campaignFanoutParts).values(parts).onConflictDoNothing().returning();
}

/** A fan-out part, locked for its batch (null: gone). */
export async function lockFanoutPart(tx: Db, accountId: string, campaignId: string, part: number): Promise<FanoutPart | null> {
  const [p] = await tx.select().from(campaignFanoutParts)
    .where(and(eq(campaignFanoutParts.accountId, accountId), eq(campaignFanoutParts.campaignId, campaignId), eq(campaignFanoutParts.part, part))).for('update');
  return p ?? null;
}

/** The part's checkpoint after a batch (and done, with its last batch). */
export async function advanceFanoutPart(tx: Db, p: FanoutPart, cursor: string | null, done: Date | null) {
  await tx.update(campaignFanoutParts).set({ cursor, doneAt: done, updatedAt: new Date() })
    .where(and(eq(campaignFanoutParts.accountId, p.accountId), eq(campaignFanoutParts.campaignId, p.campaignId), eq(campaignFanoutParts.part, p.part)));
}

/** Whether every part of the campaign is done. */
export async function fanoutPartsDone(tx: Db, accountId: string, campaignId: string) {
  const [r] = await rows<{ done: boolean }>(tx, sql`
    select not exists (select 1 from campaign_fanout_parts where account_id = ${accountId}::uuid and campaign_id = ${campaignId}::uuid and done_at is null) as done`);
  return r.done;
}

/**
 * The pending recipient's contact row as `contacts`, fetched by its key for each recipient (a
 * lateral subquery kept whole by `offset 0`). A plain join let the planner hash the account's whole
 * contacts table (and work out every contact's zone and area code) for each batch: quadratic over a
 * large audience.
 */
const contactOfR = sql`cross join lateral (select * from ${contacts} where ${contacts.accountId} = r.account_id and ${contacts.id} = r.contact_id offset 0) as "contacts"`;

/** Whether the batch's pending recipients are rows already written (the campaign's, or a part's). */
export const isRows = (p: Pending): p is { rows: FanoutRange | null } => 'rows' in p;
/** The campaign's recipient rows still waiting for their message (one loop). */
const CAMPAIGN_ROWS: Pending = { rows: null };

/** The pending recipients as a relation `r` (account_id, campaign_id, contact_id, variant) and the condition that picks them. */
const pendingFrom = (c: CampaignRow, p: Pending) => (isRows(p)
  ? { rel: sql`campaign_recipients r`, where: pendingOf(c, p.rows) }
  : {
    rel: sql`(select ${c.accountId}::uuid as account_id, ${c.id}::uuid as campaign_id, u.contact_id, null::int as variant
      from unnest(${sql.param(p.contactIds)}::uuid[]) as u(contact_id)) r`,
    where: sql`true`,
  });

export async function insertCampaign(db: Db, row: NewCampaign) {
  const [c] = await db.insert(campaigns).values(row).returning();
  return c;
}

export async function findCampaign(db: Db, accountId: string, id: string, opts: { lock?: boolean | 'share' } = {}) {
  const q = db.select().from(campaigns).where(and(eq(campaigns.accountId, accountId), eq(campaigns.id, id)));
  const [c] = opts.lock ? await q.for(opts.lock === 'share' ? 'share' : 'update') : await q;
  return c ?? null;
}

/** A page of the account's campaigns, newest first, each with its keyset position (`us`). */
export const campaignsPage = (db: Db, accountId: string, after: KeysetPosition | null, limit: number) =>
  db.select({ row: campaigns, us: positionUsSql(campaigns.createdAt) }).from(campaigns)
    .where(and(eq(campaigns.accountId, accountId), after ? afterPositionSql(campaigns.createdAt, campaigns.id, after, 'desc') : undefined))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id)).limit(limit);

/** The account's campaigns with these ids (any order). */
export const campaignsByIds = (db: Db, accountId: string, ids: string[]) =>
  db.select().from(campaigns).where(and(eq(campaigns.accountId, accountId), inArray(campaigns.id, ids)));

export async function updateCampaign(db: Db, accountId: string, id: string, patch: Partial<NewCampaign>) {
  const [c] = await db.update(campaigns).set({ ...patch, updatedAt: new Date() }).where(and(eq(campaigns.accountId, accountId), eq(campaigns.id, id))).returning();
  return c;
}

export async function accountZone(db: Db, accountId: string) {
  const [a] = await rows<{ time_zone: string }>(db, sql`select time_zone from accounts where id = ${accountId}`);
  return a.time_zone;
}

/** Contacts of the audience counted by skip reason (NULL: eligible). */
export async function countByReason(db: Db, accountId: string, audience: SQL, reason: SQL) {
  return rows<{ reason: string | null; n: number }>(db, sql`
    select reason, count(*)::int as n from (select ${reason} as reason from ${contacts} where ${contacts.accountId} = ${accountId} and ${audience}) x group by reason`);
}

/**
 * Writes the recipient rows of the next `limit` contacts after the checkpoint (id order): queued,
 * or skipped with the first reason that holds. Returns how many contacts and the last id.
 * `defer` (only when mayDeferQueued: no recipient row beyond the checkpoint): only the skipped rows
 * are written; the contacts that get a message are returned instead (`queued`, id order; with their
 * zones and those in daily-capped area codes `cappedAcs`), their rows written with their messages
 * (queueMessages, Pending).
 */
export async function materialiseBatch(tx: Db, c: CampaignRow, audience: SQL, reason: SQL, limit: number, defer: { defaultZone: string; cappedAcs: string[] } | null = null,
  range: FanoutRange = campaignRange(c), part: FanoutRange | null = null) {
  const after = inRange(sql`${contacts.id}`, range);
  const [r] = await rows<{ n: number; last: string | null; queued: string | null; zones: Array<{ zone: string; ac: string | null }> | null; capped: string | null }>(tx, sql`
    with batch as (
      select ${contacts.id} as id, ${reason} as reason
        ${defer ? sql`, coalesce(${contacts.timeZone}, ${defer.defaultZone}::text) as zone, ${areaCodeSql()} as ac` : sql``}
      from ${contacts}
      where ${contacts.accountId} = ${c.accountId} and ${audience} ${after} order by ${contacts.id} limit ${limit}
    ), ins as (
      insert into campaign_recipients (account_id, campaign_id, contact_id, status, reason)
      select ${c.accountId}::uuid, ${c.id}::uuid, id, case when reason is null then 'queued' else 'skipped' end, reason from batch
      ${defer ? sql`where reason is not null` : sql``}
      on conflict do nothing
    )
    select (select count(*)::int from batch) as n, (select id::text from batch order by id desc limit 1) as last,
      ${defer ? sql`(select string_agg(b.id::text, ',' order by b.id) from batch b where b.reason is null) as queued,
        (select json_agg(z) from (select distinct b.zone, b.ac from batch b where b.reason is null) z) as zones,
        (select string_agg(b.id::text, ',' order by b.id) from batch b where b.reason is null and b.ac = any(${sql.param(defer.cappedAcs)}::text[])) as capped`
    : sql`null::text as queued, null::json as zones, null::text as capped`}`);
  const ids = (v: string | null) => (v ? v.split(',') : []);
  return { n: r.n, last: r.last, pending: (defer ? { contactIds: ids(r.queued), zones: r.zones ?? [], capped: ids(r.capped) } : { rows: part }) as Pending };
}

/**
 * Refreshes the planner's statistics of the tables a fan-out fills (ANALYZE samples a bounded
 * number of rows, whatever the table's size). Without it a large fan-out outgrows them: a table
 * that looked empty was planned as one (the open-conversation look-up went through the account's
 * index of all its open conversations, per row — quadratic). In a transaction of its own that gives
 * up after a second rather than wait behind an autovacuum of the same tables (which refreshes them
 * anyway); answers whether it ran.
 */
export async function refreshFanoutStats(db: Db): Promise<boolean> {
  try {
    await withTx(db, async (tx) => {
      await tx.execute(sql`set local lock_timeout = '1s'`);
      await tx.execute(sql`analyze campaign_recipients, conversations, messages, pool_senders`);
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') return false; // lock_not_available
    throw err;
  }
}

/** The (zone, area code) pairs of the campaign's queued recipients that have no message yet. */
export async function pendingZones(tx: Db, c: CampaignRow, defaultZone: string, pending: Pending = CAMPAIGN_ROWS) {
  if (!isRows(pending) && pending.zones) return pending.zones;
  const src = pendingFrom(c, pending);
  return rows<{ zone: string; ac: string | null }>(tx, sql`
    select distinct coalesce(${contacts.timeZone}, ${defaultZone}) as zone, ${areaCodeSql()} as ac
    from ${src.rel} ${contactOfR}
    where ${src.where}`);
}

/**
 * Pending recipients in regions with a daily cap (area codes `acs`) with marketing texts that went
 * or will go after `since`, with the moments they go (sent_at, else the planned next_attempt_at: a
 * text scheduled for tomorrow counts tomorrow) — a handful a batch at most, timed one by one.
 */
export async function dailyCapped(tx: Db, c: CampaignRow, defaultZone: string, acs: string[], since: Date, pending: Pending = CAMPAIGN_ROWS) {
  if (!isRows(pending) && pending.capped && !pending.capped.length) return [];
  const src = pendingFrom(c, !isRows(pending) && pending.capped ? { contactIds: pending.capped } : pending);
  const goes = sql`coalesce(m.sent_at, m.next_attempt_at, m.created_at)`;
  // Per recipient, its own recent texts (messages_marketing_idx), never a join over all the account's marketing texts.
  return rows<{ contact_id: string; zone: string; ac: string; recent: Array<Date | string> }>(tx, sql`
    select r.contact_id, coalesce(${contacts.timeZone}, ${defaultZone}) as zone, ${areaCodeSql()} as ac, g.recent
    from ${src.rel} ${contactOfR}
    cross join lateral (select json_agg(${goes}) as recent from messages m
      where m.account_id = r.account_id and m.contact_id = r.contact_id and m.kind = 'marketing' and m.status <> 'canceled'
        and ${goes} > ${since.toISOString()}::timestamptz offset 0) g
    where ${src.where}
      and ${areaCodeSql()} = any(${sql.param(acs)}::text[]) and g.recent is not null`);
}

export interface QueueParams {
  /** Who sends: one number, or each recipient's sticky number of a pool (`pool`: a row source of contact_id, number_id, phone_number, provider). */
  number: { id: string; phoneNumber: string; provider: string } | { pool: SQL };
  defaultZone: string;
  /** Next allowed moment per (zone, area code). */
  slots: Array<{ zone: string; ac: string | null; at: Date }>;
  /** Recipients whose own moment is later (a region's daily cap): it replaces their zone's slot. */
  later: Array<{ contactId: string; at: Date }>;
  /** Each recipient's final text (campaigns/compose-sql.ts composedTextSql): its encoding and segments are counted from it, per row. */
  body: SQL;
  /** Per row, the text is GSM-7 basic (compose.service recipientBasicSql): its layout is then its length (layoutFastSql); null: layoutSql for every row. Not used with tracked links. */
  basic?: SQL | null;
  /** MMS: the media every message carries (one message each, whatever the text's length); null for SMS. */
  media: MessageMedia[] | null;
  ids: string[];
  /** Tracked links (links.service batchLinkRules): each text's URLs become its short links before its message is written; null: texts as composed. */
  links?: BatchLinkRules | null;
  /** The batch's pending recipients: rows (each updated with its message), or contacts whose rows are written here. */
  pending?: Pending;
  now: Date;
  publicId: string;
}

/** The sender of each row (s: number_id, phone_number, provider): the one number, or the recipient's sticky number of the pool. */
const senderJoin = (n: QueueParams['number']) => ('pool' in n
  ? sql`join ${n.pool} s on s.contact_id = r.contact_id`
  : sql`cross join (select ${n.id}::uuid as number_id, ${n.phoneNumber}::text as phone_number, ${n.provider}::text as provider) s`);

/** The campaign's queued recipients without a message yet (contact_id): the fan-out batch (pool senders are assigned over it). */
export const pendingContactsSql = (c: CampaignRow, pending: Pending = CAMPAIGN_ROWS): SQL => {
  const src = pendingFrom(c, pending);
  return sql`select r.contact_id from ${src.rel} where ${src.where}`;
};

/** Row ids of the account's campaigns that have not ended and send from the pool. */
export async function campaignsUsingPool(db: Db, accountId: string, poolId: string) {
  return (await rows<{ id: string }>(db, sql`select id from campaigns where account_id = ${accountId} and pool_id = ${poolId}
    and status in ('draft', 'scheduled', 'running', 'paused') order by created_at limit 50`)).map((r) => r.id);
}

/** Distinct zones (contact's, else `defaultZone`) of the audience's contacts that would be texted (`reason` null). */
export async function audienceZones(db: Db, accountId: string, audience: SQL, reason: SQL, defaultZone: string) {
  return (await rows<{ zone: string }>(db, sql`
    select distinct coalesce(${contacts.timeZone}, ${defaultZone}) as zone from ${contacts}
    where ${contacts.accountId} = ${accountId} and ${audience} and (${reason}) is null`)).map((r) => r.zone);
}

/**
 * One message per queued recipient without one (in the contact's open conversation with the number
 * when there is one; otherwise in none until the customer replies or an agent writes — see
 * conversations.repo adoptUnthreadedSql — so a campaign does not open a conversation per recipient
 * in the shared inbox; its URLs already its own short links when links are tracked), the recipient row
 * pointing at it, and each message's first history event — all set-based, one statement. Returns
 * how many messages were queued (a text over the limit or blank after merging is written failed: body_too_long, empty_body).
 *
 * Row estimates for a batch just written are stale (the planner sees a handful of rows), so the
 * joins are written to be cheap whatever plan it picks: the open conversation is one index probe
 * per row (limit 1; a plain join was planned as a scan of all the number's conversations for each
 * row), and the recipient rows are updated by the keys of the inserted messages (account,
 * campaign, status, contact: one probe each) rather than by constants, which made it scan all the
 * campaign's recipients for each message. Both grew with the campaign: quadratic at a million.
 */
export async function queueMessages(tx: Db, c: CampaignRow, p: QueueParams): Promise<number> {
  const pending = p.pending ?? CAMPAIGN_ROWS;
  const src = pendingFrom(c, pending);
  const from = sql`${src.rel} ${contactOfR} ${senderJoin(p.number)}`;
  const where = sql`where ${src.where}`;
  const zone = sql`coalesce(${contacts.timeZone}, ${p.defaultZone})`;
  const body = p.links ? sql`coalesce(nb.body, p.body)` : sql`p.body`; // with its short links, when it has any
  const basic = p.links ? null : p.basic ?? null;
  const layout = basic ? layoutFastSql(body, sql`p.basic`, { mms: !!p.media }) : layoutSql(body, { mms: !!p.media });
  // A text over the limit after merging (a contact's value changed since the launch checked the audience's worst case) is not sent.
  const tooLong = sql`(l.segments > ${MAX_SEGMENTS}::int or char_length(${body}) > ${MAX_BODY_CHARS}::int)`;
  // So is an SMS whose text came out blank (a value blanked since; sms-encoding BLANK_RE).
  const problem = sql`(case when ${tooLong} then 'body_too_long' ${p.media ? sql`` : sql`when ${body} ~ ${BLANK_RE.source}::text then 'empty_body'`} end)`;
  const [r] = await rows<{ n: number }>(tx, sql`
    with x as (
      select r.contact_id, ${contacts.phone} as phone, ${p.body} as body, ${basic ?? sql`false`} as basic, coalesce(o.at, z.at) as at,
        s.number_id, s.phone_number as from_number, s.provider, row_number() over (order by r.contact_id) as rn
      from ${from}
      join unnest(${sql.param(p.slots.map((s) => s.zone))}::text[], ${sql.param(p.slots.map((s) => s.ac))}::text[],
        ${sql.param(p.slots.map((s) => s.at.toISOString()))}::timestamptz[]) as z(zone, ac, at)
        on z.zone = ${zone} and z.ac is not distinct from ${areaCodeSql()}
      left join unnest(${sql.param(p.later.map((l) => l.contactId))}::uuid[], ${sql.param(p.later.map((l) => l.at.toISOString()))}::timestamptz[]) as o(contact_id, at)
        on o.contact_id = r.contact_id
      ${where}
    ), ${p.links ? sql`xk as (
      select x.rn, ids.id as message_id, x.contact_id, x.body
      from x join unnest(${sql.param(p.ids)}::uuid[]) with ordinality as ids(id, rn) on ids.rn = x.rn where ${hasUrlSql(sql`x.body`)}
    ), ${batchLinksSql('xk', p.links)}, ` : sql``}p as (
      select x.*, (select cv.id from conversations cv
        where cv.account_id = ${c.accountId}::uuid and cv.contact_id = x.contact_id and cv.number_id = x.number_id and cv.status <> 'closed' limit 1) as conversation_id
      from x
    ), m as (
      insert into messages (id, account_id, conversation_id, contact_id, number_id, direction, kind, "from", "to", body, encoding, segments, media,
        status, error_code, error_message, provider, next_attempt_at, send_at, created_by, campaign_id)
      select ids.id, ${c.accountId}::uuid, p.conversation_id, p.contact_id, p.number_id, 'outbound', 'marketing', p.from_number, p.phone,
        ${body}, l.encoding, l.segments, ${p.media ? JSON.stringify(p.media) : null}::jsonb,
        case when ${problem} is not null then 'failed' when p.at > ${p.now.toISOString()}::timestamptz + interval '1 second' then 'scheduled' else 'queued' end,
        ${problem}, case ${problem} when 'body_too_long' then ${TOO_LONG_MESSAGE}::text when 'empty_body' then ${EMPTY_MESSAGE}::text end,
        p.provider, p.at, ${c.scheduleAt?.toISOString() ?? null}::timestamptz, ${c.createdBy}::uuid, ${c.id}::uuid
      from p join unnest(${sql.param(p.ids)}::uuid[]) with ordinality as ids(id, rn) on ids.rn = p.rn ${p.links ? sql`left join nb on nb.rn = p.rn` : sql``}
      cross join lateral ${layout} as l
      returning id, account_id, campaign_id, contact_id, next_attempt_at, status, conversation_id, error_code
    ), u as (${isRows(pending)
    ? sql`
      update campaign_recipients r set message_id = m.id, scheduled_for = m.next_attempt_at
      from m where r.account_id = m.account_id and r.campaign_id = m.campaign_id and r.status = 'queued' and r.contact_id = m.contact_id and r.message_id is null`
    : sql`
      insert into campaign_recipients (account_id, campaign_id, contact_id, status, reason, message_id, scheduled_for)
      select ${c.accountId}::uuid, ${c.id}::uuid, q.contact_id, 'queued', null, m.id, m.next_attempt_at
      from unnest(${sql.param(pending.contactIds)}::uuid[]) as q(contact_id) left join m on m.contact_id = q.contact_id
      on conflict do nothing`}
    ), e as (
      insert into outbox (account_id, type, subject_id, payload)
      select ${c.accountId}::uuid, 'message.created', m.id, jsonb_build_object('status', m.status, 'from', null, 'errorCode', m.error_code, 'source', 'system',
        'conversationId', m.conversation_id, 'campaignId', ${p.publicId}::text) from m
    )
    select (count(*) filter (where m.status <> 'failed'))::int as n from m`);
  return r.n;
}

const TOO_LONG_MESSAGE = `The text is longer than ${MAX_SEGMENTS} segments (${MAX_BODY_CHARS} characters) for this recipient after merging.`;
const EMPTY_MESSAGE = 'The text is empty for this recipient after merging.';

/** Recipient counts by status/reason, and the campaign's messages by status (with their segments). */
export async function stats(db: Db, accountId: string, campaignId: string) {
  const recipients = await rows<{ status: string; reason: string | null; n: number }>(db, sql`
    select status, reason, count(*)::int as n from campaign_recipients where account_id = ${accountId} and campaign_id = ${campaignId} group by status, reason`);
  const messages = await rows<{ status: string; n: number; segments: number }>(db, sql`
    select status, count(*)::int as n, coalesce(sum(segments), 0)::int as segments from messages
    where account_id = ${accountId} and campaign_id = ${campaignId} group by status`);
  return { recipients, messages };
}

/** Per campaign of `ids`: its recipient rows written and its messages in a final status (the list's progress). */
export function progressCounts(db: Db, accountId: string, ids: string[]) {
  return rows<{ campaign_id: string; materialised: number; finished: number }>(db, sql`
    select k.id as campaign_id,
      (select count(*)::int from campaign_recipients r where r.account_id = ${accountId} and r.campaign_id = k.id) as materialised,
      (select count(*)::int from messages m where m.account_id = ${accountId} and m.campaign_id = k.id
        and m.status in ('sent', 'delivered', 'undelivered', 'failed', 'canceled')) as finished
    from unnest(${sql.param(ids)}::uuid[]) as k(id)`);
}

/** Recipients who replied (texted in) and who opted out since the launch: people, not texts (one replying three times is one). */
export async function responses(db: Db, accountId: string, campaignId: string, since: Date) {
  const [r] = await rows<{ replies: number; opt_outs: number }>(db, sql`
    select
      (select count(distinct m.contact_id)::int from messages m join campaign_recipients r on r.account_id = m.account_id and r.contact_id = m.contact_id
        where r.account_id = ${accountId} and r.campaign_id = ${campaignId} and r.status = 'queued' and m.direction = 'inbound' and m.created_at >= ${since.toISOString()}::timestamptz) as replies,
      (select count(distinct e.contact_id)::int from consent_events e join campaign_recipients r on r.account_id = e.account_id and r.contact_id = e.contact_id
        where r.account_id = ${accountId} and r.campaign_id = ${campaignId} and r.status = 'queued' and e.kind = 'opt_out' and e.occurred_at >= ${since.toISOString()}::timestamptz) as opt_outs`);
  return r;
}

/**
 * Scheduled campaigns whose time has come — every account's, or only `one` — running from now on
 * (the guardrails watch running ones). Conditional: a pause or cancel that committed meanwhile stays.
 */
export async function startDueScheduled(db: Db, now: Date, one?: { accountId: string; id: string }) {
  return db.update(campaigns).set({ status: 'running', updatedAt: new Date() })
    .where(and(eq(campaigns.status, 'scheduled'), lte(campaigns.scheduleAt, now), one ? and(eq(campaigns.accountId, one.accountId), eq(campaigns.id, one.id)) : undefined))
    .returning();
}

/** Every account's running campaigns that are fanned out with nothing left to send: no text pending, no recipient held for an A/B winner. */
export async function finishedRunning(db: Db, limit: number) {
  return rows<{ account_id: string; id: string }>(db, sql`select k.account_id, k.id from campaigns k
    where k.status = 'running' and k.fanned_out_at is not null
      and not exists (select 1 from messages m where m.account_id = k.account_id and m.campaign_id = k.id and m.status in ${PENDING})
      and not exists (select 1 from campaign_recipients r where r.account_id = k.account_id and r.campaign_id = k.id and r.status = 'held')
    limit ${limit}`);
}

export async function pendingCount(db: Db, accountId: string, campaignId: string) {
  // Recipients an A/B test holds for its winner count as pending too.
  const [r] = await rows<{ n: number }>(db, sql`select (select count(*)::int from messages where account_id = ${accountId} and campaign_id = ${campaignId} and status in ${PENDING})
    + (select count(*)::int from campaign_recipients where account_id = ${accountId} and campaign_id = ${campaignId} and status = 'held') as n`);
  return r.n;
}

/** Holds the campaign's unclaimed waiting messages back (pause): due far in the future. */
export async function holdWaiting(tx: Db, accountId: string, campaignId: string, until: Date) {
  await tx.execute(sql`update messages set next_attempt_at = ${until.toISOString()}::timestamptz, updated_at = now()
    where account_id = ${accountId} and campaign_id = ${campaignId} and ${WAITING}`);
}

/** The (zone, area code) pairs of the campaign's held messages (resume). */
export function heldZones(tx: Db, accountId: string, campaignId: string, defaultZone: string) {
  return rows<{ zone: string; ac: string | null }>(tx, sql`
    select distinct coalesce(${contacts.timeZone}, ${defaultZone}) as zone, ${areaCodeSql()} as ac
    from messages m join ${contacts} on ${contacts.accountId} = m.account_id and ${contacts.id} = m.contact_id
    where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.status in ('scheduled', 'queued') and m.claimed_until is null`);
}

/** Resume: each held message due again at its zone's next allowed moment. */
export async function releaseHeld(tx: Db, accountId: string, campaignId: string, defaultZone: string, slots: QueueParams['slots']) {
  await tx.execute(sql`
    update messages m set next_attempt_at = z.at, updated_at = now()
    from ${contacts}
    join unnest(${sql.param(slots.map((s) => s.zone))}::text[], ${sql.param(slots.map((s) => s.ac))}::text[],
      ${sql.param(slots.map((s) => s.at.toISOString()))}::timestamptz[]) as z(zone, ac, at)
      on z.zone = coalesce(${contacts.timeZone}, ${defaultZone}) and z.ac is not distinct from ${areaCodeSql()}
    where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.status in ('scheduled', 'queued') and m.claimed_until is null
      and ${contacts.accountId} = m.account_id and ${contacts.id} = m.contact_id`);
}

/**
 * Resume: the campaign's held messages to recipients in regions with a daily cap (area codes `acs`) whose
 * other marketing texts went or will go after `since` (as dailyCapped), with those moments.
 */
export function heldDailyCapped(tx: Db, accountId: string, campaignId: string, defaultZone: string, acs: string[], since: Date) {
  const goes = sql`coalesce(o.sent_at, o.next_attempt_at, o.created_at)`;
  return rows<{ id: string; zone: string; ac: string; recent: Array<Date | string> }>(tx, sql`
    select m.id, coalesce(${contacts.timeZone}, ${defaultZone}) as zone, ${areaCodeSql()} as ac, g.recent
    from messages m join ${contacts} on ${contacts.accountId} = m.account_id and ${contacts.id} = m.contact_id
    cross join lateral (select json_agg(${goes}) as recent from messages o
      where o.account_id = m.account_id and o.contact_id = m.contact_id and o.kind = 'marketing' and o.status <> 'canceled' and o.id <> m.id
        and ${goes} > ${since.toISOString()}::timestamptz offset 0) g
    where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.status in ('scheduled', 'queued') and m.claimed_until is null
      and ${areaCodeSql()} = any(${sql.param(acs)}::text[]) and g.recent is not null`);
}

/** Resume: these held messages due at their own moments (a region's daily cap) instead of their zone's. */
export async function releaseHeldAt(tx: Db, accountId: string, moments: Array<{ id: string; at: Date }>) {
  if (!moments.length) return;
  await tx.execute(sql`
    update messages m set next_attempt_at = z.at, updated_at = now()
    from unnest(${sql.param(moments.map((x) => x.id))}::uuid[], ${sql.param(moments.map((x) => x.at.toISOString()))}::timestamptz[]) as z(id, at)
    where m.account_id = ${accountId} and m.id = z.id and m.status in ('scheduled', 'queued') and m.claimed_until is null`);
}

/** A page of the campaign's waiting, unclaimed messages, locked (a claim in progress is skipped: it is in flight). */
export function lockWaitingPage(tx: Db, accountId: string, campaignId: string, limit: number) {
  return rows<{ id: string; status: 'scheduled' | 'queued' }>(tx, sql`
    select id, status from messages where account_id = ${accountId} and campaign_id = ${campaignId} and ${WAITING}
    order by id limit ${limit} for update skip locked`);
}

/** The recipient's live status: skipped, canceled (held by an A/B test, then canceled), its message's final status, or queued while it waits. */
const LIVE_STATUS = sql`case when r.status = 'skipped' then 'skipped' when r.status = 'canceled' then 'canceled' when m.status is null or m.status in ${PENDING} then 'queued' else m.status end`;

export interface RecipientRow {
  contact_id: string; status: string; reason: string | null; message_id: string | null; scheduled_for: Date | string | null; variant: number | null;
  first_name: string | null; last_name: string | null; phone: string | null;
}

/** A page of the campaign's recipients (contact id order) with their live status and their contact's name and phone. */
export function recipientsPage(db: Db, accountId: string, campaignId: string, q: { status?: string; reason?: string; after: string | null; limit: number }) {
  return rows<RecipientRow>(db, sql`
    select r.contact_id, ${LIVE_STATUS} as status, r.reason, r.message_id, r.scheduled_for, r.variant, c.first_name, c.last_name, c.phone
    from campaign_recipients r left join messages m on m.account_id = r.account_id and m.id = r.message_id
      left join contacts c on c.account_id = r.account_id and c.id = r.contact_id
    where r.account_id = ${accountId} and r.campaign_id = ${campaignId}
      ${q.status ? sql`and ${LIVE_STATUS} = ${q.status}` : sql``}
      ${q.reason ? sql`and r.reason = ${q.reason}` : sql``}
      ${q.after ? sql`and r.contact_id > ${q.after}::uuid` : sql``}
    order by r.contact_id limit ${q.limit}`);
}

/** Running campaigns whose fan-out has not moved for a while (its worker died): resumed by the watchdog. */
export function staleFanouts(db: Db, olderThan: Date) {
  return rows<{ account_id: string; id: string }>(db, sql`
    select account_id, id from campaigns c where status in ('running', 'scheduled') and fanned_out_at is null and launched_at is not null
      and updated_at < ${olderThan.toISOString()}::timestamptz
      and not exists (select 1 from campaign_fanout_parts p where p.account_id = c.account_id and p.campaign_id = c.id
        and p.updated_at >= ${olderThan.toISOString()}::timestamptz) limit 100`);
}
