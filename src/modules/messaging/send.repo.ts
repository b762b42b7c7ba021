import { getTableColumns } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';
import { suppressedSql } from '../consent/consent.service.js';
import { contactOnceSql, contactsOnceSql } from '../contacts/contacts.service.js';
import { replyStepsEachSql, replyStepsSql } from '../conversations/conversations.service.js';
import { appendEventsSql } from '../outbox/outbox.service.js';
import type { MessageRow } from './messages.repo.js';

/**
 * A plain send (text, not marketing) as ONE statement: a data-modifying CTE chain, so one round
 * trip and one implicit transaction instead of BEGIN, eleven statements and COMMIT. Each table's
 * step is its owner's SQL (consent: the suppression check, read in this statement's snapshot —
 * never cached; contacts: the contact, created once; conversations: the open conversation touched
 * as replied and its SLA response targets met; outbox: the `message.created` event); the sending
 * number and the message row are messaging's own. Nothing is written when there is no such
 * number or the recipient is suppressed (unless it is a keyword reply), which the answer says.
 *
 * `message` is null also when another transaction created the same contact after this
 * statement's snapshot (`retry`): the caller runs it again, and then sees that contact.
 */
export interface SendRow {
  accountId: string;
  /** The sender asked for (`from`): a number id, else an E.164 number; both null: the account's first number. */
  numberId: string | null;
  numberE164: string | null;
  phoneHash: string;
  kind: string;
  contactId: string;
  to: string;
  phoneType: string | null;
  country: string | null;
  timeZone: string;
  timeZoneSource: string;
  conversationId: string;
  messageId: string;
  body: string;
  encoding: string;
  segments: number;
  status: string;
  nextAttemptAt: Date;
  sendAt: Date | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdBy: string | null;
  /** The caller's clock (SLA: when the reply met its targets). */
  at: Date;
  partnerId: string | null;
  /**
   * A cached API-key context to re-check in this statement's snapshot (AuthContext.recheck): the key
   * unrevoked, the account and membership rows unchanged, the membership live at `at`. Null: the
   * caller's context was read for this request.
   */
  recheck: { keyId: string; accountVersion: string; membershipVersion: string } | null;
}

/** `authOk` false: the re-checked context changed; nothing was written. */
export interface SendOutcome { authOk: boolean; hasNumber: boolean; suppressed: boolean; message: MessageRow | null }

const go = 'exists (select 1 from go)';
const replySteps = replyStepsSql({ source: 'contact, go', id: '$12::uuid', accountId: '$1::uuid', contactId: 'contact.id', numberId: 'go.id', at: '$23', partnerId: '$24' });

/**
 * The message comes back as ONE jsonb value (`to_jsonb(msg)`), not as its ~30 columns: for a wide row the
 * driver's per-column work (the row description sent with every execution, a parser and a property per
 * column) cost the server ~2× the CPU of the single value parsed natively. JSON carries timestamps as text:
 * those columns are made Dates again, so the row is what a select returns.
 */
const MESSAGE_COLUMNS = Object.entries(getTableColumns(messages)).map(([key, c]) => [key, c.name, c.columnType === 'PgTimestamp'] as const);

function messageOf(json: Record<string, unknown>): MessageRow {
  const row: Record<string, unknown> = {};
  for (const [key, name, isDate] of MESSAGE_COLUMNS) {
    const v = json[name] ?? null;
    row[key] = isDate && v !== null ? new Date(v as string) : v;
  }
  return row as MessageRow;
}

/**
 * The steps both statements share, as SQL over the send's values (parameters in SEND_SQL, `unnest`
 * columns in SEND_BATCH_SQL). The re-checked API-key context (SendRow.recheck): true without one.
 */
const authOkSql = (v: { accountId: string; keyId: string; accountVersion: string; membershipVersion: string; at: string }) => `(${v.keyId} is null or exists (
    select 1 from api_keys k
      join accounts a on a.id = k.account_id
      join memberships m on m.account_id = k.account_id and m.user_id = k.created_by
    where k.account_id = ${v.accountId} and k.id = ${v.keyId} and k.revoked_at is null and a.xmin::text = ${v.accountVersion} and m.xmin::text = ${v.membershipVersion}
      and (m.expires_at is null or m.expires_at > ${v.at})))`;

/** The sending number: the one asked for (by id or E.164), else the account's first; live numbers only. */
const senderSql = (v: { accountId: string; numberId: string; numberE164: string }) => `
    select id, phone_number, provider from phone_numbers
    where account_id = ${v.accountId} and released_at is null and (${v.numberId} is null or id = ${v.numberId}) and (${v.numberE164} is null or phone_number = ${v.numberE164})
    order by created_at limit 1`;

const INSERT_MESSAGE = `insert into messages (id, account_id, conversation_id, contact_id, number_id, direction, kind, "from", "to", body, encoding, segments, status,
      provider, next_attempt_at, send_at, idempotency_key, request_hash, created_by)`;

/** The `message.created` event of each inserted message (`msg`). */
const createdEventsSql = () => appendEventsSql(`select account_id, 'message.created', id,
      jsonb_build_object('status', status, 'from', null, 'errorCode', error_code, 'source', 'api', 'conversationId', conversation_id) from msg`);

const SEND_SQL = `with
  auth as (select ${authOkSql({ accountId: '$1::uuid', keyId: '$25::uuid', accountVersion: '$26::text', membershipVersion: '$27::text', at: '$23::timestamptz' })} as ok),
  num as (${senderSql({ accountId: '$1::uuid', numberId: '$2::uuid', numberE164: '$3::text' })}),
  sup as (select ${suppressedSql('$1::uuid', '$4::text')} as suppressed),
  go as (select num.* from num, sup, auth where auth.ok and (not sup.suppressed or $5::text = 'keyword_reply')),
  ${contactOnceSql('contact', {
    when: go, accountId: '$1::uuid', id: '$6::uuid', phone: '$7::text', phoneType: '$8::text', country: '$9::text', timeZone: '$10::text', timeZoneSource: '$11::text',
    consentState: `(select case when suppressed then 'opted_out' else 'unknown' end from sup)`,
  })},
  conv as (${replySteps.conversation}),
  adopt as (${replySteps.adopt('conv')}),
  msg as (
    ${INSERT_MESSAGE}
    select $13::uuid, $1::uuid, conv.id, contact.id, go.id, 'outbound', $5::text, go.phone_number, $7::text, $14::text, $15::text, $16::int, $17::text,
      go.provider, $18::timestamptz, $19::timestamptz, $20::text, $21::text, $22::uuid
    from go, contact, conv
    returning *),
  ev as (${createdEventsSql()}),
  sla as (${replySteps.sla('(select id from conv)')})
select auth.ok as auth_ok, exists (select 1 from num) as has_number, sup.suppressed, case when msg.id is null then null else to_jsonb(msg) end as message
  from auth, sup left join msg on true`;

/** Runs the send's statement (see SendRow), prepared: PostgreSQL plans it once per pooled connection. */
async function insertOne(database: Pick<Database, 'prepared'>, r: SendRow): Promise<SendOutcome> {
  const { rows: [row] } = await database.prepared<Record<string, unknown>>('wm_send_plain', SEND_SQL, paramsOf(r));
  return outcomeOf(row);
}

const paramsOf = (r: SendRow): unknown[] => [
  r.accountId, r.numberId, r.numberE164, r.phoneHash, r.kind, r.contactId, r.to, r.phoneType, r.country, r.timeZone, r.timeZoneSource,
  r.conversationId, r.messageId, r.body, r.encoding, r.segments, r.status, r.nextAttemptAt.toISOString(), r.sendAt?.toISOString() ?? null,
  r.idempotencyKey, r.requestHash, r.createdBy, r.at.toISOString(), r.partnerId,
  r.recheck?.keyId ?? null, r.recheck?.accountVersion ?? null, r.recheck?.membershipVersion ?? null,
];

const outcomeOf = (row: Record<string, unknown>): SendOutcome => ({
  authOk: row.auth_ok === true, hasNumber: row.has_number === true, suppressed: row.suppressed === true,
  message: row.message ? messageOf(row.message as Record<string, unknown>) : null,
});

/**
 * The same steps for many sends in ONE statement (micro-batching): the sends that arrive within one
 * event-loop turn go to PostgreSQL together, as arrays (`unnest`), one row per send keyed by its
 * position `n`; each send gets its own outcome, exactly as SEND_SQL would give it — the auth re-check,
 * the number and the suppression are read per send in this statement's snapshot. One statement and one
 * commit instead of one per send: the executor start, the commit's WAL flush and the per-statement
 * protocol work are paid once. No two sends of a batch name the same (account, recipient) (the batcher
 * keeps them apart), so each has its own contact and conversation row.
 */
const TYPES = ['uuid', 'uuid', 'text', 'text', 'text', 'uuid', 'text', 'text', 'text', 'text', 'text', 'uuid', 'uuid', 'text', 'text', 'int', 'text',
  'timestamptz', 'timestamptz', 'text', 'text', 'uuid', 'timestamptz', 'uuid', 'uuid', 'text', 'text'];
const each = replyStepsEachSql({ source: 'go join contact using (n)', id: 'go.conversation_id', accountId: 'go.account_id', contactId: 'contact.id', numberId: 'go.num_id' });
const SEND_BATCH_SQL = `with
  input as (select * from unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) with ordinality as i(account_id, number_id, number_e164, phone_hash, kind,
    contact_id, phone, phone_type, country, time_zone, time_zone_source, conversation_id, message_id, body, encoding, segments, status, next_attempt_at,
    send_at, idempotency_key, request_hash, created_by, at, partner_id, key_id, account_version, membership_version, n)),
  chk as (
    select i.n, ${authOkSql({ accountId: 'i.account_id', keyId: 'i.key_id', accountVersion: 'i.account_version', membershipVersion: 'i.membership_version', at: 'i.at' })} as auth_ok,
      num.id as num_id, num.phone_number as num_phone, num.provider, ${suppressedSql('i.account_id', 'i.phone_hash')} as suppressed
    from input i left join lateral (${senderSql({ accountId: 'i.account_id', numberId: 'i.number_id', numberE164: 'i.number_e164' })}) num on true),
  go as (select i.*, chk.num_id, chk.num_phone, chk.provider, chk.suppressed from input i join chk using (n)
    where chk.auth_ok and chk.num_id is not null and (not chk.suppressed or i.kind = 'keyword_reply')),
  ${contactsOnceSql('contact', 'go', {
    accountId: 's.account_id', id: 's.contact_id', phone: 's.phone', phoneType: 's.phone_type', country: 's.country', timeZone: 's.time_zone',
    timeZoneSource: 's.time_zone_source', consentState: `case when s.suppressed then 'opted_out' else 'unknown' end`,
  })},
  conv as (${each.conversation}),
  adopt as (${each.adopt('conv')}),
  sent as (
    select go.*, contact.id as contact_ref, conv.id as conversation_ref from go join contact using (n)
      join conv on conv.account_id = go.account_id and conv.contact_id = contact.id and conv.number_id = go.num_id),
  msg as (
    ${INSERT_MESSAGE}
    select message_id, account_id, conversation_ref, contact_ref, num_id, 'outbound', kind, num_phone, phone, body, encoding, segments, status,
      provider, next_attempt_at, send_at, idempotency_key, request_hash, created_by
    from sent order by n
    returning *),
  ev as (${createdEventsSql()}),
  sla as (${each.sla('select account_id, conversation_ref as conversation_id, at, partner_id from sent')})
select chk.n, chk.auth_ok, chk.num_id is not null as has_number, chk.suppressed, case when msg.id is null then null else to_jsonb(msg) end as message
  from chk left join input i using (n) left join msg on msg.id = i.message_id
  order by chk.n`;

async function insertMany(database: Pick<Database, 'prepared'>, rs: SendRow[]): Promise<SendOutcome[]> {
  const columns: unknown[][] = TYPES.map(() => []);
  for (const r of rs) paramsOf(r).forEach((v, i) => columns[i].push(v));
  const { rows } = await database.prepared<Record<string, unknown>>('wm_send_batch', SEND_BATCH_SQL, columns);
  if (rows.length !== rs.length) throw new Error(`wm_send_batch: ${rows.length} outcomes for ${rs.length} sends`);
  return rows.map(outcomeOf);
}

/** Sends waiting for the next flush, and the batched statements running, per database. */
interface Waiting { row: SendRow; resolve: (o: SendOutcome) => void; reject: (e: unknown) => void }
interface Lane { queue: Waiting[]; running: number; scheduled: boolean }
const lanes = new WeakMap<object, Lane>();
/** At most this many sends in one statement. */
export const SEND_BATCH_MAX = 64;
/**
 * At most this many batched statements run at once; sends arriving meanwhile wait for the next one
 * (as a group commit does), so under load batches grow instead of queueing for pooled connections —
 * fewer statements, and no send waits behind more than one statement of others'.
 */
export const SEND_BATCHES_RUNNING = 2;

/**
 * Runs the send's statement (see SendRow). On PostgreSQL the sends that arrive while a turn of the
 * event loop passes (or, under load, while the running batches run) go as one statement
 * (SEND_BATCH_SQL) — a send alone runs SEND_SQL as before. When the batched statement fails (an
 * Idempotency-Key taken meanwhile, say) nothing of it was written, and each of its sends runs on
 * its own (SEND_SQL), so each gets exactly the answer or error it would have had alone.
 */
export function insertSend(database: Pick<Database, 'prepared' | 'kind'>, r: SendRow): Promise<SendOutcome> {
  if (database.kind !== 'postgres') return insertOne(database, r);
  let lane = lanes.get(database);
  if (!lane) lanes.set(database, (lane = { queue: [], running: 0, scheduled: false }));
  const l = lane;
  return new Promise<SendOutcome>((resolve, reject) => {
    l.queue.push({ row: r, resolve, reject });
    schedule(database, l);
  });
}

function schedule(database: Pick<Database, 'prepared'>, lane: Lane) {
  if (lane.scheduled || !lane.queue.length || lane.running >= SEND_BATCHES_RUNNING) return;
  lane.scheduled = true;
  setImmediate(() => {
    lane.scheduled = false;
    flush(database, lane);
  });
}

/**
 * Takes what waits, in one pass: grouped by account (a statement never spans accounts, so on a database
 * distributed by account it stays on that account's node), accounts in the order their first send
 * arrived; each account's sends go as one batch of at most SEND_BATCH_MAX while fewer than
 * SEND_BATCHES_RUNNING batches run, a lone send as SEND_SQL at once. What does not fit waits for the
 * next flush, first in line. (It took one account per flush, each flush reading the whole queue:
 * quadratic in the accounts sending at once.)
 */
function flush(database: Pick<Database, 'prepared'>, lane: Lane) {
  const byAccount = new Map<string, Waiting[]>();
  for (const w of lane.queue.splice(0)) {
    const group = byAccount.get(w.row.accountId);
    if (group) group.push(w);
    else byAccount.set(w.row.accountId, [w]);
  }
  const rest: Waiting[] = [];
  for (const group of byAccount.values()) {
    const seen = new Set<string>();
    const batch: Waiting[] = [];
    const again: Waiting[] = [];
    const over: Waiting[] = [];
    for (const w of group) {
      if (seen.has(w.row.to)) again.push(w);
      else if (batch.length < SEND_BATCH_MAX) {
        seen.add(w.row.to);
        batch.push(w);
      } else over.push(w);
    }
    // Two batches running: the account's sends all wait, in their order (none overtakes an earlier one to the same recipient).
    if (batch.length > 1 && lane.running >= SEND_BATCHES_RUNNING) {
      for (const w of group) rest.push(w);
      continue;
    }
    for (const w of over) rest.push(w);
    // A second send to the same recipient in one batch runs on its own, as two concurrent requests always did.
    for (const w of again) settle(w, insertOne(database, w.row));
    if (batch.length === 1) settle(batch[0], insertOne(database, batch[0].row));
    else {
      lane.running++;
      insertMany(database, batch.map((w) => w.row))
        .then(
          (outcomes) => batch.forEach((w, j) => w.resolve(outcomes[j])),
          () => Promise.all(batch.map((w) => insertOne(database, w.row).then(w.resolve, w.reject))),
        )
        .finally(() => {
          lane.running--;
          schedule(database, lane);
        });
    }
  }
  lane.queue = rest.concat(lane.queue);
  schedule(database, lane);
}

const settle = (w: Waiting, p: Promise<SendOutcome>) => void p.then(w.resolve, w.reject);
