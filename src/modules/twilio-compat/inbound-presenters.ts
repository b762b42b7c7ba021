import { toPublicId } from '../../lib/ids.js';
import type { InboundAttemptRow, InboundDeliveryRow } from './inbound-hooks.service.js';
import { sidOf } from './sids.js';

export function presentInboundDelivery(d: InboundDeliveryRow, attempts: InboundAttemptRow[]) {
  const o = d.outcome;
  return {
    id: toPublicId('twilioInboundDelivery', d.id), numberId: toPublicId('number', d.numberId), messageId: toPublicId('message', d.messageId),
    messageSid: sidOf('SM', d.messageId), url: d.url, status: d.status as 'pending' | 'succeeded' | 'failed', attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt?.toISOString() ?? null : null, lastStatusCode: d.lastStatusCode, lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    twiml: o ? { ...o, replies: o.replies.map((r) => ({ messageId: r.messageId ? toPublicId('message', r.messageId) : null, reason: r.reason })) } : null,
    attemptLog: attempts.filter((a) => a.deliveryId === d.id).map((a) => ({
      at: a.createdAt.toISOString(), url: a.url, statusCode: a.statusCode, responseExcerpt: a.responseExcerpt, error: a.error, latencyMs: a.latencyMs,
    })),
  };
}
