/**
 * The daily reminder: every account with open requests due within a week (or overdue) gets one
 * email to its owner and admins listing them; each request is reminded once per stage (a week
 * before, a day before, overdue). Overdue requests stay in the queue, flagged, until closed.
 */
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { toPublicId } from '../../lib/ids.js';
import { findAccount } from '../accounts/account.service.js';
import { membersOf } from '../accounts/team.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { reminderDue, type ReminderStage } from './deadlines.js';
import * as repo from './data-requests.repo.js';
import { recordStep } from './data-requests.service.js';

export const REMINDERS_JOB = 'data-requests.remind';
const WEEK = 7 * 86_400_000;
const TYPE_LABEL: Record<string, string> = { access: 'access', correction: 'correction', deletion: 'deletion', opt_out: 'opt-out' };

/** Sends the reminders due now; returns how many emails were queued. Idempotent (stages are stored). */
export async function remindDueRequests(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const open = await repo.openDueBefore(ctx.db, new Date(now.getTime() + WEEK));
  const byAccount = new Map<string, Array<{ r: repo.RequestRow; stage: ReminderStage }>>();
  for (const r of open) {
    const stage = reminderDue(r.dueAt, now, r.remindedStage as ReminderStage | null);
    if (stage) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), { r, stage }]);
  }
  let sent = 0;
  for (const [accountId, due] of byAccount) sent += await remindAccount(ctx, accountId, due, now);
  return sent;
}

async function remindAccount(ctx: Ctx, accountId: string, due: Array<{ r: repo.RequestRow; stage: ReminderStage }>, now: Date) {
  const account = await findAccount(ctx, accountId);
  if (!account || account.status !== 'active') return 0;
  const admins = (await membersOf(ctx.db, accountId)).filter((m) => m.role === 'owner' || m.role === 'admin');
  const url = `${ctx.config.publicUrl.replace(/\/+$/, '')}/privacy-requests`;
  const lines = due.map(({ r, stage }) => `- ${TYPE_LABEL[r.type] ?? r.type} request ${toPublicId('dataRequest', r.id)} (${r.regime.toUpperCase()}): ${stage === 'overdue' ? 'OVERDUE since' : 'due'} ${r.dueAt.toISOString().slice(0, 10)}`);
  const overdue = due.some((d) => d.stage === 'overdue');
  const text = `Privacy requests of ${account.name} need an answer:\n\n${lines.join('\n')}\n\nThe law sets these deadlines (GDPR one month, CCPA 45 days). Open the queue: ${url}\n`;
  await withTx(ctx.db, async (tx: Db) => {
    for (const m of admins) await queueEmail(ctx, tx, { accountId, to: m.email, subject: overdue ? 'Overdue privacy requests' : 'Privacy requests due soon', text });
    for (const stage of new Set(due.map((d) => d.stage))) await repo.setReminded(tx, accountId, due.filter((d) => d.stage === stage).map((d) => d.r.id), stage);
    for (const { r, stage } of due) await recordStep(tx, r, { action: 'reminded', reason: `${stage} reminder emailed to ${admins.length} admin(s)`, actor: SYSTEM_ACTOR, at: now });
  });
  return admins.length;
}

/** Drops verification codes a day after they expired (the daily purge). */
export const purgeCodes = (ctx: Ctx) => repo.purgeCodes(ctx.db, new Date(ctx.now().getTime() - 86_400_000));
