import { eq } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { meterReceived } from '../billing/metering.service.js';
import { isUniqueViolation } from '../../db/errors.js';
import { accounts, type phoneNumbers } from '../../db/schema/index.js';
import { destinationRefusal } from '../accounts/destinations.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { analysePhone } from '../../lib/phone.js';
import { replaceBadText } from '../../lib/text.js';
import type { InboundSms } from '../../providers/provider.js';
import { recordConsent } from '../consent/consent.service.js';
import { contactFor, touchLastMessage } from '../contacts/contacts.service.js';
import { touchConversation } from '../conversations/conversations.service.js';
import { takeCsatReply } from '../conversations/csat.service.js';
import { openConversationForInbound } from '../conversations/assignment.service.js';
import { storeMessageMedia, type PreparedMedium } from '../media/media.service.js';
import { HELP_CONTACT_PLACEHOLDER, classifyKeyword, defaultReplies, type CustomKeyword, type Keyword } from '../consent/keywords.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { growthInbound } from '../growth/optins.service.js';
import { encodeBody } from './encoding.js';
import * as repo from './messages.repo.js';
import { routedNumber } from './numbers.repo.js';
import { changeStatuses, createMessage } from './status.service.js';

/**
 * The most automatic replies (keyword, join and confirmation answers) one contact gets an hour: a bot
 * or another business's auto-responder answering each reply with a keyword would otherwise be answered
 * for ever, each reply billed. Past it the texts are stored, unanswered; a STOP that opts the number out
 * is always confirmed (CTIA).
 */
export const AUTO_REPLIES_PER_HOUR = 10;

/** The reply a keyword gets: the number's own text, else the compliant default. */
function replyFor(keyword: Keyword, number: typeof phoneNumbers.$inferSelect, account: { name: string; website: string | null }): string | null {
  const custom = number.customKeywords.find((k) => k.word === keyword.word);
  if (keyword.kind === 'custom') return custom?.reply ?? null;
  const own = number.keywordReplies[keyword.kind];
  const text = own ?? custom?.reply ?? defaultReplies(account.name)[keyword.kind];
  return text.replace(HELP_CONTACT_PLACEHOLDER, account.website ?? 'us at this number').trim() || null;
}

/**
 * Takes a customer's text: routed by its `to` number to the account, matched to a contact
 * and open conversation, stored; keywords change consent and get their reply, exactly once
 * (a carrier's duplicate delivery of the same message changes nothing).
 */
export async function receiveInbound(ctx: Ctx, received: InboundSms, provider: string, media?: Array<PreparedMedium | { error: string; contentType: string }>) {
  // A carrier's text past the API's input guard: a NUL or a lone surrogate (UCS-2) is stored as U+FFFD, not refused.
  const sms = { ...received, body: replaceBadText(received.body) };
  const number = await routedNumber(ctx.db, sms.to.trim());
  if (!number) throw notFound('A number with this "to"');
  const from = analysePhone(sms.from, 'US');
  if ('problem' in from) throw unprocessable('invalid_phone', 'The "from" number is not a valid phone number.', { field: 'from' });
  const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, number.accountId));
  const keyword = classifyKeyword(sms.body, number.customKeywords as CustomKeyword[]);
  // No automatic text to a country the account does not text (SMS pumping): its answers are recorded canceled, the keyword still acts.
  const refused = destinationRefusal(account, from.country);
  try {
    return await withTx(ctx.db, async (tx) => {
      const contact = await contactFor(ctx, tx, { accountId: account.id, account }, from);
      // A STOP that opts the number out, and a START that opts it back in, are always confirmed (CTIA: each change of consent is); repeats are bounded.
      const optsOut = keyword?.kind === 'opt_out' && contact.consentState !== 'opted_out';
      const optsIn = keyword?.kind === 'opt_in' && contact.consentState !== 'opted_in';
      // Counted under the contact's lock (texts taken at once on several connections), so the count and the reply's insert are one step.
      const mayReply = async () => {
        if (optsOut || optsIn) return true;
        await repo.lockAutoReplies(tx, account.id, contact.id);
        return (await repo.recentAutoReplies(tx, account.id, contact.id, AUTO_REPLIES_PER_HOUR)) < AUTO_REPLIES_PER_HOUR;
      };
      // A conversation's first customer text (not a keyword) may assign it (round-robin), in this transaction.
      // A reply 1–5 to a CSAT survey is that closed conversation's score: it opens no new conversation.
      const surveyed = keyword ? null : await takeCsatReply(ctx, tx, account.id, contact.id, number.id, sms.body);
      const conversation = surveyed ?? await openConversationForInbound(ctx, tx, account.id, contact.id, number.id, { assign: !keyword });
      const enc = encodeBody(sms.body);
      // MMS: the fetched files are kept with the customer's contact (erased with it).
      const kept = media?.length ? await storeMessageMedia(tx, account.id, contact.id, media, null) : null;
      const m = await createMessage(tx, {
        id: newUuid(), accountId: account.id, conversationId: conversation.id, contactId: contact.id, numberId: number.id, direction: 'inbound',
        from: from.e164, to: number.phoneNumber, body: sms.body, encoding: enc.encoding, segments: kept ? 1 : enc.segments, media: kept, status: 'received',
        provider, providerMessageId: sms.providerMessageId, keyword: keyword ? { kind: keyword.kind, word: keyword.word } : null,
      }, 'carrier', { keyword: keyword ? { kind: keyword.kind, word: keyword.word } : null });
      // Metering (billing): the received text, counted with its insert (a carrier's duplicate rolls back with it).
      await meterReceived(ctx, tx, account.id, { from: from.e164, to: number.phoneNumber, segments: m.segments, mms: Boolean(kept?.length), senderType: number.type });
      if (!surveyed) await touchConversation(tx, account.id, conversation.id, 'inbound', ctx.now());
      await touchLastMessage(tx, account.id, contact.id);
      // Join keywords and Y confirmations of pending opt-ins (growth) answer instead of the default handling.
      const grown = await growthInbound(ctx, tx, { account, number, contactId: contact.id, phone: from.e164, messageId: m.id, body: sms.body, keywordKind: keyword?.kind ?? null });
      if (grown) {
        // A reply confirming the opt-in this text recorded answers like START's (it goes under a hold); a prompt for the Y waits.
        if (await mayReply()) await queueKeywordReply(tx, m, grown.reply, { kind: grown.optedIn ? 'opt_in' : 'join', word: grown.joined ?? sms.body.trim().slice(0, 40) }, refused);
        return { message: m, conversationId: conversation.id, keyword };
      }
      if (keyword?.kind === 'opt_out' || keyword?.kind === 'opt_in') {
        await recordConsent(ctx, tx, account.id, { type: 'system', id: null, label: `keyword ${keyword.word}` }, [
          { contactId: contact.id, phone: from.e164, kind: keyword.kind, source: 'keyword', evidence: { messageId: m.id, wording: sms.body.slice(0, 500) } },
        ]);
        await appendEvents(tx, [{ accountId: account.id, type: keyword.kind === 'opt_out' ? 'contact.opted_out' : 'contact.opted_in', subjectId: contact.id, payload: { contactId: contact.id, messageId: m.id, source: 'keyword' } }]);
      }
      const reply = keyword ? replyFor(keyword, number, account) : null;
      if (reply && await mayReply()) await queueKeywordReply(tx, m, reply, { kind: keyword!.kind, word: keyword!.word }, refused);
      return { message: m, conversationId: conversation.id, keyword };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'messages_provider_uq')) return duplicateOf(ctx, account.id, provider, sms.providerMessageId);
    throw err;
  }
}

/**
 * STOP/START/HELP replies go out even to a suppressed number; the key makes them once-only. The
 * reply names the keyword it answers (`keyword`): only the statutory ones (opt_out, opt_in, help)
 * go under a sending hold (hand-over-gate.ts), custom and join answers wait like other texts.
 * To a country the account does not text (`refused`: the account's destination policy), none goes,
 * not even a STOP confirmation — the account never chose to pay for texts there, and answering any
 * number's HELP is how SMS pumping bills a business: the answer is recorded, canceled with the reason.
 */
async function queueKeywordReply(tx: Db, inbound: repo.MessageRow, text: string, answers: { kind: string; word: string }, refused: { code: string; message: string } | null) {
  const enc = encodeBody(text, { smartEncoding: true });
  const reply = await createMessage(tx, {
    id: newUuid(), accountId: inbound.accountId, conversationId: inbound.conversationId, contactId: inbound.contactId, numberId: inbound.numberId,
    direction: 'outbound', kind: 'keyword_reply', from: inbound.to, to: inbound.from, body: enc.body, encoding: enc.encoding, segments: enc.segments,
    status: 'queued', nextAttemptAt: new Date(), idempotencyKey: `keyword-reply:${inbound.id}`, provider: inbound.provider === 'simulator' ? 'simulator' : inbound.provider,
    keyword: answers,
  }, 'system');
  if (refused) await changeStatuses(tx, [{ id: reply.id, accountId: reply.accountId, from: 'queued', to: 'canceled', errorCode: refused.code, errorMessage: refused.message }], 'system');
}

/** The receiving account's own message with this carrier id: a carrier id never reaches another account's row. */
async function duplicateOf(ctx: Ctx, accountId: string, provider: string, providerMessageId: string) {
  const message = await repo.findByProviderId(ctx.db, accountId, provider, providerMessageId);
  if (!message) throw new Error('unique violation on messages_provider_uq without a row of this account');
  return { message, conversationId: message.conversationId!, keyword: message.keyword as Keyword | null, duplicate: true };
}

/** The inbound message a carrier delivered with this id (a simulated text, once our webhook took it). */
export async function inboundResult(ctx: Ctx, accountId: string, provider: string, providerMessageId: string) {
  const message = await repo.findByProviderId(ctx.db, accountId, provider, providerMessageId);
  if (!message) throw new AppError(502, 'carrier_unavailable', 'The carrier delivered the text, but it was not stored (is the number on this connection?).');
  return { message, conversationId: message.conversationId!, keyword: message.keyword as Keyword | null };
}
