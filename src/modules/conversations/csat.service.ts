import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { newUuid } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { csatScoreOf, DEFAULT_CSAT_QUESTION, DEFAULT_REPLY_HOURS } from './csat.js';
import * as repo from './csat.repo.js';

/**
 * CSAT: when the account turned it on, closing a conversation the customer texted in queues
 * one survey (once per conversation, in the close's transaction); the messaging module's sender
 * (job `csat.send`) texts it through the normal checks; the customer's 1–5 reply within the
 * reply window is the conversation's score and opens no new conversation.
 */
export type { DueSurvey } from './csat.repo.js';
export const CSAT_SEND_JOB = 'csat.send';
export interface CsatSendJob { accountId: string; surveyId: string }

export async function getCsatSettings(ctx: Ctx, accountId: string) {
  const s = await repo.settingsOf(ctx.database.query, accountId);
  return { enabled: s?.enabled ?? false, question: s?.question ?? DEFAULT_CSAT_QUESTION, replyHours: s?.reply_hours ?? DEFAULT_REPLY_HOURS };
}

export async function setCsatSettings(ctx: Ctx, auth: AuthContext, input: { enabled: boolean; question?: string; replyHours?: number }, meta: RequestMeta) {
  const s = { enabled: input.enabled, question: input.question ?? DEFAULT_CSAT_QUESTION, replyHours: input.replyHours ?? DEFAULT_REPLY_HOURS };
  await withTx(ctx.db, async (tx) => {
    await repo.saveSettings(txQuery(tx), auth.accountId, s);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'csat.settings_changed', meta, details: { enabled: s.enabled, replyHours: s.replyHours } });
  });
  return s;
}

/** Hook of a state change (in its transaction): a close queues the conversation's survey, once. */
export async function csatOnState(ctx: Ctx, tx: Db, accountId: string, conversationId: string, from: string, to: string) {
  if (to !== 'closed' || from === 'closed') return;
  const q = txQuery(tx);
  if (!(await repo.settingsOf(q, accountId))?.enabled) return;
  const surveyId = await repo.insertSurvey(q, { id: newUuid(), accountId, conversationId });
  if (surveyId) await ctx.jobs.send(CSAT_SEND_JOB, { accountId, surveyId } satisfies CsatSendJob, tx);
}

/** The survey to send, locked in the sender's transaction; null when it is no longer due. */
export const lockDueSurvey = (tx: Db, accountId: string, surveyId: string) => repo.lockDue(txQuery(tx), accountId, surveyId);

export async function surveySent(tx: Db, s: repo.DueSurvey, messageId: string, at: Date) {
  await repo.markSent(txQuery(tx), s.account_id, s.id, messageId, at, new Date(at.getTime() + s.reply_hours * 3_600_000));
  await appendEvents(tx, [{ accountId: s.account_id, type: 'csat.sent', subjectId: s.conversation_id, payload: { conversationId: s.conversation_id, messageId } }]);
}

export const surveySkipped = (tx: Db, s: repo.DueSurvey, reason: string) => repo.markSkipped(txQuery(tx), s.account_id, s.id, reason);

/**
 * Inbound hook (in the inbound text's transaction, before a conversation is opened for it): a
 * reply 1–5 to a survey awaiting this contact's answer is recorded as its score; returns the
 * surveyed (closed) conversation the text belongs to, or null when it is a normal message.
 */
export async function takeCsatReply(ctx: Ctx, tx: Db, accountId: string, contactId: string, numberId: string, body: string) {
  const score = csatScoreOf(body);
  if (score === null) return null;
  const r = await repo.answer(txQuery(tx), accountId, contactId, numberId, score, ctx.now());
  if (!r) return null;
  await appendEvents(tx, [{ accountId, type: 'csat.answered', subjectId: r.conversation_id, payload: { conversationId: r.conversation_id, score } }]);
  return { id: r.conversation_id };
}

export async function conversationCsat(ctx: Ctx, accountId: string, conversationId: string) {
  const s = await repo.surveyOf(ctx.database.query, accountId, conversationId);
  return s ? { status: s.status, score: s.score, sentAt: s.sent_at?.toISOString() ?? null, answeredAt: s.answered_at?.toISOString() ?? null } : null;
}
