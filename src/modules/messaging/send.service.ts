import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid } from '../../lib/ids.js';
import type { CarrierKind } from '../../providers/carrier.js';
import { analysePhone } from '../../lib/phone.js';
import { isSuppressed, phoneHash } from '../consent/consent.service.js';
import { complianceSettingsOf } from '../compliance/compliance.service.js';
import { earliestSendTime, ruleFor } from '../consent/send-window.js';
import { nanpInfo } from '../contacts/area-codes.js';
import { contactFor, newContactFields } from '../contacts/contacts.service.js';
import { assertDestinationAllowed } from '../accounts/destinations.service.js';
import { prepareOutboundMedia, storeMessageMedia } from '../media/media.service.js';
import { openConversationFor, touchConversation } from '../conversations/conversations.service.js';
import { withSenderId, type SenderIdMode } from './compose.js';
import { textedContacts } from './compose.repo.js';
import { bodyProblem, encodeBody } from './encoding.js';
import * as repo from './messages.repo.js';
import { insertSend, type SendRow } from './send.repo.js';
import { assertTransition } from './status.js';
import { createMessage } from './status.service.js';
import { findNumber, listNumbers, type NumberRow } from './numbers.service.js';

export interface SendInput {
  from?: string;
  to: string;
  body: string;
  smartEncoding?: boolean;
  sendAt?: string;
  idempotencyKey?: string;
  /** Keyword replies go even to a suppressed number (DESIGN: STOP/HELP replies, exactly once). */
  kind?: 'conversational' | 'marketing' | 'keyword_reply';
  conversationId?: string;
  /** MMS: images fetched from these URLs (through the address guard) and/or uploads (`POST /v1/media`). */
  mediaUrls?: string[];
  mediaIds?: string[];
}

const MAX_SCHEDULE_MS = 35 * 24 * 3_600_000;
const BODY_MESSAGES = {
  empty_body: 'The message body is empty.',
  body_too_long: 'The message is longer than 10 segments (1,600 characters).',
  invalid_characters: 'The body contains characters that cannot be sent (a NUL or a lone surrogate).',
} as const;

async function sender(ctx: Ctx, auth: AuthContext, from: string | undefined): Promise<NumberRow> {
  if (from) {
    const n = await findNumber(ctx.db, auth.accountId, from.trim());
    if (!n) throw unprocessable('unknown_sender', 'The "from" number is not one of this account\'s numbers.', { field: 'from' });
    return n;
  }
  const [first] = await listNumbers(ctx.db, auth.accountId);
  if (!first) throw unprocessable('no_sender_number', 'The account has no sending number yet: get one first (POST /v1/numbers).');
  return first;
}

function recipient(to: string, country: string) {
  const p = analysePhone(to, country);
  if ('problem' in p) throw unprocessable('invalid_phone', 'The "to" number is not a valid phone number.', { field: 'to', reason: p.problem });
  if (p.type === 'fixed_line') throw unprocessable('landline_number', 'The "to" number is a landline and cannot receive texts.', { field: 'to' });
  return p;
}

function schedule(ctx: Ctx, sendAt: string | undefined): Date | null {
  if (!sendAt) return null;
  const at = new Date(sendAt);
  const now = ctx.now().getTime();
  if (Number.isNaN(at.getTime())) throw unprocessable('validation_failed', 'sendAt is not a date.', { field: 'sendAt' });
  if (at.getTime() < now - 1000) throw unprocessable('send_at_in_past', 'sendAt is in the past.', { field: 'sendAt' });
  if (at.getTime() > now + MAX_SCHEDULE_MS) throw unprocessable('send_at_too_far', 'sendAt may be at most 35 days ahead.', { field: 'sendAt' });
  return at;
}

const mediaCount = (i: SendInput) => (i.mediaUrls?.length ?? 0) + (i.mediaIds?.length ?? 0);
const requestHash = (i: SendInput) => createHash('sha256').update(JSON.stringify([
  i.from ?? null, i.to, i.body, i.smartEncoding ?? false, i.sendAt ?? null, ...(mediaCount(i) ? [i.mediaUrls ?? [], i.mediaIds ?? []] : []),
])).digest('hex');

/** A number whose carrier cannot carry MMS refuses media at send time (SMPP, the built-in simulator); campaigns check their senders with it too. */
export function assertCanCarryMedia(ctx: Ctx, number: { provider: string }) {
  if (ctx.carriers.get(number.provider as CarrierKind)?.capabilities?.mms === true) return;
  throw unprocessable('mms_not_supported', `The sending number's carrier connection (${number.provider}) cannot carry MMS: send text only, or send from a number on a connection that can (Twilio).`, { field: 'mediaUrls', provider: number.provider });
}

/**
 * The text that goes out, encoded: a marketing text gets the business name and "Reply STOP to opt
 * out" per the account's rule (compose.ts withSenderId; first message = the contact was never texted),
 * checked again once added (422 body_too_long).
 */
async function outgoingText(tx: Db, auth: AuthContext, input: SendInput, mode: SenderIdMode, contactId: string, mms: boolean) {
  if (mode === 'never') return encodeBody(input.body, { smartEncoding: input.smartEncoding });
  const firstMessage = mode === 'always' || !(await textedContacts(tx, auth.accountId, [contactId])).size;
  const text = mms && !input.body.trim() ? input.body : withSenderId({ body: input.body, businessName: auth.account.name, mode, firstMessage });
  const problem = bodyProblem(text, { smartEncoding: input.smartEncoding });
  if (problem && !(problem === 'empty_body' && mms)) throw unprocessable(problem, BODY_MESSAGES[problem], { field: 'body', withSenderId: text !== input.body });
  return encodeBody(text, { smartEncoding: input.smartEncoding });
}

/** A context from the key cache (AuthContext.recheck) is re-checked only by the one-statement send; every other path reads it afresh. */
const freshAuth = (auth: AuthContext) => (auth.recheck ? auth.recheck.refresh() : auth);

/**
 * A caller's step inside the send's own transaction, before the row is written, given the recipient's
 * contact: e.g. a bound counted under a lock, so that the count and the insert are one step (it throws
 * an AppError to refuse; nothing is written). A send with one always takes the general path.
 */
export interface SendOptions { beforeInsert?: (tx: Db, contactId: string) => Promise<void> }

/** Validates and queues one outbound text. Everything refused here leaves no row behind. */
export async function sendMessage(ctx: Ctx, callerAuth: AuthContext, input: SendInput, opts: SendOptions = {}): Promise<repo.MessageRow> {
  let auth = input.idempotencyKey ? await freshAuth(callerAuth) : callerAuth;
  // With an Idempotency-Key this lookup is a round trip of its own before the one-statement send (a keyed
  // batch — POST /v1/messages/batch — pays it per recipient); folding it into wm_send_plain is the next step.
  if (input.idempotencyKey) {
    const prior = await repo.findByIdempotencyKey(ctx.db, auth.accountId, input.idempotencyKey);
    if (prior) return sameRequestOrThrow(prior, input);
  }
  const problem = bodyProblem(input.body, { smartEncoding: input.smartEncoding });
  if (problem && !(problem === 'empty_body' && mediaCount(input))) {
    await freshAuth(auth); // a revoked key hears 401, not why its text was refused
    throw unprocessable(problem, BODY_MESSAGES[problem], { field: 'body' });
  }
  const plain = opts.beforeInsert ? null : await sendPlain(ctx, auth, input);
  if (plain === AUTH_CHANGED) return sendMessage(ctx, await auth.recheck!.refresh(), input, opts);
  if (plain) return plain;
  auth = await freshAuth(auth);
  const number = await sender(ctx, auth, input.from);
  if (mediaCount(input)) assertCanCarryMedia(ctx, number);
  const to = recipient(input.to, auth.account.defaultCountry);
  if (input.kind !== 'keyword_reply') assertDestinationAllowed(auth.account, to.country);
  const sendAt = schedule(ctx, input.sendAt);
  const kind = input.kind ?? (sendAt ? 'marketing' : 'conversational');
  const suppressed = await isSuppressed(ctx, ctx.db, auth.accountId, to.e164);
  if (suppressed && kind !== 'keyword_reply') {
    throw unprocessable('recipient_opted_out', 'The recipient opted out of texts from this account.', { field: 'to', twilioCode: 21610 });
  }
  const prepared = mediaCount(input) ? await prepareOutboundMedia(ctx, auth.accountId, input) : [];
  // Marketing texts keep the account's own sending hours too (on top of the statutory window), and its sender identification rule.
  const settings = kind === 'marketing' ? await complianceSettingsOf(ctx.db, auth.accountId) : null;
  const sendHours = settings?.sendHours ?? null;
  try {
    return await withTx(ctx.db, async (tx) => {
      const contact = await contactFor(ctx, tx, auth, to, suppressed);
      await opts.beforeInsert?.(tx, contact.id);
      const encoded = await outgoingText(tx, auth, input, settings?.senderId ?? 'never', contact.id, mediaCount(input) > 0);
      const conversation = await openConversationFor(tx, auth.accountId, contact.id, number.id);
      const zone = contact.timeZone ?? auth.account.timeZone;
      const due = sendAt ?? ctx.now();
      const media = prepared.length ? await storeMessageMedia(tx, auth.accountId, contact.id, prepared, auth.userId) : null;
      // Marketing: the recipient's window (and the account's hours); in Florida and Oklahoma at most 3 a day, counted by when they go.
      const region = nanpInfo(to.e164)?.region ?? null;
      const planned = kind === 'marketing' && ruleFor(region).maxPer24h !== null ? await repo.marketingMoments(tx, auth.accountId, contact.id, new Date(due.getTime() - 86_400_000)) : [];
      const at = kind === 'marketing' ? earliestSendTime(due, zone, region, 'marketing', planned, sendHours) : due;
      const m = await createMessage(tx, {
        id: newUuid(), accountId: auth.accountId, conversationId: conversation.id, contactId: contact.id, numberId: number.id,
        direction: 'outbound', kind, from: number.phoneNumber, to: to.e164, body: encoded.body, encoding: encoded.encoding,
        // An MMS is one message whatever its text's length (billed and throttled as one).
        segments: media ? 1 : encoded.segments, media,
        status: at.getTime() > ctx.now().getTime() + 1000 ? 'scheduled' : 'queued', nextAttemptAt: at, sendAt, idempotencyKey: input.idempotencyKey ?? null,
        requestHash: input.idempotencyKey ? requestHash(input) : null, createdBy: auth.userId, provider: number.provider,
      }, 'api');
      await touchConversation(tx, auth.accountId, conversation.id, 'outbound', ctx.now(), auth.partner?.partnerId ?? null);
      return m;
    });
  } catch (err) {
    if (input.idempotencyKey && isUniqueViolation(err, 'messages_idempotency_uq')) {
      return sameRequestOrThrow((await repo.findByIdempotencyKey(ctx.db, auth.accountId, input.idempotencyKey))!, input);
    }
    throw err;
  }
}

/**
 * The hot path (issue 12): a text that is not marketing and carries no media, to a valid recipient at a
 * valid time, is queued by ONE statement (send.repo.ts: number, suppression, contact, conversation,
 * message, its event and the SLA targets the reply meets) — the same rows and refusals as the general
 * path below, in one round trip. Null: not such a send (the general path handles it, refusals in their order).
 */
const AUTH_CHANGED = Symbol('auth changed');

async function sendPlain(ctx: Ctx, auth: AuthContext, input: SendInput): Promise<repo.MessageRow | typeof AUTH_CHANGED | null> {
  if (mediaCount(input)) return null;
  let to: ReturnType<typeof recipient>;
  let sendAt: Date | null;
  try {
    to = recipient(input.to, auth.account.defaultCountry);
    if (input.kind !== 'keyword_reply') assertDestinationAllowed(auth.account, to.country);
    sendAt = schedule(ctx, input.sendAt);
  } catch {
    return null; // refused: the general path says why, after the sender's own refusal as before
  }
  const kind = input.kind ?? (sendAt ? 'marketing' : 'conversational');
  if (kind === 'marketing') return null;
  const encoded = encodeBody(input.body, { smartEncoding: input.smartEncoding });
  const due = sendAt ?? ctx.now();
  const status = due.getTime() > ctx.now().getTime() + 1000 ? 'scheduled' : 'queued';
  assertTransition(null, status, 'outbound');
  const from = input.from ? input.from.trim() : null; // given (even blank: then no number matches), as sender() reads it
  const fromId = from ? fromPublicId('number', from) : null;
  const row: SendRow = {
    accountId: auth.accountId, numberId: fromId, numberE164: from !== null && !fromId ? from : null, phoneHash: phoneHash(ctx, to.e164), kind,
    contactId: newUuid(), to: to.e164, ...newContactFields(auth, to), conversationId: newUuid(), messageId: newUuid(),
    body: encoded.body, encoding: encoded.encoding, segments: encoded.segments, status, nextAttemptAt: due, sendAt,
    idempotencyKey: input.idempotencyKey ?? null, requestHash: input.idempotencyKey ? requestHash(input) : null, createdBy: auth.userId,
    at: ctx.now(), partnerId: auth.partner?.partnerId ?? null,
    recheck: auth.recheck ? { keyId: auth.recheck.keyId, accountVersion: auth.recheck.accountVersion, membershipVersion: auth.recheck.membershipVersion } : null,
  };
  try {
    // Empty only when a concurrent first text to the same number created its contact meanwhile: again, seeing it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await insertSend(ctx.database, row);
      if (!r.authOk) return AUTH_CHANGED; // nothing written: the caller authenticates afresh (401/403 as usual) and sends again
      if (!r.hasNumber) {
        if (from !== null) throw unprocessable('unknown_sender', 'The "from" number is not one of this account\'s numbers.', { field: 'from' });
        throw unprocessable('no_sender_number', 'The account has no sending number yet: get one first (POST /v1/numbers).');
      }
      if (r.suppressed && kind !== 'keyword_reply') {
        throw unprocessable('recipient_opted_out', 'The recipient opted out of texts from this account.', { field: 'to', twilioCode: 21610 });
      }
      if (r.message) return r.message;
    }
    return null;
  } catch (err) {
    if (input.idempotencyKey && isUniqueViolation(err, 'messages_idempotency_uq')) {
      return sameRequestOrThrow((await repo.findByIdempotencyKey(ctx.db, auth.accountId, input.idempotencyKey))!, input);
    }
    throw err;
  }
}

function sameRequestOrThrow(prior: repo.MessageRow, input: SendInput) {
  if (prior.requestHash !== requestHash(input)) {
    throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request.', { field: 'Idempotency-Key' });
  }
  return prior;
}
