import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { pgArray } from '../../db/pg-array.js';
import { NONE } from './rules.js';

/** One UTC hour's increments for an account × number × campaign (added to what is there); `hour`: its start, ISO. */
export interface DailyDelta {
  accountId: string; hour: string; numberId: string; campaignId: string;
  sent: number; delivered: number; failed: number; received: number; segmentsOut: number; segmentsIn: number; costMicros: number;
  optIns: number; optOuts: number; responses: number; responseMsSum: number; responses5m: number; responses1h: number; responses24h: number;
}
export interface ErrorDelta { accountId: string; hour: string; numberId: string; errorCode: string; failed: number }

const DAILY_COUNTERS = [
  ['sent', 'sent', 'int'], ['delivered', 'delivered', 'int'], ['failed', 'failed', 'int'], ['received', 'received', 'int'],
  ['segmentsOut', 'segments_out', 'int'], ['segmentsIn', 'segments_in', 'int'], ['costMicros', 'cost_micros', 'int8'],
  ['optIns', 'opt_ins', 'int'], ['optOuts', 'opt_outs', 'int'], ['responses', 'responses', 'int'], ['responseMsSum', 'response_ms_sum', 'int8'],
  ['responses5m', 'responses_5m', 'int'], ['responses1h', 'responses_1h', 'int'], ['responses24h', 'responses_24h', 'int'],
] as const;

/** Adds the deltas to their rows in one statement (rows created as needed). */
export async function addDaily(tx: Db, rows: DailyDelta[]): Promise<void> {
  if (!rows.length) return;
  const cols = DAILY_COUNTERS.map(([, c]) => c);
  const arrays = DAILY_COUNTERS.map(([k, , t], i) => `$${i + 5}::${t}[]`);
  await txQuery(tx)(
    `insert into analytics_daily (account_id, hour, number_id, campaign_id, ${cols.join(', ')})
     select * from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], ${arrays.join(', ')})
     on conflict (account_id, hour, number_id, campaign_id) do update set
       ${cols.map((c) => `${c} = analytics_daily.${c} + excluded.${c}`).join(', ')}, updated_at = now()`,
    [pgArray(rows.map((r) => r.accountId)), pgArray(rows.map((r) => r.hour)), pgArray(rows.map((r) => r.numberId)), pgArray(rows.map((r) => r.campaignId)),
      ...DAILY_COUNTERS.map(([k]) => pgArray(rows.map((r) => r[k])))],
  );
}

export async function addErrors(tx: Db, rows: ErrorDelta[]): Promise<void> {
  if (!rows.length) return;
  await txQuery(tx)(
    `insert into analytics_errors (account_id, hour, number_id, error_code, failed)
     select * from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::int[])
     on conflict (account_id, hour, number_id, error_code) do update set failed = analytics_errors.failed + excluded.failed`,
    [pgArray(rows.map((r) => r.accountId)), pgArray(rows.map((r) => r.hour)), pgArray(rows.map((r) => r.numberId)), pgArray(rows.map((r) => r.errorCode)), pgArray(rows.map((r) => r.failed))],
  );
}

/** The unanswered customer texts of these conversations (the first one's time). */
export async function openInbound(tx: Db, accountId: string, conversationIds: string[]): Promise<Map<string, Date>> {
  if (!conversationIds.length) return new Map();
  const { rows } = await txQuery(tx)<{ conversation_id: string; received_at: Date | string }>(
    `select conversation_id, received_at from analytics_open_inbound where account_id = $1 and conversation_id = any($2::uuid[])`,
    [accountId, pgArray(conversationIds)],
  );
  return new Map(rows.map((r) => [r.conversation_id, new Date(r.received_at)]));
}

/** Replaces the open state of these conversations with `open` (those not in it are answered). */
export async function saveOpenInbound(tx: Db, accountId: string, conversationIds: string[], open: Map<string, Date>): Promise<void> {
  if (!conversationIds.length) return;
  const q = txQuery(tx);
  await q(`delete from analytics_open_inbound where account_id = $1 and conversation_id = any($2::uuid[])`, [accountId, pgArray(conversationIds)]);
  if (!open.size) return;
  const ids = [...open.keys()];
  await q(
    `insert into analytics_open_inbound (account_id, conversation_id, received_at) select $1, * from unnest($2::uuid[], $3::timestamptz[])`,
    [accountId, pgArray(ids), pgArray(ids.map((id) => open.get(id)!.toISOString()))],
  );
}

export interface DayRow {
  day: string; sent: number; delivered: number; failed: number; received: number; segments_out: number; segments_in: number; cost_micros: number;
  opt_ins: number; opt_outs: number; responses: number; response_ms_sum: number; responses_5m: number; responses_1h: number; responses_24h: number;
}
const SUMS = DAILY_COUNTERS.map(([, c]) => `coalesce(sum(${c}), 0)::int8 as ${c}`).join(', ');
const numeric = <T extends object>(r: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'day' || k.endsWith('_id') || k === 'error_code' ? (v instanceof Date ? v.toISOString().slice(0, 10) : v) : Number(v)])) as T;

/** The range read: the instants [start, end) of the local days asked for, and their zone. */
export interface HourRange { start: string; end: string; zone: string; numberId: string | null }

/** Per local day of `zone` (the hours whose start falls in it) in [start, end), the account's counters, of one number or all. */
export async function daySums(q: RawQuery, accountId: string, r: HourRange): Promise<DayRow[]> {
  const { rows } = await q<Record<string, unknown>>(
    `select (hour at time zone $5)::date::text as day, ${SUMS} from analytics_daily
     where account_id = $1 and hour >= $2::timestamptz and hour < $3::timestamptz and ($4::uuid is null or number_id = $4::uuid)
     group by 1 order by 1`,
    [accountId, r.start, r.end, r.numberId, r.zone],
  );
  return rows.map((r) => numeric<DayRow>(r));
}

/** Failed and undelivered texts by carrier error code over the range. */
export async function errorSums(q: RawQuery, accountId: string, r: HourRange) {
  const { rows } = await q<{ error_code: string; failed: string | number }>(
    `select error_code, sum(failed)::int8 as failed from analytics_errors
     where account_id = $1 and hour >= $2::timestamptz and hour < $3::timestamptz and ($4::uuid is null or number_id = $4::uuid)
     group by error_code order by 2 desc, 1 limit 50`,
    [accountId, r.start, r.end, r.numberId],
  );
  return rows.map((r) => ({ code: r.error_code, failed: Number(r.failed) }));
}

export type CampaignSums = DayRow & { campaign_id: string };

/** Per campaign with activity in the range: its counters (the campaign index, no number scan). */
export async function campaignSums(q: RawQuery, accountId: string, r: HourRange, limit: number): Promise<CampaignSums[]> {
  const { rows } = await q<Record<string, unknown>>(
    `select campaign_id, null as day, ${SUMS} from analytics_daily
     where account_id = $1 and campaign_id <> '${NONE}' and hour >= $2::timestamptz and hour < $3::timestamptz and ($4::uuid is null or number_id = $4::uuid)
     group by campaign_id order by sent desc, campaign_id limit $5`,
    [accountId, r.start, r.end, r.numberId, limit],
  );
  return rows.map((r) => numeric<CampaignSums>(r));
}
