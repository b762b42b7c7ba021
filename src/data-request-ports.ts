/**
 * Composition root of the data-requests module's ports: the account's sending number and a
 * one-off text (messaging), and the complete erasure of a person (privacy, which itself calls
 * the data-requests erase hook — hence a port, not an import). Handed in by src/app.ts.
 */
import type { DataRequestPorts } from './modules/data-requests/data-requests.types.js';
import { newUuid, toPublicId } from './lib/ids.js';
import { encodeBody } from './modules/messaging/encoding.js';
import { findNumber, listNumbers } from './modules/messaging/numbers.service.js';
import { createMessage } from './modules/messaging/status.service.js';
import { eraseByPhone, lockForErasure } from './modules/privacy/erasure.service.js';

export const dataRequestPorts: DataRequestPorts = {
  async sender(db, accountId) {
    const n = (await listNumbers(db, accountId))[0];
    return n ? { id: n.id, phoneNumber: n.phoneNumber } : null;
  },
  // kind keyword_reply: like a HELP answer, a reply to the person's own request, sent even to a
  // suppressed number; in no conversation (a live code is not for the inbox).
  async queueText(ctx, tx, t) {
    const number = await findNumber(tx, t.accountId, toPublicId('number', t.numberId));
    if (!number) throw new Error('queueText: the number is not a live number of the account');
    const enc = encodeBody(t.body, { smartEncoding: true });
    await createMessage(tx, {
      id: newUuid(), accountId: t.accountId, conversationId: null, contactId: t.contactId, numberId: number.id,
      direction: 'outbound', kind: 'keyword_reply', from: number.phoneNumber, to: t.to, body: enc.body, encoding: enc.encoding, segments: enc.segments,
      status: 'queued', nextAttemptAt: ctx.now(), idempotencyKey: `privacy:${t.key}`, provider: number.provider,
    }, 'system');
  },
  async eraseByPhone(ctx, accountId, e164) {
    await eraseByPhone(ctx, accountId, e164, 'data_request', { suppress: true });
  },
  lockForErasure,
};
