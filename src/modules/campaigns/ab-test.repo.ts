import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contacts } from '../../db/schema/index.js';
import { rows, type CampaignRow } from './campaigns.repo.js';
import type { VariantResult } from './ab-test.js';

const mine = (c: CampaignRow) => sql`r.account_id = ${c.accountId}::uuid and r.campaign_id = ${c.id}::uuid`;
/** A stable pseudo-random number in [0, 10000) per (campaign, contact): who is in the sample. */
const draw = sql`(('x' || substr(md5(r.campaign_id::text || r.contact_id::text), 1, 7))::bit(28)::int % 10000)`;

/**
 * The batch's new recipients (queued, no message, no variant yet): with a winner, all get it; else
 * `samplePercent` of them (a stable draw) are dealt over the `k` variants from `offset` and the rest
 * wait for the winner (status held).
 */
export async function sampleBatch(tx: Db, c: CampaignRow, p: { k: number; samplePercent: number; offset: number; winner: number | null }) {
  await tx.execute(sql`
    with b as (
      select r.contact_id, ${draw} < ${Math.round(p.samplePercent * 100)} as sampled from campaign_recipients r
      where ${mine(c)} and r.status = 'queued' and r.message_id is null and r.variant is null
    ), n as (select contact_id, sampled, row_number() over (partition by sampled order by contact_id) - 1 as rn from b)
    update campaign_recipients r set
      status = case when ${p.winner}::int is null and not n.sampled then 'held' else 'queued' end,
      variant = case when ${p.winner}::int is not null then ${p.winner}::int when n.sampled then ((n.rn + ${p.offset}) % ${p.k})::int end
    from n where ${mine(c)} and r.contact_id = n.contact_id`);
}

/**
 * Up to `limit` recipients held for the winner are released: each checked again as at the fan-out (`reason`: the skip
 * reasons, audience.ts skipReasonSql — texts they got while held count against the frequency cap, an opt-out since is
 * an opt-out) and skipped with the first that holds, else queued again with the winner (without a message yet: the
 * batch's queueMessages writes it, a region's daily cap deferring it). Returns how many were released either way.
 */
export async function releaseHeld(tx: Db, c: CampaignRow, winner: number, limit: number, reason: SQL): Promise<number> {
  const r = await rows<{ n: number }>(tx, sql`
    with h as (
      select r.contact_id, ${reason} as reason from campaign_recipients r
        join ${contacts} on ${contacts.accountId} = r.account_id and ${contacts.id} = r.contact_id
      where ${mine(c)} and r.status = 'held' order by r.contact_id limit ${limit}
    ), u as (
      update campaign_recipients r set status = case when h.reason is null then 'queued' else 'skipped' end, reason = h.reason,
        variant = case when h.reason is null then ${winner}::int end
      from h where ${mine(c)} and r.contact_id = h.contact_id returning 1)
    select count(*)::int as n from u`);
  return r[0]?.n ?? 0;
}

/** Per variant: the sample recipients who got a message (before the winner was picked), and how many of them clicked a link of the campaign (or replied after it). */
export function variantResults(db: Db, c: CampaignRow, metric: 'clicks' | 'replies'): Promise<VariantResult[]> {
  const hit = metric === 'clicks'
    ? sql`exists (select 1 from link_clicks k where k.account_id = r.account_id and k.campaign_id = r.campaign_id and k.contact_id = r.contact_id)`
    : sql`exists (select 1 from messages cm join messages m on m.account_id = cm.account_id and m.contact_id = cm.contact_id
        where cm.account_id = r.account_id and cm.id = r.message_id and m.direction = 'inbound' and m.created_at > cm.created_at)`;
  return rows<VariantResult>(db, sql`
    select r.variant, count(*)::int as recipients, count(*) filter (where ${hit})::int as hits from campaign_recipients r
    where ${mine(c)} and r.variant is not null and r.message_id is not null
      ${c.winnerPickedAt ? sql`and exists (select 1 from messages x where x.account_id = r.account_id and x.id = r.message_id and x.created_at <= ${c.winnerPickedAt.toISOString()}::timestamptz)` : sql``}
    group by r.variant order by r.variant`);
}

/** Campaigns whose A/B sample has had its hours: the winner is picked for them (at most 50 a round). */
export function dueForPick(db: Db, now: Date) {
  return rows<{ account_id: string; id: string }>(db, sql`
    select account_id, id from campaigns where variants is not null and winner_variant is null and status in ('running', 'scheduled')
      and fanned_out_at is not null and (ab_test ->> 'pickAfterHours') is not null
      and greatest(launched_at, coalesce(schedule_at, launched_at)) + make_interval(hours => (ab_test ->> 'pickAfterHours')::int) <= ${now.toISOString()}::timestamptz
    order by launched_at limit 50`);
}

/** Cancel: the recipients an A/B test held for its winner will not be texted. */
export async function cancelHeld(tx: Db, accountId: string, campaignId: string) {
  await tx.execute(sql`update campaign_recipients set status = 'canceled' where account_id = ${accountId}::uuid and campaign_id = ${campaignId}::uuid and status = 'held'`);
}
