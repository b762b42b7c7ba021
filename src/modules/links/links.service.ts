/**
 * Campaign link tracking (issue 9): URLs of campaign texts shortened per recipient in the fan-out
 * batch (before its messages are written), clicks on them counted and redirected, per-campaign and per-link results, the account's
 * rules (tracking on/off, its own domain, keeping IPs), and its contacts' clicks erased with them.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { countsAsClick, hostOf, isCode, locationOf, mayHoldUrls, normaliseDomain, SAMPLE_CODE, shortBaseOf, shortUrl, type BatchLinkRules } from './links.js';
import * as repo from './links.repo.js';
import type { LinkSettings, LinkSettingsPatch } from './links.schema.js';

/** The account's link tracking rules (defaults: tracking on, no IP kept, the platform's domain). */
export async function linkSettingsOf(db: Db, config: Config, accountId: string): Promise<LinkSettings> {
  // One after another: `db` may be a transaction (updateLinkSettings), whose connection runs one query at a time.
  const row = await repo.findSettings(db, accountId);
  const domain = await repo.domainOf(db, accountId);
  return {
    trackLinks: row?.trackLinks ?? true, trackClickIp: row?.trackClickIp ?? false, shortLinkDomain: domain,
    shortLinkBaseUrl: shortBaseOf(config.shortLinkBaseUrl, domain),
  };
}

/** Platform hosts: the public address and the short-link base (an account's domain may be neither). */
const platformHosts = (config: Config) => new Set([new URL(config.publicUrl).hostname, new URL(config.shortLinkBaseUrl).hostname].map((h) => hostOf(h)));

export async function updateLinkSettings(ctx: Ctx, auth: AuthContext, patch: LinkSettingsPatch, meta: RequestMeta): Promise<LinkSettings> {
  let domain: string | null | undefined;
  if (patch.shortLinkDomain !== undefined) {
    domain = patch.shortLinkDomain === null || patch.shortLinkDomain.trim() === '' ? null : normaliseDomain(patch.shortLinkDomain);
    if (domain === null && patch.shortLinkDomain?.trim()) {
      throw unprocessable('invalid_domain', 'The short-link domain must be a host name such as go.example.com (no scheme, port, path or IP address).', { field: 'shortLinkDomain' });
    }
    if (domain && platformHosts(ctx.config).has(domain)) throw unprocessable('invalid_domain', "That is the platform's own domain.", { field: 'shortLinkDomain' });
  }
  return withTx(ctx.db, async (tx) => {
    const before = await linkSettingsOf(tx, ctx.config, auth.accountId);
    const next = { trackLinks: patch.trackLinks ?? before.trackLinks, trackClickIp: patch.trackClickIp ?? before.trackClickIp };
    await repo.upsertSettings(tx, { accountId: auth.accountId, ...next });
    if (domain !== undefined && domain !== before.shortLinkDomain && !(await repo.setDomain(tx, auth.accountId, domain))) {
      throw conflict('domain_taken', 'Another account uses this domain for its short links.', { field: 'shortLinkDomain' });
    }
    const after = await linkSettingsOf(tx, ctx.config, auth.accountId);
    const { shortLinkBaseUrl: _b, ...from } = before;
    const { shortLinkBaseUrl: _a, ...to } = after;
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'links.settings_updated', target: { type: 'account', id: auth.accountId }, meta, details: { from, to } });
    return after;
  });
}

/** Whether a new campaign tracks its links when it does not say (the account's setting). */
export async function tracksLinksByDefault(db: Db, accountId: string): Promise<boolean> {
  return (await repo.findSettings(db, accountId))?.trackLinks ?? true;
}

/**
 * The short URL a preview shows in place of each URL (the real length: any code has it), or null
 * when links are not tracked (`trackLinks` given, else the account's setting).
 */
export async function sampleShortUrl(db: Db, config: Config, accountId: string, trackLinks?: boolean): Promise<string | null> {
  if (trackLinks === false) return null;
  const s = await linkSettingsOf(db, config, accountId);
  if (trackLinks === undefined && !s.trackLinks) return null;
  return shortUrl(s.shortLinkBaseUrl, SAMPLE_CODE);
}

/**
 * Fan-out: how the batch's texts get their short links (links.ts batchLinksSql, in the statement that
 * writes the messages: every URL of each text becomes the recipient's own short link before the
 * message is written), or null when the campaign does not track links or no text made from its body
 * (`template`, every variant) can hold a URL. A fresh secret per batch (see linkCodeSql).
 */
export async function batchLinkRules(tx: Db, config: Config, b: { accountId: string; campaignId: string; trackLinks: boolean; template: string }): Promise<BatchLinkRules | null> {
  if (!b.trackLinks || !mayHoldUrls(b.template)) return null;
  const domain = await repo.domainOf(tx, b.accountId);
  return { accountId: b.accountId, campaignId: b.campaignId, secret: randomBytes(32).toString('hex'), base: shortBaseOf(config.shortLinkBaseUrl, domain), domain };
}

export interface ClickRequest { code: string; host: string | undefined; method: string; userAgent: string | undefined; ip: string }

/**
 * A visit of a short link: its destination (null: unknown or forged code, or not on this host —
 * nothing written). A GET by a person (not HEAD, not a link-preview bot) is recorded as a click:
 * time and user agent, the IP only when the account keeps it. On an account's own domain only that
 * account's links issued there resolve; anywhere else links on the platform's domain (and links
 * issued on that host while an account held it: texts already sent keep working after a change).
 */
export async function visit(ctx: Ctx, r: ClickRequest): Promise<string | null> {
  if (!isCode(r.code)) return null;
  const host = hostOf(r.host);
  const own = host && !platformHosts(ctx.config).has(host) ? host : null;
  const accountId = own ? await repo.accountOfDomain(ctx.db, own) : null;
  const link = await repo.findLink(ctx.db, r.code, accountId && own ? { accountId, domain: own } : { unclaimedHost: own });
  const location = link ? locationOf(link.url) : null;
  if (!link || !location) return null;
  if (countsAsClick(r.method, r.userAgent)) {
    const keepIp = link.keep_ip ?? false;
    await repo.insertClick(ctx.db, {
      accountId: link.account_id, id: newUuid(), code: link.code, campaignId: link.campaign_id, contactId: link.contact_id,
      clickedAt: ctx.now(), userAgent: r.userAgent?.slice(0, 500) ?? null, ip: keepIp ? r.ip : null,
    });
  }
  return location;
}

/** A campaign's clicks: total, and distinct recipients who clicked. */
export async function campaignClicks(db: Db, accountId: string, campaignId: string) {
  const t = await repo.campaignTotals(db, accountId, campaignId);
  return { clicks: t.clicks, uniqueClicks: t.unique_clicks };
}

/** Total clicks per campaign, for several campaigns at once (campaigns without clicks are absent). */
export async function clicksByCampaign(db: Db, accountId: string, campaignIds: string[]): Promise<Map<string, number>> {
  if (!campaignIds.length) return new Map();
  return new Map((await repo.campaignsTotals(db, accountId, campaignIds)).map((r) => [r.campaign_id, Number(r.clicks)]));
}

/** A campaign's links by destination: clicks and distinct recipients who clicked. */
export async function campaignLinkStats(db: Db, accountId: string, campaignId: string) {
  return (await repo.campaignLinks(db, accountId, campaignId)).map((l) => ({ url: l.url, clicks: l.clicks, uniqueClicks: l.unique_clicks }));
}

/** Erase hook (contact deletion): the contacts' links and their clicks go. */
export async function eraseContactLinks(tx: Db, accountId: string, contactIds: string[]): Promise<void> {
  await repo.deleteForContacts(tx, accountId, contactIds);
}

/** Export hook: the contacts' clicks (destination, time, user agent, IP when kept). */
export async function exportContactClicks(db: Db, accountId: string, contactIds: string[]) {
  return (await repo.clicksOfContacts(db, accountId, contactIds)).map((c) => ({
    contactId: c.contact_id, url: c.url, clickedAt: new Date(c.clicked_at).toISOString(), userAgent: c.user_agent, ip: c.ip,
  }));
}
