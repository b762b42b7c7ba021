/**
 * Campaign fan-out, a background job: recipients materialised and their messages queued in
 * batches, set-based (INSERT … SELECT), each batch one transaction that also moves the checkpoint.
 * A killed worker's job runs again and resumes after the last committed batch: a recipient row is
 * unique per (account, campaign, contact) and gets its message in the same transaction, so nobody
 * is texted twice.
 */
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { crashPoint } from '../../lib/crash-point.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import { AREA_CODES, nanpInfo } from '../contacts/area-codes.js';
import { complianceSettingsOf } from '../compliance/compliance.service.js';
import { earliestSendTime, ruleFor, sendWindowAt, type AccountHours } from '../consent/send-window.js';
import { batchLinkRules } from '../links/links.service.js';
import { listNumbers, lockLiveNumbers } from '../messaging/numbers.service.js';
import { assignSenders, poolNumbers, senderSource } from '../messaging/pools.service.js';
import { skipReasonSql, audienceSql } from './audience.js';
import { destinationCountriesOf } from '../accounts/destinations.service.js';
import { listFieldKeys, resolveAudience } from './audience.service.js';
import * as repo from './campaigns.repo.js';
import { campaignSettingsOf } from './settings.service.js';
import { baseFor, localScheduleOf } from './local-schedule.js';
import { abBatch, variantTextSql } from './ab-test.service.js';
import { composeRulesOf, recipientBasicSql, recipientTextSql } from './compose.service.js';
import { parseMergeFields } from './merge-fields.js';
import { holdCampaign } from './guardrails.service.js';

export const FANOUT_JOB = 'campaigns.fanout';
/** Batches after which a fan-out first refreshes the planner's statistics (repo.refreshFanoutStats); then each time its batches doubled. */
const STATS_AFTER_BATCHES = 2;
export interface FanoutJob { accountId: string; campaignId: string; batchSize?: number }

/**
 * The next allowed moment from `base` (one moment, or each zone's own: local-time schedules) for each
 * (zone, area code): the statutory window of the region within the account's own sending hours
 * (compliance settings); an unknown zone gets the account's.
 */
export function slotsFor(pairs: Array<{ zone: string; ac: string | null }>, base: Date | ((zone: string) => Date), defaultZone: string, hours: AccountHours | null) {
  const from = typeof base === 'function' ? base : () => base;
  return pairs.map(({ zone, ac }) => {
    const region = ac ? (nanpInfo(`+1${ac}5550100`)?.region ?? null) : null;
    let at: Date;
    try {
      at = sendWindowAt(from(zone), zone, region, hours).nextAllowedAt;
    } catch {
      at = sendWindowAt(from(defaultZone), defaultZone, region, hours).nextAllowedAt;
    }
    return { zone, ac, at };
  });
}

export const accountHoursOf = async (db: Db, accountId: string) => (await complianceSettingsOf(db, accountId)).sendHours;

/** Area codes of regions with a daily marketing cap (Florida, Oklahoma). */
const DAILY_CAPPED_ACS = [...AREA_CODES].filter(([, info]) => ruleFor(info.region).maxPer24h !== null).map(([ac]) => ac);

/** Recipients of the batch over their region's daily cap: each one's own next allowed moment (from their zone's `base`, never before `now`; within the account's own hours too). */
async function laterFor(tx: Db, c: repo.CampaignRow, defaultZone: string, base: (zone: string) => Date, now: Date, pending: repo.Pending) {
  const capped = await repo.dailyCapped(tx, c, defaultZone, DAILY_CAPPED_ACS, new Date(now.getTime() - 86_400_000), pending);
  const hours = capped.length ? await accountHoursOf(tx, c.accountId) : null;
  return capped.map((r) => ({ contactId: r.contact_id, at: cappedMoment(r, base, defaultZone, hours) }));
}

/** A recipient's next allowed moment from their zone's `base` in a region with a daily cap, given their marketing texts around it. */
function cappedMoment(r: { zone: string; ac: string; recent: Array<Date | string> }, base: (zone: string) => Date, defaultZone: string, hours: AccountHours | null) {
  const region = nanpInfo(`+1${r.ac}5550100`)?.region ?? null;
  const recent = r.recent.map((d) => new Date(d));
  try {
    return earliestSendTime(base(r.zone), r.zone, region, 'marketing', recent, hours);
  } catch {
    return earliestSendTime(base(defaultZone), defaultZone, region, 'marketing', recent, hours);
  }
}

/**
 * Resume: the held texts of recipients in regions with a daily cap whose other marketing texts fill it, each at its own
 * next allowed moment from their zone's `base` (as laterFor at the fan-out; their zone's slot would ignore the cap).
 */
export async function cappedHeldMoments(tx: Db, c: repo.CampaignRow, defaultZone: string, base: (zone: string) => Date, now: Date) {
  const capped = await repo.heldDailyCapped(tx, c.accountId, c.id, defaultZone, DAILY_CAPPED_ACS, new Date(now.getTime() - 86_400_000));
  const hours = capped.length ? await accountHoursOf(tx, c.accountId) : null;
  return capped.map((r) => ({ id: r.id, at: cappedMoment(r, base, defaultZone, hours) }));
}

/**
 * The campaign's sender: its number (null once released: never another number in its place), each recipient's
 * sticky number of its pool (null while the pool has no live number), or the first number.
 */
async function senderOf(db: Db, c: repo.CampaignRow): Promise<repo.QueueParams['number'] | null> {
  if (c.poolId) return (await poolNumbers(db, c.accountId, c.poolId)).length ? { pool: senderSource(c.accountId, c.poolId) } : null;
  const all = await listNumbers(db, c.accountId);
  return c.numberId ? all.find((x) => x.id === c.numberId) ?? null : all[0] ?? null;
}

/** Runs (or resumes) a campaign's fan-out to the end, or until it is paused or canceled. */
export async function runFanout(ctx: Ctx, job: FanoutJob): Promise<void> {
  const first = await repo.findCampaign(ctx.db, job.accountId, job.campaignId);
  if (!first || first.fannedOutAt || !['running', 'scheduled'].includes(first.status)) return;
  const defaultZone = await repo.accountZone(ctx.db, job.accountId);
  const audience = audienceSql(await resolveAudience(ctx.db, job.accountId, first.audience), ctx.now());
  const settings = await campaignSettingsOf(ctx.db, job.accountId);
  const countries = await destinationCountriesOf(ctx.db, job.accountId);
  const number = await senderOf(ctx.db, first);
  const hours = await accountHoursOf(ctx.db, job.accountId);
  if (!number) {
    // Launch checked it. A campaign whose own number was released since is paused with that reason (its texts are not sent
    // from another number); one whose pool has no live number waits for one.
    if (first.numberId) {
      await withTx(ctx.db, async (tx) => {
        const c = await repo.findCampaign(tx, job.accountId, job.campaignId, { lock: true });
        if (c && ['running', 'scheduled'].includes(c.status)) await holdCampaign(tx, c, 'number_released', { numberId: toPublicId('number', first.numberId!) }, ctx.now());
      });
    }
    return;
  }
  // Each recipient's own text (merge, sender identification, smart encoding), encoding and segments: in SQL, per row.
  const fieldKeys = await listFieldKeys(ctx.db, job.accountId);
  const rules = await composeRulesOf(ctx.db, job.accountId, first.smartEncoding);
  const body = variantTextSql(first, (template) => { // an A/B test's recipients get their variant's text
    const parsed = parseMergeFields(template, fieldKeys);
    return recipientTextSql(template, 'tokens' in parsed ? parsed.tokens : [], rules);
  });
  // Without an A/B test: which rows' texts are GSM-7 basic, so their encoding and segments need no scan of the text (layoutFastSql).
  const parsedBody = parseMergeFields(first.body, fieldKeys);
  const basic = first.variants?.length ? null : recipientBasicSql(first.body, 'tokens' in parsedBody ? parsedBody.tokens : [], rules);
  const limit = job.batchSize ?? ctx.config.campaignBatchRows;
  /** One batch of `range` (the campaign row already locked and live): recipient rows, their messages, progress. Returns how many contacts it read, the texts it queued and the last contact. */
  const batchOf = async (tx: Db, c: repo.CampaignRow, range: repo.FanoutRange, part: repo.FanoutRange | null = null) => {
    const now = ctx.now();
    const reason = skipReasonSql({ ...settings, countries, now, campaignId: c.id });
    // Without an A/B test (which samples over the recipient rows), with no earlier recipient still waiting for its message
    // (picked up by this batch, as the rows are) and no row beyond the checkpoint, the queued rows are written once, with their messages (queueMessages).
    // A part (parallel fan-out) looks only at recipient rows of its own range: another part's waiting rows are that part's to give a message.
    const deferQueued = !c.variants?.length && await repo.mayDeferQueued(tx, c, range, part);
    const batch = await repo.materialiseBatch(tx, c, audience, reason, limit, deferQueued ? { defaultZone, cappedAcs: DAILY_CAPPED_ACS } : null, range, part);
    const released = await abBatch(tx, c, limit, reason); // A/B test: the batch's sample (the rest held), or held recipients released to the winner (checked again)
    const n = batch.n + released;
    if (c.poolId && n) await assignSenders(tx, c.accountId, c.poolId, repo.pendingContactsSql(c, batch.pending)); // sticky sender, set-based
    const base = baseFor({ scheduleAt: c.scheduleAt, local: localScheduleOf(c) }, now, defaultZone);
    const slots = slotsFor(await repo.pendingZones(tx, c, defaultZone, batch.pending), base, defaultZone, hours);
    const ids = Array.from({ length: n }, newUuid);
    let queued = 0;
    if (n) {
      // Links: each text's URLs become the recipient's own short links in the same statement, before its message is written.
      const links = await batchLinkRules(tx, ctx.config, { accountId: c.accountId, campaignId: c.id, trackLinks: c.trackLinks, template: first.variants?.map((v) => v.body).join('\n') ?? first.body });
      queued = await repo.queueMessages(tx, c, {
        number, defaultZone, slots, later: await laterFor(tx, c, defaultZone, base, now, batch.pending), body, basic, media: first.media?.length ? first.media : null, ids, pending: batch.pending, now, publicId: toPublicId('campaign', c.id), links,
      });
    }
    crashPoint(ctx.config.testCrashAt, 'campaign.batch'); // crash tests: die with this batch written, uncommitted
    return { n, queued, last: batch.last, finished: batch.n < limit && released < limit };
  };
  let batches = 0;
  let statsAt = STATS_AFTER_BATCHES;
  const afterBatch = async () => {
    if (++batches >= statsAt) {
      statsAt = batches * 2; // a handful of times over a million recipients
      await repo.refreshFanoutStats(ctx.db);
    }
  };
  const live = (c: repo.CampaignRow | null): c is repo.CampaignRow => !!c && !c.fannedOutAt && ['running', 'scheduled'].includes(c.status);
  /**
   * The campaign's own number was released since the fan-out read it: no batch writes texts from it any more (paused,
   * number_released). Locked shared for the batch: a release committing meanwhile waits for the batch, then sees its texts.
   */
  const numberGone = async (tx: Db, c: repo.CampaignRow) => !c.poolId && !!c.numberId && !(await lockLiveNumbers(tx, c.accountId, [c.numberId])).length;
  const holdReleased = (tx: Db, c: repo.CampaignRow) => holdCampaign(tx, c, 'number_released', { numberId: toPublicId('number', c.numberId!) }, ctx.now());
  const progress = (tx: Db, c: repo.CampaignRow, queued: number, fannedOut: boolean) =>
    appendEvents(tx, [{ accountId: c.accountId, type: 'campaign.progress', subjectId: c.id, payload: { campaignId: c.id, status: c.status, queued, fannedOut } }]);

  // PostgreSQL: the audience in parts, each fanned out by its own loop on its own connection (both cores: the statements are
  // the database's work, one backend each). One loop for an A/B test (it samples over all the campaign's rows) and a pool
  // (each batch fills the pool's members evenly from their counts: parts would race for those rows).
  const parallel = ctx.database.kind === 'postgres' && !first.variants?.length && !first.poolId ? ctx.config.campaignFanoutParallel : 1;
  if (parallel > 1) {
    let parts = await repo.fanoutParts(ctx.db, job.accountId, job.campaignId);
    if (!parts.length) {
      // The split is read before the campaign's lock is taken (a scan of the audience: pause and cancel do not wait for it).
      const split = await repo.splitAudience(ctx.db, first, audience, parallel, limit);
      if (split.length) {
        parts = await withTx(ctx.db, async (tx) => {
          const c = await repo.findCampaign(tx, job.accountId, job.campaignId, { lock: true });
          return live(c) ? repo.saveFanoutParts(tx, c, split) : [];
        });
      }
    }
    if (parts.length) return fanOutParts(parts);
  }
  return fanOutOne();

  /** Each part's loop, at once; then the campaign is fanned out when every part is done. */
  async function fanOutParts(parts: repo.FanoutPart[]) {
    let gone = false;
    // Every loop runs to its end before a failure is passed on (a retried job never overlaps a loop of this one).
    const loops = await Promise.allSettled(parts.filter((p) => !p.doneAt).map(async (p0) => {
      for (;;) {
        const done = await withTx(ctx.db, async (tx) => {
          // The campaign shared (pause and cancel wait for the batch, then stop the next), the part exclusive (one loop per part, also across workers).
          const c = await repo.findCampaign(tx, job.accountId, job.campaignId, { lock: 'share' });
          const p = await repo.lockFanoutPart(tx, job.accountId, job.campaignId, p0.part);
          if (!live(c) || !p || p.doneAt) return true;
          if (await numberGone(tx, c)) return (gone = true);
          const b = await batchOf(tx, c, { after: p.cursor ?? p.afterId, upto: p.uptoId }, { after: p.afterId, upto: p.uptoId });
          await repo.advanceFanoutPart(tx, p, b.last ?? p.cursor, b.finished ? ctx.now() : null);
          if (b.queued) await progress(tx, c, b.queued, false);
          return b.finished;
        });
        if (done) return;
        await afterBatch();
      }
    }));
    const failed = loops.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    if (gone) {
      await withTx(ctx.db, async (tx) => { // the parts hold the campaign shared: paused here, under its lock
        const c = await repo.findCampaign(tx, job.accountId, job.campaignId, { lock: true });
        if (live(c)) await holdReleased(tx, c);
      });
      return;
    }
    // Every part done: the campaign is fanned out (the parts keep the checkpoints; the campaign's own is the one loop's).
    await withTx(ctx.db, async (tx) => {
      const c = await repo.findCampaign(tx, job.accountId, job.campaignId, { lock: true });
      if (!live(c) || !(await repo.fanoutPartsDone(tx, c.accountId, c.id))) return;
      await repo.updateCampaign(tx, c.accountId, c.id, { fannedOutAt: ctx.now() });
      await progress(tx, c, 0, true);
    });
  }

  /** One loop over the campaign's own checkpoint (PGlite, A/B tests, pools, an audience of one batch). */
  async function fanOutOne() {
    for (;;) {
      const done = await withTx(ctx.db, async (tx) => {
        const c = await repo.findCampaign(tx, job.accountId, job.campaignId, { lock: true });
        if (!live(c)) return true;
        if (await numberGone(tx, c)) return (await holdReleased(tx, c), true);
        const b = await batchOf(tx, c, repo.campaignRange(c));
        await repo.updateCampaign(tx, c.accountId, c.id, { fanoutCursor: b.last ?? c.fanoutCursor, ...(b.finished ? { fannedOutAt: ctx.now() } : {}) });
        // Progress (webhooks): the texts this batch queued (skipped contacts not counted), and whether every recipient now has a message.
        if (b.queued || b.finished) await progress(tx, c, b.queued, b.finished);
        return b.finished;
      });
      if (done) return;
      await afterBatch();
    }
  }
}

/** Resumes fan-outs whose worker died (no batch committed for `staleMs`). */
export async function resumeStaleFanouts(ctx: Ctx, staleMs = ctx.config.jobStaleAfterMs): Promise<number> {
  const stale = await repo.staleFanouts(ctx.db, new Date(ctx.now().getTime() - staleMs));
  for (const s of stale) await ctx.jobs.send(FANOUT_JOB, { accountId: s.account_id, campaignId: s.id } satisfies FanoutJob);
  return stale.length;
}
