import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { appendEvents } from '../outbox/outbox.service.js';
import type { AuthContext } from '../../http/auth.js';
import { keysetPage, positionAfter, type PageQuery } from '../../http/pagination.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { campaignClicks, campaignLinkStats, sampleShortUrl, tracksLinksByDefault } from '../links/links.service.js';
import { prepareOutboundMedia, storeMessageMedia, type PreparedMedium } from '../media/media.service.js';
import { findNumber, listNumbers } from '../messaging/numbers.service.js';
import { findPool, poolNumbers } from '../messaging/pools.service.js';
import { assertCanCarryMedia } from '../messaging/send.service.js';
import { changeStatuses } from '../messaging/status.service.js';
import { audienceSql, skipReasonSql } from './audience.js';
import { destinationCountriesOf } from '../accounts/destinations.service.js';
import { effectiveCountries } from '../accounts/destinations.js';
import { resolveAudience } from './audience.service.js';
import { checkWorstCase } from './compose.service.js';
import type { Audience, CampaignBody, CampaignPatch, RecipientsQuery } from './campaigns.schema.js';
import * as repo from './campaigns.repo.js';
import { FANOUT_JOB, accountHoursOf, cappedHeldMoments, slotsFor, type FanoutJob } from './fanout.js';
import { baseFor, earliestMoment, localScheduleOf } from './local-schedule.js';
import { abColumnsOf, cancelHeld } from './ab-test.service.js';
import { audienceOf, presentCampaign, presentListedRecipient } from './presenters.js';
import { fillBucket } from './guardrails.repo.js';
import { auditPause, holdCampaign } from './guardrails.service.js';
import { campaignCost } from './results.service.js';
import { campaignSettingsOf } from './settings.service.js';

type Body = z.infer<typeof CampaignBody>;
const CANCEL_PAGE = 500;

const mediaCount = (i: { mediaUrls?: string[]; mediaIds?: string[] }) => (i.mediaUrls?.length ?? 0) + (i.mediaIds?.length ?? 0);

/** MMS: the media fetched (URLs, through the address guard) or found (uploads), checked like a one-to-one MMS; stored by storeMedia. */
const prepareMedia = (ctx: Ctx, accountId: string, i: { mediaUrls?: string[]; mediaIds?: string[] }) =>
  mediaCount(i) ? prepareOutboundMedia(ctx, accountId, i) : Promise.resolve([]);
const storeMedia = async (tx: Db, accountId: string, prepared: PreparedMedium[], userId: string | null) =>
  prepared.length ? storeMessageMedia(tx, accountId, null, prepared, userId) : null;

/** Every sender of an MMS campaign (its number, each number of its pool, else the first number) must be able to carry MMS (422 mms_not_supported). */
async function checkMmsSenders(ctx: Ctx, accountId: string, s: { numberId: string | null; poolId: string | null }) {
  const numbers = s.poolId ? await poolNumbers(ctx.db, accountId, s.poolId)
    : (await listNumbers(ctx.db, accountId)).filter((n, i) => (s.numberId ? n.id === s.numberId : i === 0));
  for (const n of numbers) assertCanCarryMedia(ctx, n);
}

export async function findOr404(db: Db, accountId: string, publicId: string, opts: { lock?: boolean } = {}) {
  const id = fromPublicId('campaign', publicId);
  const c = id ? await repo.findCampaign(db, accountId, id, opts) : null;
  if (!c) throw notFound('Campaign');
  return c;
}

/**
 * 422 naming an unknown or malformed merge field, or a body that cannot be sent to some recipient of
 * the audience after merging (the worst case, computed over the audience in SQL, in `details.worstCase`).
 */
async function checkBody(ctx: Ctx, accountId: string, body: string, smartEncoding: boolean, audience: Audience | null, mms: boolean, trackLinks?: boolean) {
  let where = null;
  const now = ctx.now();
  if (audience) where = audienceSql(await resolveAudience(ctx.db, accountId, audience), now);
  const reason = skipReasonSql({ ...(await campaignSettingsOf(ctx.db, accountId)), countries: await destinationCountriesOf(ctx.db, accountId), now, campaignId: null });
  const shortLink = await sampleShortUrl(ctx.db, ctx.config, accountId, trackLinks); // URLs counted as the short links they become
  await checkWorstCase(ctx.db, accountId, { body, smartEncoding, mms, audience: where, reason, shortLink });
}

type ScheduleIn = Body['schedule'];
const storedSchedule = (c: repo.CampaignRow): ScheduleIn => localScheduleOf(c) ?? (c.scheduleAt ? { at: c.scheduleAt.toISOString() } : null);

/**
 * The schedule's columns: `{at}`, or `{localTime, date}` starting at the earliest moment among the
 * zones of the contacts it would text (contact's zone, else the account's). 422 schedule_in_past
 * when that start has passed.
 */
async function checkSchedule(ctx: Ctx, accountId: string, s: ScheduleIn, audience: Audience) {
  if (!s) return { scheduleAt: null, scheduleLocalTime: null, scheduleLocalDate: null };
  if ('at' in s) {
    const d = new Date(s.at);
    if (d.getTime() < ctx.now().getTime() - 1000) throw unprocessable('schedule_in_past', 'The schedule is in the past.', { field: 'schedule.at' });
    return { scheduleAt: d, scheduleLocalTime: null, scheduleLocalDate: null };
  }
  const now = ctx.now();
  const defaultZone = await repo.accountZone(ctx.db, accountId);
  const settings = await campaignSettingsOf(ctx.db, accountId);
  const resolved = await resolveAudience(ctx.db, accountId, audience);
  const zones = await repo.audienceZones(ctx.db, accountId, audienceSql(resolved, now), skipReasonSql({ ...settings, countries: await destinationCountriesOf(ctx.db, accountId), now, campaignId: null }), defaultZone);
  const first = earliestMoment(s, zones, defaultZone);
  if (first.at.getTime() < now.getTime() - 1000) {
    throw unprocessable('schedule_in_past', `${s.date} ${s.localTime} has already passed in ${first.zone}.`, { field: 'schedule', zone: first.zone, at: first.at.toISOString() });
  }
  return { scheduleAt: first.at, scheduleLocalTime: s.localTime, scheduleLocalDate: s.date };
}

/** The sender's row id: a number, or a number pool (pool_…); another account's (or an unknown one) is 404. */
async function senderIds(db: Db, accountId: string, from: string | undefined): Promise<{ numberId: string | null; poolId: string | null }> {
  if (!from) return { numberId: null, poolId: null };
  if (from.trim().startsWith('pool_')) {
    const p = await findPool(db, accountId, from);
    if (!p) throw notFound('Number pool');
    return { numberId: null, poolId: p.id };
  }
  const n = await findNumber(db, accountId, from.trim());
  if (!n) throw notFound('Number');
  return { numberId: n.id, poolId: null };
}

/** Public ids of the account's campaigns that have not ended and send from the pool (the pools' delete check). */
export async function campaignsUsingPool(db: Db, accountId: string, poolId: string): Promise<string[]> {
  return (await repo.campaignsUsingPool(db, accountId, poolId)).map((id) => toPublicId('campaign', id));
}

export async function createCampaign(ctx: Ctx, auth: AuthContext, raw: Body, meta: RequestMeta) {
  const ab = abColumnsOf(raw); // A/B test: the body is the first variant
  const input = { ...raw, body: ab.body ?? raw.body ?? '' };
  if (!input.body) throw unprocessable('body_required', 'Give the body (or variants).', { field: 'body' });
  for (const v of ab.variants?.slice(1) ?? []) await checkBody(ctx, auth.accountId, v.body, input.smartEncoding ?? false, input.audience, mediaCount(input) > 0, input.trackLinks);
  await checkBody(ctx, auth.accountId, input.body, input.smartEncoding ?? false, input.audience, mediaCount(input) > 0, input.trackLinks);
  const sender = await senderIds(ctx.db, auth.accountId, input.from);
  const schedule = await checkSchedule(ctx, auth.accountId, input.schedule, input.audience);
  if (mediaCount(input)) await checkMmsSenders(ctx, auth.accountId, sender);
  const prepared = await prepareMedia(ctx, auth.accountId, input);
  const trackLinks = input.trackLinks ?? (await tracksLinksByDefault(ctx.db, auth.accountId));
  const rateLimit = input.rateLimit === undefined ? (await campaignSettingsOf(ctx.db, auth.accountId)).defaultRateLimit : input.rateLimit;
  return withTx(ctx.db, async (tx) => {
    const c = await repo.insertCampaign(tx, {
      id: newUuid(), accountId: auth.accountId, name: input.name, body: input.body, smartEncoding: input.smartEncoding ?? false, trackLinks, rateLimit,
      media: await storeMedia(tx, auth.accountId, prepared, auth.userId), ...sender, variants: ab.variants, abTest: ab.abTest, audience: input.audience, ...schedule, createdBy: auth.userId,
    });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'campaign.created', target: { type: 'campaign', id: c.id }, meta });
    return presentCampaign(c, null);
  });
}

export async function updateDraft(ctx: Ctx, auth: AuthContext, publicId: string, input: z.infer<typeof CampaignPatch>) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  if (c.status !== 'draft') throw conflict('campaign_not_draft', 'Only a draft can be changed.', { status: c.status });
  const ab = input.variants || input.abTest ? abColumnsOf({ body: input.body, variants: input.variants ?? c.variants ?? undefined, abTest: input.abTest ?? c.abTest ?? undefined }) : {};
  if (ab.body) input = { ...input, body: ab.body };
  for (const v of input.variants?.slice(1) ?? []) await checkBody(ctx, auth.accountId, v.body, input.smartEncoding ?? c.smartEncoding, input.audience ?? c.audience, !!c.media?.length, input.trackLinks ?? c.trackLinks);
  const body = input.body ?? c.body;
  const smart = input.smartEncoding ?? c.smartEncoding;
  if (input.body !== undefined || input.smartEncoding !== undefined || input.audience !== undefined || input.mediaUrls !== undefined || input.mediaIds !== undefined || input.trackLinks !== undefined) {
    await checkBody(ctx, auth.accountId, body, smart, input.audience ?? c.audience, input.mediaUrls !== undefined || input.mediaIds !== undefined ? mediaCount(input) > 0 : !!c.media?.length, input.trackLinks ?? c.trackLinks);
  }
  const patch: Partial<repo.NewCampaign> = { variants: ab.variants, abTest: ab.abTest, name: input.name, body: input.body, smartEncoding: input.smartEncoding, audience: input.audience, rateLimit: input.rateLimit, trackLinks: input.trackLinks };
  if (input.from !== undefined) Object.assign(patch, await senderIds(ctx.db, auth.accountId, input.from));
  if (input.schedule !== undefined || (input.audience && c.scheduleLocalTime)) {
    Object.assign(patch, await checkSchedule(ctx, auth.accountId, input.schedule !== undefined ? input.schedule : storedSchedule(c), input.audience ?? c.audience));
  }
  const mediaGiven = input.mediaUrls !== undefined || input.mediaIds !== undefined;
  if ((mediaGiven ? mediaCount(input) > 0 : !!c.media?.length) && (mediaGiven || input.from !== undefined)) {
    await checkMmsSenders(ctx, auth.accountId, input.from !== undefined ? { numberId: patch.numberId ?? null, poolId: patch.poolId ?? null } : c);
  }
  const prepared = mediaGiven ? await prepareMedia(ctx, auth.accountId, input) : [];
  const u = await withTx(ctx.db, async (tx) => {
    if (mediaGiven) patch.media = await storeMedia(tx, auth.accountId, prepared, auth.userId);
    return repo.updateCampaign(tx, auth.accountId, c.id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
  });
  return presentCampaign(u, null);
}

/** Campaigns whose progress the list counts (an ended one's: GET the campaign). */
const LIVE_STATUSES = new Set(['scheduled', 'running', 'paused']);
/**
 * The counts walk a campaign's recipients and texts (an index each, its whole audience): the list, polled every few seconds
 * while a campaign runs, counts a running campaign's every time, a scheduled or paused one's (which hardly move) at most
 * once a minute per process.
 */
const SETTLED_COUNTS_MS = 60_000;
type ProgressRow = { campaign_id: string; materialised: number; finished: number };
const settledCounts = new Map<string, { key: string; at: number; row: ProgressRow }>();

/** A page of the account's campaigns, newest first (GET /v1/campaigns). */
export async function campaignsPage(ctx: Ctx, auth: AuthContext, q: PageQuery) {
  const page = keysetPage(await repo.campaignsPage(ctx.db, auth.accountId, positionAfter(q), q.limit + 1), q.limit);
  return { data: await summaries(ctx, auth, page.data), nextCursor: page.nextCursor };
}

/** The summaries of the account's campaigns with these internal ids (others' and unknown ones left out). */
export const campaignSummaries = async (ctx: Ctx, auth: AuthContext, ids: string[]) =>
  summaries(ctx, auth, ids.length ? await repo.campaignsByIds(ctx.db, auth.accountId, ids) : []);

async function summaries(ctx: Ctx, auth: AuthContext, list: repo.CampaignRow[]) {
  const now = Date.now();
  const counts = new Map<string, ProgressRow>();
  const toCount: typeof list = [];
  for (const c of list.filter((x) => LIVE_STATUSES.has(x.status))) {
    const hit = c.status === 'running' ? undefined : settledCounts.get(c.id);
    if (hit && hit.key === `${c.status}:${c.updatedAt.getTime()}` && now - hit.at < SETTLED_COUNTS_MS) counts.set(c.id, hit.row);
    else toCount.push(c);
  }
  if (settledCounts.size > 10_000) settledCounts.clear();
  for (const row of toCount.length ? await repo.progressCounts(ctx.db, auth.accountId, toCount.map((c) => c.id)) : []) {
    counts.set(row.campaign_id, row);
    const c = toCount.find((x) => x.id === row.campaign_id)!;
    if (c.status !== 'running') settledCounts.set(c.id, { key: `${c.status}:${c.updatedAt.getTime()}`, at: now, row });
  }
  return list.map((c) => {
    const p = presentCampaign(c, null);
    const n = counts.get(c.id);
    return n ? { ...p, progress: { ...p.progress, audience: audienceOf(c, n.materialised), materialised: n.materialised, finished: n.finished } } : p;
  });
}

/** Eligible contacts and skipped ones by reason, counted live (nothing written). */
export async function countAudience(ctx: Ctx, auth: AuthContext, audience: Audience) {
  const resolved = await resolveAudience(ctx.db, auth.accountId, audience);
  const now = ctx.now();
  const settings = await campaignSettingsOf(ctx.db, auth.accountId);
  const byReason = await repo.countByReason(ctx.db, auth.accountId, audienceSql(resolved, now), skipReasonSql({ ...settings, countries: effectiveCountries(auth.account), now, campaignId: null }));
  const skipped: Record<string, number> = {};
  let eligible = 0;
  for (const r of byReason) if (r.reason) skipped[r.reason] = r.n; else eligible = r.n;
  return { matched: eligible + Object.values(skipped).reduce((a, b) => a + b, 0), eligible, skipped };
}

/** Completes a running campaign whose fan-out ended and whose messages are all final; a due schedule starts it. */
async function refresh(ctx: Ctx, c: repo.CampaignRow) {
  const now = ctx.now();
  // Conditional: a pause or cancel that committed since this read stays (the row is read again then).
  if (c.status === 'scheduled' && c.scheduleAt && c.scheduleAt <= now) c = (await repo.startDueScheduled(ctx.db, now, c))[0] ?? (await repo.findCampaign(ctx.db, c.accountId, c.id))!;
  if (c.status === 'running' && c.fannedOutAt && (await repo.pendingCount(ctx.db, c.accountId, c.id)) === 0) c = await complete(ctx, c.accountId, c.id);
  return c;
}

/** Marks a running campaign completed, with its webhook event — once, however many readers and jobs find it done at the same time. */
async function complete(ctx: Ctx, accountId: string, campaignId: string) {
  return withTx(ctx.db, async (tx) => {
    const locked = (await repo.findCampaign(tx, accountId, campaignId, { lock: true }))!;
    if (locked.status !== 'running') return locked;
    const u = await repo.updateCampaign(tx, accountId, campaignId, { status: 'completed', completedAt: ctx.now() });
    await appendEvents(tx, [campaignEvent(u, 'campaign.completed')]);
    return u;
  });
}

export const CAMPAIGN_STATES_JOB = 'campaigns.states';
const COMPLETE_PER_RUN = 500;

/**
 * The minute job: campaigns change state without anyone reading them — a scheduled campaign is
 * running from its time on, a running one whose texts are all final is completed (and its
 * `campaign.completed` webhook event written). Reading a campaign does the same for that one.
 */
export async function advanceCampaigns(ctx: Ctx) {
  const started = await repo.startDueScheduled(ctx.db, ctx.now());
  const done = await repo.finishedRunning(ctx.db, COMPLETE_PER_RUN);
  for (const c of done) await complete(ctx, c.account_id, c.id);
  return { started: started.length, completed: done.length };
}

/** 409 `campaign_finished` for a completed or canceled campaign. */
function assertNotEnded(c: repo.CampaignRow) {
  if (c.status === 'completed' || c.status === 'canceled') throw conflict('campaign_finished', 'The campaign has already ended.', { status: c.status });
}

/** A campaign's webhook event (outbox): launched, completed, canceled (paused: guardrails.service). */
const campaignEvent = (c: repo.CampaignRow, type: string) => ({
  accountId: c.accountId, type, subjectId: c.id, payload: { campaignId: c.id, name: c.name, status: c.status, audienceTotal: c.audienceTotal ?? null },
});

export async function getCampaign(ctx: Ctx, auth: AuthContext, publicId: string) {
  const c = await refresh(ctx, await findOr404(ctx.db, auth.accountId, publicId));
  const s = await repo.stats(ctx.db, c.accountId, c.id);
  const r = c.launchedAt ? await repo.responses(ctx.db, c.accountId, c.id, c.launchedAt) : { replies: 0, opt_outs: 0 };
  const clicks = await campaignClicks(ctx.db, c.accountId, c.id);
  return presentCampaign(c, { ...s, replies: r.replies, optOuts: r.opt_outs, ...clicks, cost: await campaignCost(ctx.db, c.accountId, c.id) });
}

/** The campaign's short links by destination: clicks and distinct recipients who clicked. */
export async function links(ctx: Ctx, auth: AuthContext, publicId: string) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  return { data: await campaignLinkStats(ctx.db, c.accountId, c.id) };
}

export async function launch(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  if (c.status !== 'draft') throw conflict('campaign_not_draft', 'Only a draft can be launched.', { status: c.status });
  await checkBody(ctx, auth.accountId, c.body, c.smartEncoding, c.audience, !!c.media?.length, c.trackLinks);
  const { scheduleAt } = await checkSchedule(ctx, auth.accountId, storedSchedule(c), c.audience);
  const live = c.poolId ? [] : await listNumbers(ctx.db, auth.accountId);
  if (c.numberId && !live.some((n) => n.id === c.numberId)) { // released since the draft named it: never another number in its place
    throw unprocessable('number_released', 'The campaign\'s number has been released: send from another number (PATCH from).', { field: 'from', numberId: toPublicId('number', c.numberId) });
  }
  const number = c.poolId ? null : c.numberId ?? live[0]?.id;
  if (c.poolId && !(await poolNumbers(ctx.db, auth.accountId, c.poolId)).length) {
    throw unprocessable('pool_empty', 'The number pool has no live number (or was deleted): add numbers to it or send from another.', { field: 'from' });
  }
  if (!number && !c.poolId) throw unprocessable('no_sender_number', 'The account has no sending number yet: get one first (POST /v1/numbers).');
  if (c.media?.length) await checkMmsSenders(ctx, auth.accountId, { numberId: number ?? null, poolId: c.poolId });
  const count = await countAudience(ctx, auth, c.audience);
  if (count.eligible === 0) {
    throw unprocessable('no_eligible_recipients', 'This campaign would text nobody.', { matched: count.matched, skipped: count.skipped });
  }
  const launched = await withTx(ctx.db, async (tx) => {
    const locked = await repo.findCampaign(tx, auth.accountId, c.id, { lock: true });
    if (locked?.status !== 'draft') throw conflict('campaign_not_draft', 'Only a draft can be launched.', { status: locked?.status });
    const u = await repo.updateCampaign(tx, auth.accountId, c.id, {
      status: scheduleAt && scheduleAt > ctx.now() ? 'scheduled' : 'running', launchedAt: ctx.now(), numberId: number, scheduleAt, audienceTotal: count.matched,
    });
    await ctx.jobs.send(FANOUT_JOB, { accountId: auth.accountId, campaignId: c.id } satisfies FanoutJob, tx);
    if (u.rateLimit) await fillBucket(tx, u.accountId, u.id, u.rateLimit); // the dispatcher's claim spends it (dispatch.repo claimDue)
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'campaign.launched', target: { type: 'campaign', id: c.id }, meta, details: { eligible: count.eligible } });
    await appendEvents(tx, [campaignEvent(u, 'campaign.launched')]);
    return u;
  });
  return presentCampaign(launched, null);
}

export async function pause(ctx: Ctx, auth: AuthContext, publicId: string) {
  return withTx(ctx.db, async (tx) => {
    const c = await findOr404(tx, auth.accountId, publicId, { lock: true });
    if (c.status !== 'running' && c.status !== 'scheduled') throw conflict('campaign_not_running', 'Only a running or scheduled campaign can be paused.', { status: c.status });
    const u = await holdCampaign(tx, c, 'manual', null, ctx.now()); // same as a guardrail's pause (campaign.paused event)
    await auditPause(tx, c, auth.actor, 'manual', null);
    return presentCampaign(u, null);
  });
}

export async function resume(ctx: Ctx, auth: AuthContext, publicId: string) {
  return withTx(ctx.db, async (tx) => {
    const c = await findOr404(tx, auth.accountId, publicId, { lock: true });
    if (c.status !== 'paused') throw conflict('campaign_not_paused', 'Only a paused campaign can be resumed.', { status: c.status });
    if (c.numberId && !c.poolId && !(await listNumbers(tx, c.accountId)).some((n) => n.id === c.numberId)) { // its fan-out would pause it again
      throw unprocessable('number_released', 'The campaign\'s number has been released: it cannot be resumed (cancel it).', { field: 'from', numberId: toPublicId('number', c.numberId) });
    }
    const zone = await repo.accountZone(tx, c.accountId);
    const now = ctx.now();
    const base = baseFor({ scheduleAt: c.scheduleAt, local: localScheduleOf(c) }, now, zone);
    await repo.releaseHeld(tx, c.accountId, c.id, zone, slotsFor(await repo.heldZones(tx, c.accountId, c.id, zone), base, zone, await accountHoursOf(tx, c.accountId)));
    await repo.releaseHeldAt(tx, c.accountId, await cappedHeldMoments(tx, c, zone, base, now)); // Florida, Oklahoma: the daily cap still holds
    if (!c.fannedOutAt) await ctx.jobs.send(FANOUT_JOB, { accountId: c.accountId, campaignId: c.id } satisfies FanoutJob, tx);
    if (c.rateLimit) await fillBucket(tx, c.accountId, c.id, c.rateLimit);
    return presentCampaign(await repo.updateCampaign(tx, c.accountId, c.id, {
      status: c.scheduleAt && c.scheduleAt > now ? 'scheduled' : 'running', pausedReason: null, pausedDetails: null, // paused_at stays: guardrails count from it
    }), null);
  });
}

/** Stops the fan-out and cancels (through the status machine) every waiting message not yet claimed for a carrier. */
export async function cancel(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  assertNotEnded(c);
  await withTx(ctx.db, async (tx) => {
    // Under the lock again: the minute job (or a reader) may have completed it since the read above.
    assertNotEnded((await repo.findCampaign(tx, c.accountId, c.id, { lock: true }))!);
    const canceled = await repo.updateCampaign(tx, c.accountId, c.id, { status: 'canceled', canceledAt: ctx.now() });
    await appendEvents(tx, [campaignEvent(canceled, 'campaign.canceled')]);
    await cancelHeld(tx, c.accountId, c.id); // an A/B test's held recipients will not get the winner
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'campaign.canceled', target: { type: 'campaign', id: c.id }, meta });
  });
  for (;;) {
    const n = await withTx(ctx.db, async (tx) => {
      const page = await repo.lockWaitingPage(tx, c.accountId, c.id, CANCEL_PAGE);
      await changeStatuses(tx, page.map((m) => ({ id: m.id, accountId: c.accountId, from: m.status, to: 'canceled' as const, errorCode: 'campaign_canceled' })), 'api');
      return page.length;
    });
    if (n < CANCEL_PAGE) break;
  }
  return getCampaign(ctx, auth, publicId);
}

export async function recipients(ctx: Ctx, auth: AuthContext, publicId: string, q: z.infer<typeof RecipientsQuery>) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  const after = q.cursor ? fromPublicId('contact', q.cursor) : null;
  if (q.cursor && !after) throw unprocessable('invalid_cursor', 'The cursor is not valid.', { field: 'cursor' });
  const page = await repo.recipientsPage(ctx.db, c.accountId, c.id, { status: q.status, reason: q.reason, after, limit: q.limit });
  const nextCursor = page.length === q.limit ? toPublicId('contact', page[page.length - 1].contact_id) : null;
  return { data: page.map(presentListedRecipient), nextCursor };
}
