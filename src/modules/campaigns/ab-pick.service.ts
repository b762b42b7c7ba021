/** Picking an A/B test's winner: by hand (POST /v1/campaigns/:id/pick-winner) or by the campaigns.ab_winners job after `pickAfterHours`. */
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { winnerOf } from './ab-test.js';
import { dueForPick, variantsReport } from './ab-test.service.js';
import * as repo from './campaigns.repo.js';
import { findOr404 } from './campaigns.service.js';
import { FANOUT_JOB, type FanoutJob } from './fanout.js';
import { presentCampaign } from './presenters.js';

export const AB_WINNERS_JOB = 'campaigns.ab_winners';

/**
 * Records the winner and lets the fan-out release the held recipients to it (now, or at resume when
 * paused). 409 when a winner is already picked or the campaign has ended.
 */
async function chooseWinner(ctx: Ctx, accountId: string, campaignId: string, variant: number, actor: Actor, how: 'manual' | 'auto') {
  return withTx(ctx.db, async (tx) => {
    const c = await repo.findCampaign(tx, accountId, campaignId, { lock: true });
    if (!c) throw notFound('Campaign');
    if (!c.variants?.length || !c.abTest) throw unprocessable('not_an_ab_test', 'This campaign has no variants to pick from.');
    if (variant >= c.variants.length) throw unprocessable('invalid_variant', `Pick a variant from 0 to ${c.variants.length - 1}.`, { field: 'variant' });
    if (c.winnerVariant !== null) throw conflict('winner_already_picked', 'The winner is already picked.', { winner: c.winnerVariant });
    if (!['running', 'scheduled', 'paused'].includes(c.status)) throw conflict('campaign_not_running', 'Only a running, scheduled or paused campaign gets a winner.', { status: c.status });
    const release = c.fannedOutAt !== null;
    const u = await repo.updateCampaign(tx, accountId, c.id, { winnerVariant: variant, winnerPickedAt: ctx.now(), ...(release ? { fannedOutAt: null } : {}) });
    if (release && c.status !== 'paused') await ctx.jobs.send(FANOUT_JOB, { accountId, campaignId: c.id } satisfies FanoutJob, tx);
    await recordAudit(tx, { accountId, actor, action: 'campaign.winner_picked', target: { type: 'campaign', id: c.id }, details: { variant, how } });
    return u;
  });
}

export async function pickWinner(ctx: Ctx, auth: AuthContext, publicId: string, variant: number) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  return presentCampaign(await chooseWinner(ctx, auth.accountId, c.id, variant, auth.actor, 'manual'), null);
}

/** The A/B test's sample results per variant. */
export async function variants(ctx: Ctx, auth: AuthContext, publicId: string) {
  const c = await findOr404(ctx.db, auth.accountId, publicId);
  const data = await variantsReport(ctx.db, c);
  if (!data || !c.abTest) throw notFound('A/B test of this campaign');
  return { metric: c.abTest.metric, samplePercent: c.abTest.samplePercent, winner: c.winnerVariant, winnerPickedAt: c.winnerPickedAt?.toISOString() ?? null, data };
}

/** The job: every A/B test whose sample has had its hours gets the winner by its metric. Returns how many were picked. */
export async function pickDueWinners(ctx: Ctx): Promise<number> {
  let n = 0;
  for (const due of await dueForPick(ctx.db, ctx.now())) {
    const c = await repo.findCampaign(ctx.db, due.account_id, due.id);
    const report = c ? await variantsReport(ctx.db, c) : null;
    const winner = report ? winnerOf(report) ?? 0 : null;
    if (!c || winner === null) continue;
    try {
      await chooseWinner(ctx, c.accountId, c.id, winner, SYSTEM_ACTOR, 'auto');
      n++;
    } catch (err) {
      if (!(err instanceof Error && 'status' in err && (err as { status: number }).status === 409)) throw err; // picked by hand meanwhile
    }
  }
  return n;
}
