import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import type { GrowthPorts } from '../growth/growth.types.js';
import { openConversationFor, touchConversation } from '../conversations/conversations.service.js';
import { encodeBody } from './encoding.js';
import { findNumber, listNumbers } from './numbers.service.js';
import { createMessage } from './status.service.js';

const ref = (n: { id: string; phoneNumber: string } | null | undefined) => (n ? { id: n.id, phoneNumber: n.phoneNumber } : null);

/**
 * What the growth module (join keywords, sign-up form) uses of messaging: the account's numbers
 * and a one-off text (a sign-up code or confirmation) queued in the caller's transaction, in the
 * contact's conversation (a code in none: agents reading the inbox never see a live code), at
 * most once per key. Handed to growth by src/app.ts.
 */
export const growthPorts: GrowthPorts = {
  async findNumber(db: Db, accountId: string, r: string) {
    return ref(await findNumber(db, accountId, r));
  },
  async numberById(db: Db, accountId: string, id: string | null) {
    return ref(id ? await findNumber(db, accountId, toPublicId('number', id)) : (await listNumbers(db, accountId))[0]);
  },
  async queueText(ctx: Ctx, tx: Db, t) {
    const number = await findNumber(tx, t.accountId, toPublicId('number', t.numberId));
    if (!number) throw new Error('queueText: the number is not a live number of the account');
    const conversation = t.private ? null : await openConversationFor(tx, t.accountId, t.contactId, number.id);
    const enc = encodeBody(t.body, { smartEncoding: true });
    const m = await createMessage(tx, {
      id: newUuid(), accountId: t.accountId, conversationId: conversation?.id ?? null, contactId: t.contactId, numberId: number.id,
      direction: 'outbound', kind: 'conversational', from: number.phoneNumber, to: t.to, body: enc.body, encoding: enc.encoding, segments: enc.segments,
      status: 'queued', nextAttemptAt: ctx.now(), idempotencyKey: `growth:${t.key}`, provider: number.provider,
    }, 'system');
    if (conversation) await touchConversation(tx, t.accountId, conversation.id, 'automated');
    return m.id;
  },
};
