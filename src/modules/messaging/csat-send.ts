import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import { isSuppressed } from '../consent/consent.service.js';
import { lockDueSurvey, surveySent, surveySkipped, type CsatSendJob } from '../conversations/csat.service.js';
import { bodyProblem, encodeBody } from './encoding.js';
import { findNumber } from './numbers.service.js';
import { createMessage } from './status.service.js';

/**
 * Job `csat.send`: texts a closed conversation's CSAT survey through the send path's checks — a
 * suppressed (opted-out) recipient or a released number gets nothing (the survey is skipped with
 * the reason), the body is encoded like any text, and the message is queued like a reply
 * (conversational: not deferred by the marketing window; the dispatcher cancels it if an opt-out
 * commits before it goes). It stays in the closed conversation and opens no new one; it is no
 * agent reply (no SLA effect). Idempotent: the survey row is locked and must still be due, and
 * the message carries a once-only key.
 */
export async function sendCsatSurvey(ctx: Ctx, job: CsatSendJob) {
  return withTx(ctx.db, async (tx) => {
    const s = await lockDueSurvey(tx, job.accountId, job.surveyId);
    if (!s) return 'not_due';
    const skip = async (reason: string) => { await surveySkipped(tx, s, reason); return reason; };
    if (s.newer_open) return skip('customer_texted_again');
    if (await isSuppressed(ctx, tx, s.account_id, s.phone)) return skip('opted_out');
    const number = await findNumber(tx, s.account_id, toPublicId('number', s.number_id));
    if (!number) return skip('number_released');
    if (bodyProblem(s.question, { smartEncoding: true })) return skip('invalid_question');
    const enc = encodeBody(s.question, { smartEncoding: true });
    const now = ctx.now();
    const m = await createMessage(tx, {
      id: newUuid(), accountId: s.account_id, conversationId: s.conversation_id, contactId: s.contact_id, numberId: number.id,
      direction: 'outbound', kind: 'conversational', from: number.phoneNumber, to: s.phone, body: enc.body, encoding: enc.encoding, segments: enc.segments,
      status: 'queued', nextAttemptAt: now, idempotencyKey: `csat:${s.id}`, provider: number.provider,
    }, 'system', { csatSurvey: true });
    await surveySent(tx, s, m.id, now);
    return 'sent';
  });
}
