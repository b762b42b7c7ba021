import { and, eq, sql } from 'drizzle-orm';
import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { conversations } from '../../db/schema/index.js';

export type ConversationRow = typeof conversations.$inferSelect;

export interface ConversationView {
  id: string;
  account_id: string;
  status: string;
  last_message_at: Date | null;
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
  select c.id, c.account_id, c.status, c.last_message_at, c.created_at, c.contact_id, ct.phone, ct.first_name, ct.last_name, ct.consent_state,
         c.number_id, n.phone_number as number_phone, lm.body as last_body, lm.direction as last_direction, lm.status as last_status
  from conversations c
  join contacts ct on ct.id = c.contact_id and ct.account_id = c.account_id
  join phone_numbers n on n.id = c.number_id and n.account_id = c.account_id
  left join lateral (
    select body, direction, status from messages m where m.account_id = c.account_id and m.conversation_id = c.id order by m.created_at desc limit 1
  ) lm on true`;

/** Most recent activity first, keyset-paginated on (last_message_at, id). */
export async function listConversations(q: RawQuery, accountId: string, status: string, cursor: { at: Date; id: string } | null, limit: number) {
  const { rows } = await q<ConversationView>(
    `${VIEW} where c.account_id = $1 and c.status = $2
       and ($3::timestamptz is null or (coalesce(c.last_message_at, c.created_at), c.id) < ($3::timestamptz, $4::uuid))
     order by coalesce(c.last_message_at, c.created_at) desc, c.id desc limit $5`,
    [accountId, status, cursor?.at.toISOString() ?? null, cursor?.id ?? null, limit],
  );
  return rows;
}

export async function findConversation(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<ConversationView>(`${VIEW} where c.account_id = $1 and c.id = $2`, [accountId, id]);
  return r ?? null;
}

export async function setStatus(tx: Db, accountId: string, id: string, status: string) {
  await txQuery(tx)(`update conversations set status = $3 where account_id = $1 and id = $2`, [accountId, id, status]);
}

/** The id of the open conversation of a contact on a number, if there is one. */
export async function findOpenId(q: RawQuery, accountId: string, contactId: string, numberId: string) {
  const { rows: [r] } = await q<{ id: string }>(
    `select id from conversations where account_id = $1 and contact_id = $2 and number_id = $3 and status = 'open'`, [accountId, contactId, numberId]);
  return r?.id ?? null;
}

/** The open conversation of a contact on a number, opened when there is none. */
export async function openConversation(tx: Db, accountId: string, contactId: string, numberId: string, id: string) {
  await txQuery(tx)(
    `insert into conversations (id, account_id, contact_id, number_id, status) values ($1, $2, $3, $4, 'open')
     on conflict (account_id, contact_id, number_id) where status = 'open' do nothing`,
    [id, accountId, contactId, numberId],
  );
  const [c] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.contactId, contactId), eq(conversations.numberId, numberId), eq(conversations.status, 'open')));
  return c;
}

export async function touchConversation(tx: Db, accountId: string, id: string, inbound: boolean) {
  await tx
    .update(conversations)
    .set({ lastMessageAt: sql`now()`, ...(inbound ? { lastInboundAt: sql`now()` } : {}) })
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, id)));
}
