import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rows } from './campaigns.repo.js';

/**
 * The campaign's texts handed to a carrier, grouped as pricing needs them: the destination's first
 * digits (`+` and three: enough for its calling code), the sender's type, MMS — one pass over the
 * campaign's messages, no join per row.
 */
export function costLines(db: Db, accountId: string, campaignId: string) {
  return rows<{ prefix: string; sender_type: string | null; mms: boolean; n: number; segments: number }>(db, sql`
    select x.prefix, n.type as sender_type, x.mms, x.n, x.segments from (
      select left(m."to", 4) as prefix, m.number_id, coalesce(jsonb_array_length(m.media) > 0, false) as mms, count(*)::int as n, coalesce(sum(m.segments), 0)::int as segments
      from messages m
      where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.status in ('sent', 'delivered', 'undelivered')
      group by 1, 2, 3) x
    left join phone_numbers n on n.account_id = ${accountId} and n.id = x.number_id`);
}

export type Bucket = 'minute' | 'hour' | 'day';

export interface TimelineRow { t: Date | string; sent: number; delivered: number; failed: number; replies: number; opt_outs: number }

/**
 * Per time bucket (date_trunc in `zone`): texts sent, delivered, failed or undelivered, and the
 * recipients who replied and who opted out in it since the launch (people: one replying three times in a bucket is one).
 */
export function timeline(db: Db, accountId: string, campaignId: string, bucket: Bucket, zone: string, since: Date, limit: number) {
  const tr = (col: SQL) => sql`date_trunc(${bucket}, ${col}, ${zone})`;
  const s = since.toISOString();
  return rows<TimelineRow>(db, sql`
    with e as (
      select ${tr(sql`m.sent_at`)} as t, 1 as sent, 0 as delivered, 0 as failed, 0 as replies, 0 as opt_outs, null::uuid as contact_id from messages m
      where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.sent_at is not null
      union all
      select ${tr(sql`m.delivered_at`)}, 0, 1, 0, 0, 0, null from messages m
      where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.status = 'delivered' and m.delivered_at is not null
      union all
      select ${tr(sql`m.updated_at`)}, 0, 0, 1, 0, 0, null from messages m
      where m.account_id = ${accountId} and m.campaign_id = ${campaignId} and m.status in ('failed', 'undelivered')
      union all
      select distinct ${tr(sql`m.created_at`)}, 0, 0, 0, 1, 0, m.contact_id from messages m
      join campaign_recipients r on r.account_id = m.account_id and r.contact_id = m.contact_id
      where r.account_id = ${accountId} and r.campaign_id = ${campaignId} and r.status = 'queued' and m.direction = 'inbound' and m.created_at >= ${s}::timestamptz
      union all
      select distinct ${tr(sql`e.occurred_at`)}, 0, 0, 0, 0, 1, e.contact_id from consent_events e
      join campaign_recipients r on r.account_id = e.account_id and r.contact_id = e.contact_id
      where r.account_id = ${accountId} and r.campaign_id = ${campaignId} and r.status = 'queued' and e.kind = 'opt_out' and e.occurred_at >= ${s}::timestamptz
    )
    select t, sum(sent)::int as sent, sum(delivered)::int as delivered, sum(failed)::int as failed, sum(replies)::int as replies, sum(opt_outs)::int as opt_outs
    from e group by t order by t desc limit ${limit}`);
}

export interface RecipientExportRow {
  contact_id: string; phone: string | null; first_name: string | null; last_name: string | null; status: string; reason: string | null;
  message_id: string | null; scheduled_for: Date | string | null; sent_at: Date | string | null; delivered_at: Date | string | null; error_code: string | null;
}

/** A page of the campaign's recipients with their contact and message, after `after` (contact id order). */
export function exportPage(db: Db, accountId: string, campaignId: string, after: string | null, limit: number) {
  return rows<RecipientExportRow>(db, sql`
    select r.contact_id, c.phone, c.first_name, c.last_name,
      case when r.status = 'skipped' then 'skipped' when r.status = 'canceled' then 'canceled' when m.status is null or m.status in ('accepted', 'scheduled', 'queued', 'sending') then 'queued' else m.status end as status,
      r.reason, r.message_id, r.scheduled_for, m.sent_at, m.delivered_at, m.error_code
    from campaign_recipients r
    join contacts c on c.account_id = r.account_id and c.id = r.contact_id
    left join messages m on m.account_id = r.account_id and m.id = r.message_id
    where r.account_id = ${accountId} and r.campaign_id = ${campaignId} ${after ? sql`and r.contact_id > ${after}::uuid` : sql``}
    order by r.contact_id limit ${limit}`);
}
