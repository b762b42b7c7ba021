import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { newUuid } from '../../lib/ids.js';
import { recordConsent, type ConsentEvidence } from '../consent/consent.service.js';
import { applySignupDetails } from '../contacts/contacts.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { REPLY_CONFIRM_TTL_MS, confirmationText, couldBeJoinWord, isConfirmReply, matchJoinWord, replyPromptText } from './growth-rules.js';
import * as repo from './growth.repo.js';

export interface SignupOptIn {
  accountId: string;
  contactId: string;
  phone: string;
  source: 'keyword' | 'web_form';
  evidence: Record<string, unknown>;
  tags: string[];
  firstName?: string | null;
  lastName?: string | null;
}

/**
 * Records the opt-in of a sign-up (keyword or form) in the caller's transaction: the consent
 * event with its evidence, the contact's tags and name, and the outbox event.
 */
export async function recordSignupOptIn(ctx: Ctx, tx: Db, s: SignupOptIn) {
  const label = s.source === 'keyword' ? `keyword ${String(s.evidence.keyword ?? '')}`.trim() : 'sign-up form';
  await recordConsent(ctx, tx, s.accountId, { type: 'system', id: null, label }, [
    { contactId: s.contactId, phone: s.phone, kind: 'opt_in', source: s.source, evidence: s.evidence as ConsentEvidence },
  ]);
  await applySignupDetails(tx, s.accountId, s.contactId, { tags: s.tags, firstName: s.firstName, lastName: s.lastName });
  await appendEvents(tx, [{ accountId: s.accountId, type: 'contact.opted_in', subjectId: s.contactId, payload: { contactId: s.contactId, source: s.source } }]);
}

/** Names a pending form sign-up keeps for its contact; they are not consent evidence. */
const NAME_KEYS = ['firstName', 'lastName'] as const;

/** Confirms a pending opt-in (its Y reply or its code): closes it, opts the person in, answers the CTIA confirmation text. */
export async function confirmPending(ctx: Ctx, tx: Db, p: repo.PendingRow, how: { by: 'reply' | 'code'; messageId?: string }, businessName: string): Promise<string> {
  const now = ctx.now();
  await repo.closePending(tx, p.accountId, p.id, now);
  const { firstName, lastName, ...evidence } = p.evidence as Record<string, unknown> & Partial<Record<(typeof NAME_KEYS)[number], string>>;
  await recordSignupOptIn(ctx, tx, {
    accountId: p.accountId, contactId: p.contactId, phone: p.phone, source: p.source as SignupOptIn['source'], tags: p.tags, firstName, lastName,
    evidence: { ...evidence, requestedAt: p.createdAt.toISOString(), confirmedBy: how.by, ...(how.messageId ? { confirmMessageId: how.messageId } : {}) },
  });
  return confirmationText({ businessName, programName: p.programName, frequency: p.frequency });
}

/** An inbound text as the messaging module took it (stored, in its transaction). */
export interface InboundText {
  account: { id: string; name: string };
  number: { id: string; phoneNumber: string };
  contactId: string;
  phone: string;
  messageId: string;
  body: string;
  /** The built-in or number keyword messaging found in it, if any. */
  keywordKind: string | null;
}

/**
 * What growth did with an inbound text: the reply to send (instead of messaging's own keyword
 * handling); `optedIn`: the reply confirms an opt-in this text recorded (a statutory opt-in
 * confirmation), else it asks for a Y.
 */
export interface GrowthAnswer { reply: string; joined: string | null; optedIn: boolean }

/**
 * Join keywords and confirmations of pending opt-ins. Y or YES confirms the number's open
 * reply-confirmed opt-in (within 24 h); a join keyword opts in at once, or — with double opt-in —
 * asks for that Y. STOP and HELP are never taken. Null: not growth's text.
 */
export async function growthInbound(ctx: Ctx, tx: Db, t: InboundText): Promise<GrowthAnswer | null> {
  if (t.keywordKind === 'opt_out') {
    // STOP also withdraws a sign-up waiting for its Y: a later Y opts nobody in.
    await repo.closeOpenFor(tx, t.account.id, t.phone, ctx.now());
    return null;
  }
  if (t.keywordKind === 'help') return null;
  if (isConfirmReply(t.body)) {
    const p = await repo.openReplyPending(tx, t.account.id, t.phone, ctx.now());
    if (p) return { reply: await confirmPending(ctx, tx, p, { by: 'reply', messageId: t.messageId }, t.account.name), joined: null, optedIn: true };
  }
  if (t.keywordKind || !couldBeJoinWord(t.body)) return null;
  const keywords = await repo.keywordsForNumber(tx, t.account.id, t.number.id);
  const word = matchJoinWord(t.body, keywords.map((k) => k.word));
  const k = word ? keywords.find((x) => x.word === word)! : null;
  if (!k) return null;
  const program = { businessName: t.account.name, programName: k.programName, frequency: k.frequency };
  const evidence = { keyword: k.word, number: t.number.phoneNumber, messageId: t.messageId, wording: t.body.slice(0, 500), programName: k.programName };
  if (!k.doubleOptIn) {
    await recordSignupOptIn(ctx, tx, { accountId: t.account.id, contactId: t.contactId, phone: t.phone, source: 'keyword', evidence, tags: k.tags });
    return { reply: confirmationText(program), joined: k.word, optedIn: true };
  }
  const now = ctx.now();
  await repo.closeOpenFor(tx, t.account.id, t.phone, now);
  await repo.insertPending(tx, {
    id: newUuid(), accountId: t.account.id, contactId: t.contactId, phone: t.phone, source: 'keyword', confirmBy: 'reply', keywordId: k.id, numberId: t.number.id,
    programName: k.programName, frequency: k.frequency, tags: k.tags, evidence, createdAt: now, expiresAt: new Date(now.getTime() + REPLY_CONFIRM_TTL_MS),
  });
  return { reply: replyPromptText(program), joined: k.word, optedIn: false };
}

/** Drops what the sign-ups no longer need: pending opt-ins a day after they closed or expired, and old rate-limit windows. */
export async function purgeGrowth(ctx: Ctx) {
  const before = new Date(ctx.now().getTime() - 24 * 3_600_000);
  return { pending: await repo.purgePending(ctx.db, before), throttle: await repo.purgeThrottle(ctx.db, before) };
}
