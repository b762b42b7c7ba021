import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { linkClicks, linkDomains, linkSettings } from '../../db/schema/index.js';

export type LinkSettingsRow = typeof linkSettings.$inferSelect;

async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

export async function findSettings(db: Db, accountId: string): Promise<LinkSettingsRow | null> {
  const [r] = await db.select().from(linkSettings).where(eq(linkSettings.accountId, accountId));
  return r ?? null;
}

export async function upsertSettings(tx: Db, row: { accountId: string; trackLinks: boolean; trackClickIp: boolean }) {
  await tx.insert(linkSettings).values(row)
    .onConflictDoUpdate({ target: linkSettings.accountId, set: { trackLinks: row.trackLinks, trackClickIp: row.trackClickIp, updatedAt: sql`now()` } });
}

export async function domainOf(db: Db, accountId: string): Promise<string | null> {
  const [r] = await db.select({ domain: linkDomains.domain }).from(linkDomains).where(eq(linkDomains.accountId, accountId));
  return r?.domain ?? null;
}

export async function accountOfDomain(db: Db, domain: string): Promise<string | null> {
  const [r] = await db.select({ accountId: linkDomains.accountId }).from(linkDomains).where(eq(linkDomains.domain, domain));
  return r?.accountId ?? null;
}

/** Sets (or with null removes) the account's domain; false when another account holds it. */
export async function setDomain(tx: Db, accountId: string, domain: string | null): Promise<boolean> {
  await tx.delete(linkDomains).where(eq(linkDomains.accountId, accountId));
  if (!domain) return true;
  const r = await tx.insert(linkDomains).values({ domain, accountId }).onConflictDoNothing().returning({ domain: linkDomains.domain });
  return r.length === 1;
}

/** A link, and whether its account keeps clickers' IPs. */
export interface FoundLink { account_id: string; code: string; campaign_id: string; contact_id: string; url: string; keep_ip: boolean | null }
const LINK_COLUMNS = sql.raw(`account_id, code, campaign_id, contact_id, url,
  (select s.track_click_ip from link_settings s where s.account_id = links.account_id) as keep_ip`);

/**
 * A link by its code: on an account's domain, that account's link issued there; elsewhere a link
 * issued on the platform's domain, or on `unclaimedHost` (a domain no account holds any more).
 */
export async function findLink(db: Db, code: string, on: { accountId: string; domain: string } | { unclaimedHost: string | null }): Promise<FoundLink | null> {
  const [l] = 'accountId' in on
    ? await rows<FoundLink>(db, sql`select ${LINK_COLUMNS} from links where account_id = ${on.accountId} and code = ${code} and domain = ${on.domain}`)
    : await rows<FoundLink>(db, sql`select ${LINK_COLUMNS} from links
        where code = ${code} and (domain is null ${on.unclaimedHost ? sql`or domain = ${on.unclaimedHost}` : sql``}) limit 1`);
  return l ?? null;
}

export async function insertClick(db: Db, row: typeof linkClicks.$inferInsert) {
  await db.insert(linkClicks).values(row);
}

/** Clicks of a campaign's links: all of them, and the distinct recipients who clicked. */
export async function campaignTotals(db: Db, accountId: string, campaignId: string) {
  const [r] = await rows<{ clicks: number; unique_clicks: number }>(db, sql`
    select count(*)::int as clicks, count(distinct contact_id)::int as unique_clicks from link_clicks
    where account_id = ${accountId} and campaign_id = ${campaignId}`);
  return r;
}

/** Clicks of several campaigns in one query (analytics' campaign comparison). */
export function campaignsTotals(db: Db, accountId: string, campaignIds: string[]) {
  return rows<{ campaign_id: string; clicks: number }>(db, sql`
    select campaign_id, count(*)::int as clicks from link_clicks
    where account_id = ${accountId} and campaign_id = any(${`{${campaignIds.join(',')}}`}::uuid[]) group by campaign_id`);
}

/** Links read to list destinations nobody clicked yet: a campaign's URLs are in its first texts (one merge field per contact aside). */
const UNCLICKED_SCAN = 10_000;

/**
 * Per destination URL of the campaign: clicks and distinct recipients who clicked, most clicked
 * first, then the destinations without clicks (from the campaign's first links: never all of a
 * million-recipient campaign's links on each report refresh).
 */
export function campaignLinks(db: Db, accountId: string, campaignId: string) {
  return rows<{ url: string; clicks: number; unique_clicks: number }>(db, sql`
    with clicked as (
      select l.url, count(*)::int as clicks, count(distinct c.contact_id)::int as unique_clicks
      from link_clicks c join links l on l.account_id = c.account_id and l.code = c.code
      where c.account_id = ${accountId} and c.campaign_id = ${campaignId} group by l.url
    ), seen as (
      select distinct url from (select url from links where account_id = ${accountId} and campaign_id = ${campaignId} limit ${UNCLICKED_SCAN}) s
    )
    select url, clicks, unique_clicks from clicked
    union all
    select url, 0, 0 from seen where not exists (select 1 from clicked k where k.url = seen.url)
    order by clicks desc, url limit 1000`);
}

/** Erasure: the contacts' links and (cascade) their clicks. */
export async function deleteForContacts(tx: Db, accountId: string, contactIds: string[]) {
  if (!contactIds.length) return;
  await tx.execute(sql`delete from links where account_id = ${accountId} and contact_id = any(${sql.param(contactIds)}::uuid[])`);
}

/** Export: the contacts' clicks with the links' destinations. */
export function clicksOfContacts(db: Db, accountId: string, contactIds: string[]) {
  return rows<{ contact_id: string; url: string; clicked_at: Date | string; user_agent: string | null; ip: string | null }>(db, sql`
    select c.contact_id, l.url, c.clicked_at, c.user_agent, c.ip from link_clicks c join links l on l.account_id = c.account_id and l.code = c.code
    where c.account_id = ${accountId} and c.contact_id = any(${sql.param(contactIds)}::uuid[]) order by c.clicked_at`);
}

