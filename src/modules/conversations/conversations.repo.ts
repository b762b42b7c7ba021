import { and, eq, ne, sql } from 'drizzle-orm';
import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { conversations } from '../../db/schema/index.js';

export type ConversationRow = typeof conversations.$inferSelect;

export interface ConversationView {
  id: string;
  account_id: string;
  status: string;
  snoozed_until: Date | null;
  assignee_user_id: string | null;
  assignee_name: string | null;
  team_id: string | null;
  team_name: string | null;
  assigned_at: Date | null;
  last_message_at: Date | null;
  last_inbound_at: Date | null;
  last_reply_at: Date | null;
  closed_at: Date | null;
  /** The conversation's labels (json, by position then name). */
  labels: Array<{ id: string; name: string; color: string }> | null;
  /** The list position's time (last activity) in whole microseconds since the epoch, as text: the cursor. */
  position_us: string;
  created_at: Date;
  contact_id: string;
  phone: string;
  first_name: string | null;
  last_name: string | null;
  consent_state: string;
  number_id: string;
  number_phone: string;
  last_body: string | null;
  last_direction: string | null;
  last_status: string | null;
}

const VIEW = `
  select c.id, c.account_id, c.status, c.snoozed_until, c.assignee_user_id, au.name as assignee_name, c.team_id, tm.name as team_name, c.assigned_at,
         c.last_message_at, c.last_inbound_at, c.last_reply_at, c.closed_at, c.created_at, c.contact_id, ct.phone, ct.first_name, ct.last_name, ct.consent_state,
         c.number_id, n.phone_number as number_phone, lm.body as last_body, lm.direction as last_direction, lm.status as last_status, lb.labels,
         ((extract(epoch from coalesce(c.last_message_at, c.created_at)) * 1000000)::bigint)::text as position_us
  from conversations c
  join contacts ct on ct.id = c.contact_id and ct.account_id = c.account_id
  join phone_numbers n on n.id = c.number_id and n.account_id = c.account_id
  left join users au on au.id = c.assignee_user_id
  left join teams tm on tm.account_id = c.account_id and tm.id = c.team_id
  left join lateral (
    select body, direction, status from messages m where m.account_id = c.account_id and m.conversation_id = c.id order by m.created_at desc limit 1
  ) lm on true
  left join lateral (
    select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by l.position, lower(l.name)) as labels
    from conversation_labels cl join labels l on l.account_id = cl.account_id and l.id = cl.label_id
    where cl.account_id = c.account_id and cl.conversation_id = c.id
  ) lb on true`;

/**
 * What a list of conversations may be narrowed by. Every field is optional; `numberIds` and
 * `teamIds` are restrictions (a partner's grant): when set, nothing outside them is listed.
 */
export interface ConversationFilter {
  /** open | pending | snoozed | closed; 'all' or undefined: every state. */
  state?: string;
  /** A user id; 'none' for unassigned. */
  assigneeUserId?: string | 'none';
  teamId?: string;
  labelId?: string;
  numberId?: string;
  contactId?: string;
  /** Last activity at or after / before. */
  since?: Date;
  until?: Date;
  /** Restrictions: only conversations on these numbers / of these teams. */
  numberIds?: string[];
  teamIds?: string[];
  /** Extra conditions added by other parts of the module (search, unread…): SQL on alias `c`, numbered from `$n` upward through `param`. */
  extra?: Array<(param: (v: unknown) => string) => string>;
}

/** The WHERE clause of a filter (alias `c`), its parameters appended to `params`. */
export function filterSql(accountId: string, f: ConversationFilter, params: unknown[]): string {
  const param = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const where = [`c.account_id = ${param(accountId)}`];
  if (f.state && f.state !== 'all') where.push(`c.status = ${param(f.state)}`);
  if (f.assigneeUserId === 'none') where.push('c.assignee_user_id is null');
  else if (f.assigneeUserId) where.push(`c.assignee_user_id = ${param(f.assigneeUserId)}::uuid`);
  if (f.teamId) where.push(`c.team_id = ${param(f.teamId)}::uuid`);
  if (f.labelId) where.push(`exists (select 1 from conversation_labels cl where cl.account_id = c.account_id and cl.conversation_id = c.id and cl.label_id = ${param(f.labelId)}::uuid)`);
  if (f.numberId) where.push(`c.number_id = ${param(f.numberId)}::uuid`);
  if (f.contactId) where.push(`c.contact_id = ${param(f.contactId)}::uuid`);
  if (f.since) where.push(`coalesce(c.last_message_at, c.created_at) >= ${param(f.since.toISOString())}::timestamptz`);
  if (f.until) where.push(`coalesce(c.last_message_at, c.created_at) < ${param(f.until.toISOString())}::timestamptz`);
  if (f.numberIds) where.push(`c.number_id = any(${param(f.numberIds)}::uuid[])`);
  if (f.teamIds) where.push(`c.team_id = any(${param(f.teamIds)}::uuid[])`);
  for (const e of f.extra ?? []) where.push(`(${e(param)})`);
  return where.join(' and ');
}

/** Most recent activity first, keyset-paginated on (last activity, id). */
export async function listConversations(q: RawQuery, accountId: string, filter: ConversationFilter, cursor: { us: string; id: string } | null, limit: number) {
  const params: unknown[] = [];
  const where = filterSql(accountId, filter, params);
  params.push(cursor?.us ?? null, cursor?.id ?? null, limit);
  const n = params.length;
  // The position is in whole microseconds (what PostgreSQL keeps): rows of one millisecond are neither skipped nor repeated.
  const { rows } = await q<ConversationView>(
    `${VIEW} where ${where}
       and ($${n - 2}::bigint is null or (coalesce(c.last_message_at, c.created_at), c.id) < (timestamptz 'epoch' + $${n - 2}::bigint * interval '1 microsecond', $${n - 1}::uuid))
     order by coalesce(c.last_message_at, c.created_at) desc, c.id desc limit $${n}`,
    params,
  );
  return rows;
}

/** How many conversations match a filter, per state. */
export async function countByState(q: RawQuery, accountId: string, filter: ConversationFilter) {
  const params: unknown[] = [];
  const where = filterSql(accountId, { ...filter, state: undefined }, params);
  const { rows } = await q<{ status: string; n: number | string }>(`select c.status, count(*) as n from conversations c where ${where} group by c.status`, params);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

export async function findConversation(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<ConversationView>(`${VIEW} where c.account_id = $1 and c.id = $2`, [accountId, id]);
  return r ?? null;
}

/** Changes the state; closing stamps closed_at, snoozing sets or clears the wake-up time. */
export async function setStatus(tx: Db, accountId: string, id: string, status: string, snoozedUntil: Date | null = null) {
  await txQuery(tx)(
    `update conversations set status = $3, snoozed_until = case when $3 = 'snoozed' then $4::timestamptz end,
       closed_at = case when $3 = 'closed' then now() else null end
     where account_id = $1 and id = $2`,
    [accountId, id, status, snoozedUntil?.toISOString() ?? null],
  );
}

/** The id of the conversation that is not closed of a contact on a number, if there is one. */
export async function findOpenId(q: RawQuery, accountId: string, contactId: string, numberId: string) {
  const { rows: [r] } = await q<{ id: string }>(
    `select id from conversations where account_id = $1 and contact_id = $2 and number_id = $3 and status <> 'closed'`, [accountId, contactId, numberId]);
  return r?.id ?? null;
}

/** The open conversation of a contact on a number, opened when there is none. */
export async function openConversation(tx: Db, accountId: string, contactId: string, numberId: string, id: string) {
  await txQuery(tx)(
    `insert into conversations (id, account_id, contact_id, number_id, status) values ($1, $2, $3, $4, 'open')
     on conflict (account_id, contact_id, number_id) where status <> 'closed' do nothing`,
    [id, accountId, contactId, numberId],
  );
  const [c] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.contactId, contactId), eq(conversations.numberId, numberId), ne(conversations.status, 'closed')));
  await txQuery(tx)(adoptUnthreadedSql('(select $4::uuid as id, $1::uuid as account_id, $2::uuid as contact_id, $3::uuid as number_id) cv',
    { id: 'cv.id', accountId: 'cv.account_id', contactId: 'cv.contact_id', numberId: 'cv.number_id' }), [accountId, contactId, numberId, c.id]);
  return c;
}

/**
 * Campaign texts join the conversation of their contact and number once there is one: a campaign
 * opens no conversation of its own (a million recipients are not a million open conversations in the
 * shared inbox); the customer's reply, or an agent's text, opens it, and the texts the customer
 * answers are then in its thread. An UPDATE for a statement or a CTE; `from` the FROM list the values
 * (SQL expressions) come from. Found through messages_unthreaded_idx (only such texts are in it).
 */
export const adoptUnthreadedSql = (from: string, v: { id: string; accountId: string; contactId: string; numberId: string }) =>
  `update messages u set conversation_id = ${v.id} from ${from}
   where u.account_id = ${v.accountId} and u.contact_id = ${v.contactId} and u.number_id = ${v.numberId}
     and u.conversation_id is null and u.campaign_id is not null`;

/**
 * openConversation + touchConversation('outbound') as one write for a composed statement (the send's
 * CTE chain): inserts the open conversation of the contact on the number, or — when one is open —
 * records the reply on it (last message and last reply now); returns its id. ON CONFLICT … DO UPDATE
 * sees (and locks) an open conversation committed after the statement's snapshot, so it never comes
 * back empty. `source` is the FROM list the values are selected from; every value an SQL expression.
 */
export const openForReplySql = (v: { source: string; id: string; accountId: string; contactId: string; numberId: string }, returning = 'id') =>
  `insert into conversations (id, account_id, contact_id, number_id, status, last_message_at, last_reply_at)
   select ${v.id}, ${v.accountId}, ${v.contactId}, ${v.numberId}, 'open', now(), now() from ${v.source}
   on conflict (account_id, contact_id, number_id) where status <> 'closed' do update set last_message_at = now(), last_reply_at = now()
   returning ${returning}`;

/**
 * Records a message: its last activity; an inbound text also wakes a snoozed or pending
 * conversation (the customer answered); a text from the inbox is its last reply. Returns the
 * status an inbound text woke the conversation from (null when it changed no status).
 */
export async function touchConversation(tx: Db, accountId: string, id: string, kind: 'inbound' | 'outbound' | 'automated'): Promise<string | null> {
  if (kind === 'inbound') {
    // The row's status before the update (locked, so no concurrent change slips between the read and the write).
    const { rows } = await txQuery(tx)<{ woke: string | null }>(
      `update conversations c set last_message_at = now(), last_inbound_at = now(),
         status = case when p.status in ('snoozed', 'pending') then 'open' else c.status end,
         snoozed_until = case when p.status in ('snoozed', 'pending') then null else c.snoozed_until end
       from (select status from conversations where account_id = $1 and id = $2 for update) p
       where c.account_id = $1 and c.id = $2
       returning case when p.status in ('snoozed', 'pending') then p.status end as woke`,
      [accountId, id],
    );
    return rows[0]?.woke ?? null;
  }
  await txQuery(tx)(
    kind === 'outbound'
      ? `update conversations set last_message_at = now(), last_reply_at = now() where account_id = $1 and id = $2`
      : `update conversations set last_message_at = now() where account_id = $1 and id = $2`,
    [accountId, id],
  );
  return null;
}
