import { txQuery, type Db } from '../../db/client.js';

/**
 * SQL aggregates behind the risk signals. Every query is one account's, over a time window on an
 * indexed column: messages by (account_id, created_at) (messages_log_idx), opt-outs by
 * (account_id, occurred_at) (consent_events_opt_out_idx) — never a scan of all messages.
 */

export interface WindowCounts {
  campaign_id: string | null; sent: number; carrier_filtered: number; no_consent: number;
}

/** Outbound texts of the window (keyword replies excluded), per campaign (null: not a campaign) — the account's total is their sum. */
export async function windowCounts(db: Db, accountId: string, from: Date, to: Date, filtered: string[]): Promise<WindowCounts[]> {
  const { rows } = await txQuery(db)<WindowCounts>(
    `select m.campaign_id,
       count(*)::int as sent,
       count(*) filter (where m.error_code like any($4::text[]))::int as carrier_filtered,
       count(*) filter (where c.id is null or c.consent_state = 'unknown')::int as no_consent
     from messages m left join contacts c on c.account_id = m.account_id and c.id = m.contact_id
     where m.account_id = $1 and m.created_at >= $2 and m.created_at < $3 and m.direction = 'outbound' and m.kind <> 'keyword_reply'
     group by m.campaign_id`,
    [accountId, from, to, filtered],
  );
  return rows;
}

/** Outbound texts (keyword replies excluded) created between two moments (the baseline before the window). */
export async function sentBetween(db: Db, accountId: string, from: Date, to: Date): Promise<number> {
  const { rows: [r] } = await txQuery(db)<{ n: number }>(
    `select count(*)::int as n from messages where account_id = $1 and created_at >= $2 and created_at < $3 and direction = 'outbound' and kind <> 'keyword_reply'`,
    [accountId, from, to],
  );
  return r.n;
}

export interface OptOutRow { campaign_id: string | null; opt_outs: number; first_message_stops: number }

/**
 * Opt-outs of the window, each attributed to the campaign of the contact's latest marketing text
 * before it (null: none), and whether it came within `withinHours` of the contact's first text.
 */
export async function optOuts(db: Db, accountId: string, from: Date, to: Date, withinHours: number): Promise<OptOutRow[]> {
  const { rows } = await txQuery(db)<OptOutRow>(
    `select k.campaign_id, count(*)::int as opt_outs,
       count(*) filter (where f.first_at is not null and e.occurred_at - f.first_at <= make_interval(hours => $4::int) and e.occurred_at >= f.first_at)::int as first_message_stops
     from consent_events e
     left join lateral (select min(m.created_at) as first_at from messages m
                        where m.account_id = e.account_id and m.contact_id = e.contact_id and m.direction = 'outbound' and m.kind <> 'keyword_reply') f on true
     left join lateral (select m.campaign_id from messages m
                        where m.account_id = e.account_id and m.contact_id = e.contact_id and m.kind = 'marketing' and m.created_at <= e.occurred_at
                        order by m.created_at desc limit 1) k on true
     where e.account_id = $1 and e.kind = 'opt_out' and e.occurred_at >= $2 and e.occurred_at < $3
     group by k.campaign_id`,
    [accountId, from, to, Math.round(withinHours)],
  );
  return rows;
}

/** Contacts whose first outbound text (ever) is in the window, per campaign of that text. */
export async function firstTexted(db: Db, accountId: string, from: Date, to: Date): Promise<Array<{ campaign_id: string | null; n: number }>> {
  const { rows } = await txQuery(db)<{ campaign_id: string | null; n: number }>(
    `select w.campaign_id, count(*)::int as n from (
       select distinct on (m.contact_id) m.contact_id, m.campaign_id from messages m
       where m.account_id = $1 and m.created_at >= $2 and m.created_at < $3 and m.direction = 'outbound' and m.kind <> 'keyword_reply' and m.contact_id is not null
       order by m.contact_id, m.created_at) w
     where not exists (select 1 from messages p where p.account_id = $1 and p.contact_id = w.contact_id and p.direction = 'outbound' and p.created_at < $2)
     group by w.campaign_id`,
    [accountId, from, to],
  );
  return rows;
}

/** The window's distinct texts with how many sends carried each, per campaign (the most frequent first, at most `limit`). */
export async function windowBodies(db: Db, accountId: string, from: Date, to: Date, limit = 500): Promise<Array<{ campaign_id: string | null; body: string; n: number }>> {
  const { rows } = await txQuery(db)<{ campaign_id: string | null; body: string; n: number }>(
    `select campaign_id, body, count(*)::int as n from messages
     where account_id = $1 and created_at >= $2 and created_at < $3 and direction = 'outbound' and kind <> 'keyword_reply'
     group by campaign_id, body order by n desc limit $4`,
    [accountId, from, to, limit],
  );
  return rows;
}

/** The window's destinations with how many sends went to each (at most `limit`). */
export async function windowDestinations(db: Db, accountId: string, from: Date, to: Date, limit = 20_000): Promise<Array<{ to: string; n: number }>> {
  const { rows } = await txQuery(db)<{ to: string; n: number }>(
    `select "to", count(*)::int as n from messages
     where account_id = $1 and created_at >= $2 and created_at < $3 and direction = 'outbound' and kind <> 'keyword_reply'
     group by "to" limit $4`,
    [accountId, from, to, limit],
  );
  return rows;
}

/** Business accounts that texted in the window (one index probe each), a page at a time after `afterId`. */
export async function activeAccounts(db: Db, from: Date, afterId: string | null, limit: number): Promise<string[]> {
  const { rows } = await txQuery(db)<{ id: string }>(
    `select a.id from accounts a
     where a.status = 'active' and ($2::uuid is null or a.id > $2::uuid)
       and exists (select 1 from messages m where m.account_id = a.id and m.created_at >= $1)
     order by a.id limit $3`,
    [from, afterId, limit],
  );
  return rows.map((r) => r.id);
}

export async function storedThresholds(db: Db): Promise<Record<string, unknown> | null> {
  const { rows: [r] } = await txQuery(db)<{ thresholds: Record<string, unknown> }>(`select thresholds from risk_settings where key = 'platform'`);
  return r?.thresholds ?? null;
}

export async function saveThresholds(db: Db, thresholds: Record<string, unknown>, by: string | null): Promise<void> {
  await txQuery(db)(
    `insert into risk_settings (key, thresholds, updated_by) values ('platform', $1::jsonb, $2)
     on conflict (key) do update set thresholds = excluded.thresholds, updated_by = excluded.updated_by, updated_at = now()`,
    [JSON.stringify(thresholds), by],
  );
}
