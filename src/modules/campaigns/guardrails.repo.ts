import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rows } from './campaigns.repo.js';

export interface GuardrailRow {
  account_id: string; id: string; name: string; created_by: string | null;
  opt_out_rate: number | null; filtered_rate: number | null; failure_rate: number | null; min_sample: number; window_minutes: number;
  sent: number; attempted: number; failed: number; filtered: number; opt_outs: number;
}

/**
 * Every running campaign (of one account, or all) with its account's guardrails (the defaults
 * when it has no settings row) and what happened within its window, in one set-based statement:
 * texts sent (sent_at), failed or undelivered (and of those filtered: error code LIKE any of
 * `filtered`) by when they failed, failed without being sent, and opt-outs of its recipients since
 * the launch. Each count reads a small partial index range (texts by sent time, failures, opt-outs).
 * A campaign paused before (and resumed) is judged on what happened since its last pause only, so
 * a resume is not undone at once by the figures that paused it.
 */
export function runningWithCounts(db: Db, now: Date, filtered: string[], defaults: { optOutRate: number | null; filteredRate: number | null; failureRate: number | null; minSample: number; windowMinutes: number }, accountId?: string) {
  const n = now.toISOString();
  return rows<GuardrailRow>(db, sql`
    with k as (
      select k.account_id, k.id, k.name, k.created_by, k.launched_at,
        case when s.account_id is null then ${defaults.optOutRate}::real else s.opt_out_rate end as opt_out_rate,
        case when s.account_id is null then ${defaults.filteredRate}::real else s.filtered_rate end as filtered_rate,
        case when s.account_id is null then ${defaults.failureRate}::real else s.failure_rate end as failure_rate,
        coalesce(s.guardrail_min_sample, ${defaults.minSample}::int) as min_sample,
        coalesce(s.guardrail_window_minutes, ${defaults.windowMinutes}::int) as window_minutes,
        greatest(${n}::timestamptz - make_interval(mins => coalesce(s.guardrail_window_minutes, ${defaults.windowMinutes}::int)), k.paused_at) as since
      from campaigns k left join campaign_settings s on s.account_id = k.account_id
      where k.status = 'running' ${accountId ? sql`and k.account_id = ${accountId}` : sql``}
    )
    select k.account_id, k.id, k.name, k.created_by, k.opt_out_rate, k.filtered_rate, k.failure_rate, k.min_sample, k.window_minutes,
      s.sent, s.sent + f.unsent as attempted, f.failed, f.filtered, o.opt_outs
    from k
    cross join lateral (select count(*)::int as sent from messages m
      where m.account_id = k.account_id and m.campaign_id = k.id and m.sent_at is not null and m.sent_at >= k.since) s
    cross join lateral (select count(*)::int as failed,
        count(*) filter (where m.error_code like any(${sql.param(filtered)}::text[]))::int as filtered,
        count(*) filter (where m.sent_at is null)::int as unsent
      from messages m
      where m.account_id = k.account_id and m.campaign_id = k.id and m.status in ('failed', 'undelivered') and m.updated_at >= k.since) f
    cross join lateral (select count(*)::int as opt_outs from consent_events e
      join campaign_recipients r on r.account_id = e.account_id and r.campaign_id = k.id and r.contact_id = e.contact_id and r.status = 'queued'
      where e.account_id = k.account_id and e.kind = 'opt_out' and e.occurred_at >= greatest(k.since, k.launched_at)) o`);
}

/** Rate-capped campaigns' buckets whose campaign no longer runs (the claim then looks no further than it must). */
export async function dropIdleBuckets(db: Db) {
  await db.execute(sql`delete from campaign_buckets b using campaigns k
    where k.account_id = b.account_id and k.id = b.campaign_id and k.status in ('completed', 'canceled')`);
}

/**
 * A rate-capped campaign's bucket, full, unless it has one (launch, resume); its schedule of texts
 * over the cap starts afresh (resume gives the held texts their moments again).
 */
export async function fillBucket(tx: Db, accountId: string, campaignId: string, rate: number) {
  await tx.execute(sql`insert into campaign_buckets (account_id, campaign_id, tokens, refilled_at)
    values (${accountId}, ${campaignId}, greatest(${rate}::real, 1), now())
    on conflict (account_id, campaign_id) do update set reserved_until = null`);
}
