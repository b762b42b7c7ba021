/**
 * Campaign guardrails (issue 9): a running campaign whose opt-out rate, carrier filtering or
 * failure rate within the window crosses the account's threshold pauses itself — waiting texts
 * held as by POST /pause — and its owners hear of it: an email to the account's owners and the
 * campaign's author, an audit entry, and an outbox event `campaign.paused` with the reason.
 * Evaluated set-based for every running campaign by a job (every minute, `campaigns.guardrails`).
 */
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { toPublicId } from '../../lib/ids.js';
import { membersOf } from '../accounts/team.service.js';
import { recordAudit, SYSTEM_ACTOR, type RequestMeta } from '../audit/audit.service.js';
import type { Actor } from '../../lib/actor.js';
import { queueEmail } from '../email/email.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import * as repo from './campaigns.repo.js';
import * as guard from './guardrails.repo.js';
import { describeTrip, trippedGuardrail, type PauseReason, type Tripped } from './guardrails.js';
import { DEFAULT_SETTINGS } from './settings.service.js';

export const GUARDRAILS_JOB = 'campaigns.guardrails';
/** Where a paused campaign's waiting texts are parked (the dispatcher claims only due ones). */
export const PAUSED_UNTIL = new Date('2100-01-01T00:00:00Z');

/** The error codes (LIKE patterns) the carrier kinds record for carrier filtering. */
const filteredPatterns = (ctx: Ctx) => [...new Set([...ctx.carriers.values()].flatMap((k) => k.filteredErrorCodes ?? []))];

/**
 * Pauses a campaign the caller has locked: its unclaimed waiting texts are held (claimed ones are
 * stopped at the dispatcher's hand-over), the reason is kept, and `campaign.paused` is appended.
 */
export async function holdCampaign(tx: Db, c: repo.CampaignRow, reason: PauseReason, details: Record<string, unknown> | null, now: Date) {
  await repo.holdWaiting(tx, c.accountId, c.id, PAUSED_UNTIL);
  const u = await repo.updateCampaign(tx, c.accountId, c.id, { status: 'paused', pausedReason: reason, pausedDetails: details, pausedAt: now });
  await appendEvents(tx, [{ accountId: c.accountId, type: 'campaign.paused', subjectId: c.id, payload: { campaignId: toPublicId('campaign', c.id), reason, ...(details ? { details } : {}) } }]);
  return u;
}

/** Audit entry for a pause (by a member, or by a guardrail). */
export const auditPause = (tx: Db, c: repo.CampaignRow, actor: Actor, reason: string, details: Record<string, unknown> | null, meta?: RequestMeta) =>
  recordAudit(tx, { accountId: c.accountId, actor, action: 'campaign.paused', target: { type: 'campaign', id: c.id }, meta, details: { reason, ...(details ?? {}) } });

/** Checks every running campaign (or one account's) and pauses those over a threshold; returns how many it paused. */
export async function checkGuardrails(ctx: Ctx, accountId?: string): Promise<number> {
  const running = await guard.runningWithCounts(ctx.db, ctx.now(), filteredPatterns(ctx), DEFAULT_SETTINGS.guardrails, accountId);
  let paused = 0;
  for (const r of running) {
    const t = trippedGuardrail(
      { optOutRate: r.opt_out_rate, filteredRate: r.filtered_rate, failureRate: r.failure_rate, minSample: r.min_sample, windowMinutes: r.window_minutes },
      { sent: r.sent, attempted: r.attempted, failed: r.failed, filtered: r.filtered, optOuts: r.opt_outs },
    );
    if (t && (await autoPause(ctx, r.account_id, r.id, t))) paused++;
  }
  if (!accountId) await guard.dropIdleBuckets(ctx.db);
  return paused;
}

async function autoPause(ctx: Ctx, accountId: string, campaignId: string, t: Tripped): Promise<boolean> {
  return withTx(ctx.db, async (tx) => {
    const c = await repo.findCampaign(tx, accountId, campaignId, { lock: true });
    if (c?.status !== 'running') return false;
    const details = { ...t } as Record<string, unknown>;
    await holdCampaign(tx, c, t.reason, details, ctx.now());
    await auditPause(tx, c, { ...SYSTEM_ACTOR, label: 'campaign guardrail' }, t.reason, details);
    const to = (await membersOf(tx, accountId)).filter((m) => m.role === 'owner' || m.id === c.createdBy).map((m) => m.email);
    for (const email of new Set(to)) {
      await queueEmail(ctx, tx, {
        accountId, to: email, subject: `Campaign paused: ${c.name.slice(0, 120)}`,
        text: `Your campaign "${c.name}" paused itself. ${describeTrip(t)}\n\nIts waiting texts are held. Review it, then resume or cancel it:\n\n${ctx.config.publicUrl}/campaigns/${toPublicId('campaign', c.id)}\n\nThe limits are in Settings → Campaigns (guardrails).\n`,
      });
    }
    return true;
  });
}
