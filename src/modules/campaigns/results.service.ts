import { stringify } from 'csv-stringify/sync';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { escapeCsvCell } from '../../lib/csv.js';
import { notFound } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { estimateCost, PRICE_TABLE, type SenderType } from '../messaging/pricing.js';
import * as repo from './campaigns.repo.js';
import * as results from './results.repo.js';
import { RECIPIENT_CSV_COLUMNS } from './results.schema.js';

const SENDER_TYPES = new Set<SenderType>(['long_code', 'toll_free', 'short_code']);
const TIMELINE_MAX = 2000;
const EXPORT_PAGE = 1000;

async function campaignOr404(db: Db, accountId: string, publicId: string) {
  const id = fromPublicId('campaign', publicId);
  const c = id ? await repo.findCampaign(db, accountId, id) : null;
  if (!c) throw notFound('Campaign');
  return c;
}

/** Calling codes of the priced countries, longest first (+1 is priced as the US; Canada costs the same). */
const CALLING_CODES = Object.keys(PRICE_TABLE).filter((c) => c !== 'CA')
  .map((country) => ({ country, code: `+${getCountryCallingCode(country as CountryCode)}` }))
  .sort((a, b) => b.code.length - a.code.length);

/** The priced country of a destination's first digits; null (the default price) for any other. */
export const countryOfPrefix = (prefix: string) => CALLING_CODES.find((c) => prefix.startsWith(c.code))?.country ?? null;

/** What the campaign's texts handed to a carrier cost (pricing.ts: per segment by destination country and sender type; an MMS at the MMS price). */
export async function campaignCost(db: Db, accountId: string, campaignId: string) {
  const lines = await results.costLines(db, accountId, campaignId);
  let micros = 0;
  for (const l of lines) {
    const sender = SENDER_TYPES.has(l.sender_type as SenderType) ? (l.sender_type as SenderType) : 'long_code';
    const country = countryOfPrefix(l.prefix);
    micros += estimateCost([l.mms ? { country, segments: 1, mms: true, count: l.n } : { country, segments: l.segments }], sender).costMicros;
  }
  return { costMicros: micros, cost: (Math.round(micros / 100) / 10_000).toFixed(4), currency: 'USD' as const };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Sent, delivered, failed, replies and opt-outs per bucket (date_trunc in the account's zone), oldest first. */
export async function campaignTimeline(ctx: Ctx, auth: AuthContext, publicId: string, bucket: results.Bucket) {
  const c = await campaignOr404(ctx.db, auth.accountId, publicId);
  const zone = await repo.accountZone(ctx.db, auth.accountId);
  const rows = await results.timeline(ctx.db, c.accountId, c.id, bucket, zone, c.launchedAt ?? c.createdAt, TIMELINE_MAX);
  return {
    bucket, timeZone: zone,
    data: rows.reverse().map((r) => ({ t: iso(r.t)!, sent: r.sent, delivered: r.delivered, failed: r.failed, replies: r.replies, optOuts: r.opt_outs })),
  };
}

/**
 * The campaign's per-recipient outcomes as CSV, page by page (memory stays flat), formula
 * injection neutralised; the export is audited. The first value resolves the campaign (404 before headers).
 */
export async function* recipientsCsv(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta): AsyncGenerator<string> {
  const c = await campaignOr404(ctx.db, auth.accountId, publicId);
  await withTx(ctx.db, (tx) => recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'campaign.recipients_exported', target: { type: 'campaign', id: c.id }, meta }));
  yield stringify([[...RECIPIENT_CSV_COLUMNS]]);
  let after: string | null = null;
  for (;;) {
    const page = await results.exportPage(ctx.db, c.accountId, c.id, after, EXPORT_PAGE);
    if (!page.length) return;
    yield stringify(page.map((r) => [
      toPublicId('contact', r.contact_id), r.phone, [r.first_name, r.last_name].filter(Boolean).join(' '), r.status, r.reason,
      r.message_id ? toPublicId('message', r.message_id) : null, iso(r.scheduled_for), iso(r.sent_at), iso(r.delivered_at), r.error_code,
    ].map(escapeCsvCell)));
    if (page.length < EXPORT_PAGE) return;
    after = page[page.length - 1].contact_id;
  }
}
