/**
 * The hosted sign-up form's public side: the page's data, a sign-up (code or reply Y texted
 * from the account's number) and its confirmation by code. No session: a signed page token
 * (the page was rendered here, recently), the Origin check of public writes, and per-IP and
 * per-phone limits keep it from being abused.
 */
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { AppError, badRequest, notFound, tooManyRequests, unprocessable } from '../../lib/errors.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import { hashToken, safeEqual } from '../../lib/tokens.js';
import { findAccount } from '../accounts/account.service.js';
import { assertPublicRecipient } from '../accounts/destinations.service.js';
import { isSuppressed, phoneHash } from '../consent/consent.service.js';
import { contactFor, phoneOrThrow } from '../contacts/contacts.service.js';
import { CODE_MAX_ATTEMPTS, CODE_TTL_MS, FORM_LIMITS, clientNetwork, FORM_TOKEN_TTL_MS, REPLY_CONFIRM_TTL_MS, codeText, newCode, replyPromptText } from './growth-rules.js';
import type { GrowthPorts } from './growth.types.js';
import * as repo from './growth.repo.js';
import { confirmPending } from './optins.service.js';

export interface JoinMeta { ip: string | null; userAgent: string | null; url: string }

const sign = (ctx: Ctx, what: string) => hashToken(ctx.config.secretKey, what);

/**
 * The token a rendered page carries: when it was rendered and, when another site framed it, that
 * site's origin (from the Referer of the page load) — signed for this form, so neither can be forged.
 */
export function pageToken(ctx: Ctx, formId: string, embeddedIn: string | null = null): string {
  const at = ctx.now().getTime();
  const via = embeddedIn ? Buffer.from(embeddedIn).toString('base64url') : '';
  return `${at}.${via}.${sign(ctx, `join-page:${formId}:${at}:${via}`)}`;
}

/** A fresh token for a page shown again (after a refused sign-up), keeping the embedding site of a valid one. */
export const refreshPageToken = (ctx: Ctx, formId: string, old: string) => pageToken(ctx, formId, readPageToken(ctx, formId, old)?.embeddedIn ?? null);

/** The page token's embedding site ('' when none), or null when the token is forged or too old. */
function readPageToken(ctx: Ctx, formId: string, token: string): { embeddedIn: string | null } | null {
  const [at, via, mac] = token.split('.');
  const ms = Number(at);
  if (!Number.isSafeInteger(ms) || via === undefined || !mac || !safeEqual(mac, sign(ctx, `join-page:${formId}:${ms}:${via}`))) return null;
  const age = ctx.now().getTime() - ms;
  if (age < -60_000 || age > FORM_TOKEN_TTL_MS) return null;
  return { embeddedIn: via ? Buffer.from(via, 'base64url').toString() : null };
}

const ticketOf = (ctx: Ctx, pendingId: string) => `${pendingId}.${sign(ctx, `join-ticket:${pendingId}`)}`;
function pendingIdOf(ctx: Ctx, ticket: string): string | null {
  const [id, mac] = ticket.split('.');
  return id && mac && /^[0-9a-f-]{36}$/.test(id) && safeEqual(mac, sign(ctx, `join-ticket:${id}`)) ? id : null;
}
const codeHash = (ctx: Ctx, pendingId: string, code: string) => sign(ctx, `join-code:${pendingId}:${code}`);

export type PublicForm = NonNullable<Awaited<ReturnType<typeof publicForm>>>;

/** The enabled form of a slug with its account (an inactive account's form is gone too), or null. */
export async function publicForm(ctx: Ctx, slug: string) {
  const form = /^[a-z0-9-]{1,40}$/.test(slug) ? await repo.formBySlug(ctx.db, slug) : null;
  if (!form?.enabled) return null;
  const account = await findAccount(ctx, form.accountId);
  return account && account.status === 'active' ? { form, account } : null;
}

/**
 * The active account whose sign-up form has (or had) this address, whether the form is switched on
 * or not: the business's privacy page lives at it (published in its privacy policy), and switching
 * the sign-up form off must not take that page down.
 */
export async function accountOfFormSlug(ctx: Ctx, slug: string) {
  const form = /^[a-z0-9-]{1,40}$/.test(slug) ? await repo.formBySlug(ctx.db, slug) : null;
  if (!form) return null;
  const account = await findAccount(ctx, form.accountId);
  return account && account.status === 'active' ? account : null;
}

async function formOrThrow(ctx: Ctx, slug: string) {
  const found = await publicForm(ctx, slug);
  if (!found) throw notFound('Sign-up form');
  return found;
}

/**
 * Counts the attempt against the caller's (clientNetwork) and the phone's limits and, when within
 * both, against the form's own hourly cap (so one caller refused cannot use the cap up alone) —
 * committed even when the sign-up fails later. Each count is one atomic upsert.
 */
async function throttle(ctx: Ctx, accountId: string, ip: string | null, e164: string) {
  const now = ctx.now();
  const [byIp, byPhone, byAccount] = await withTx(ctx.db, async (tx) => {
    const caller = ip ? await repo.hit(tx, accountId, `ip:${sign(ctx, `ip:${clientNetwork(ip)}`)}`, now, FORM_LIMITS.windowMs) : 0;
    const phone = await repo.hit(tx, accountId, `phone:${phoneHash(ctx, e164)}`, now, FORM_LIMITS.windowMs);
    const all = caller > FORM_LIMITS.perIp || phone > FORM_LIMITS.perPhone ? 0 : await repo.hit(tx, accountId, 'account', now, FORM_LIMITS.windowMs);
    return [caller, phone, all];
  });
  const retry = Math.ceil(FORM_LIMITS.windowMs / 1000);
  if (byIp > FORM_LIMITS.perIp || byPhone > FORM_LIMITS.perPhone) throw tooManyRequests('Too many sign-ups from here or for this phone number. Try again later.', retry);
  if (byAccount > FORM_LIMITS.perAccount) throw tooManyRequests('This sign-up form is taking no more sign-ups this hour. Try again later.', retry);
}

const splitName = (name: string | undefined) => {
  const parts = (name ?? '').trim().replace(/\s+/g, ' ').split(' ').filter(Boolean);
  return { firstName: parts[0] ?? null, lastName: parts.length > 1 ? parts.slice(1).join(' ') : null };
};

export interface JoinInput { phone: string; name?: string; consent?: unknown; token: string }

/**
 * A sign-up: checks the page token, the ticked consent and the phone, counts it against the
 * limits, keeps a pending opt-in with its evidence, and texts the code (or the "Reply Y"
 * question) from the form's number. A suppressed number gets no text, and the same answer.
 */
export async function submitJoin(ctx: Ctx, ports: GrowthPorts, slug: string, input: JoinInput, meta: JoinMeta, found?: PublicForm) {
  const { form, account } = found ?? (await formOrThrow(ctx, slug));
  const page = readPageToken(ctx, form.id, input.token);
  if (!page) throw badRequest('form_expired', 'This page is too old or was not loaded from this site: reload it and try again.', { field: 'token' });
  if (!input.consent) throw unprocessable('consent_required', 'Tick the box to agree to receive texts.', { field: 'consent' });
  const phone = phoneOrThrow(input.phone, account.defaultCountry);
  if (phone.type === 'fixed_line') throw unprocessable('landline_number', 'This is a landline: enter a mobile number that can receive texts.', { field: 'phone' });
  assertPublicRecipient(account, phone);
  await throttle(ctx, account.id, meta.ip, phone.e164);
  // The form's number, or (none set, or released since) the account's first.
  const number = (form.numberId ? await ports.numberById(ctx.db, account.id, form.numberId) : null) ?? (await ports.numberById(ctx.db, account.id, null));
  if (!number) throw new AppError(503, 'form_unavailable', 'This sign-up form cannot send texts right now.');
  const byCode = form.confirmBy === 'code';
  const program = { businessName: account.name, programName: form.programName, frequency: form.frequency };
  const suppressed = await isSuppressed(ctx, ctx.db, account.id, phone.e164);
  const now = ctx.now();
  const id = newUuid();
  const code = byCode ? newCode() : null;
  await withTx(ctx.db, async (tx) => {
    const contact = await contactFor(ctx, tx, { accountId: account.id, account }, phone, suppressed);
    await repo.closeOpenFor(tx, account.id, phone.e164, now);
    await repo.insertPending(tx, {
      id, accountId: account.id, contactId: contact.id, phone: phone.e164, source: 'web_form', confirmBy: form.confirmBy, codeHash: code ? codeHash(ctx, id, code) : null,
      formId: form.id, numberId: number.id, programName: form.programName, frequency: form.frequency, tags: form.tags,
      evidence: {
        wording: form.consentWording, formId: toPublicId('signupForm', form.id), formVersion: form.version, url: meta.url, ...(page.embeddedIn ? { embeddedIn: page.embeddedIn } : {}), ip: meta.ip, userAgent: meta.userAgent,
        number: number.phoneNumber, ...(form.askName ? splitName(input.name) : {}),
      },
      createdAt: now, expiresAt: new Date(now.getTime() + (byCode ? CODE_TTL_MS : REPLY_CONFIRM_TTL_MS)),
    });
    if (suppressed) return;
    await ports.queueText(ctx, tx, { accountId: account.id, numberId: number.id, contactId: contact.id, to: phone.e164, body: code ? codeText(program, code) : replyPromptText(program), key: `signup:${id}`, private: !!code });
  });
  return byCode ? { status: 'code_sent' as const, ticket: ticketOf(ctx, id) } : { status: 'reply_requested' as const };
}

const expired = () => unprocessable('code_expired', 'This code has expired or was replaced by a newer one: start again to get a new code.', { field: 'code' });

/** Confirms a code sign-up: the right code within 10 minutes and 5 tries opts the person in and texts the confirmation. */
export async function confirmJoin(ctx: Ctx, ports: GrowthPorts, slug: string, input: { ticket: string; code: string }, found?: PublicForm) {
  const { form, account } = found ?? (await formOrThrow(ctx, slug));
  const id = pendingIdOf(ctx, input.ticket);
  if (!id) throw badRequest('invalid_ticket', 'This confirmation link is not valid: start again.', { field: 'ticket' });
  const code = input.code.replace(/\s+/g, '');
  const outcome = await withTx(ctx.db, async (tx) => {
    const p = await repo.findPendingForUpdate(tx, account.id, id);
    if (!p || p.formId !== form.id || p.confirmBy !== 'code' || !p.codeHash) return 'invalid' as const;
    if (p.closedAt || p.expiresAt.getTime() <= ctx.now().getTime()) return 'expired' as const;
    if (!safeEqual(codeHash(ctx, p.id, code), p.codeHash)) {
      const attempts = p.attempts + 1;
      await repo.setAttempts(tx, account.id, p.id, attempts, attempts >= CODE_MAX_ATTEMPTS ? ctx.now() : null);
      return { wrong: CODE_MAX_ATTEMPTS - attempts };
    }
    const text = await confirmPending(ctx, tx, p, { by: 'code' }, account.name);
    // From the number that sent the code (or, released since, the account's first; none: no text, the opt-in stands).
    const number = (p.numberId ? await ports.numberById(tx, account.id, p.numberId) : null) ?? (await ports.numberById(tx, account.id, null));
    if (number) await ports.queueText(ctx, tx, { accountId: account.id, numberId: number.id, contactId: p.contactId, to: p.phone, body: text, key: `signup-confirmed:${p.id}` });
    return 'subscribed' as const;
  });
  if (outcome === 'invalid') throw badRequest('invalid_ticket', 'This confirmation link is not valid: start again.', { field: 'ticket' });
  if (outcome === 'expired') throw expired();
  if (typeof outcome === 'object') {
    if (outcome.wrong <= 0) throw tooManyRequests('Too many wrong codes: start again to get a new code.', 0);
    throw unprocessable('wrong_code', `That code is not right. ${outcome.wrong} ${outcome.wrong === 1 ? 'try' : 'tries'} left.`, { field: 'code', attemptsLeft: outcome.wrong });
  }
  return { status: 'subscribed' as const };
}

/** The site a page load came from when another site framed or linked it (the Referer's origin), else null. */
export function embeddingSite(ctx: Ctx, referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const origin = new URL(referer).origin;
    return origin === 'null' || origin === new URL(ctx.config.publicUrl).origin ? null : origin.slice(0, 200);
  } catch {
    return null;
  }
}
