/**
 * The business's public privacy page (`/privacy/:slug`): an end customer proves their number
 * with a 6-digit code texted from the business's number, then asks for access (a download at
 * once), correction, deletion (both queued for the business), or opt-out of everything (at
 * once). No session: a signed page token, the Origin check of public writes, per-IP and
 * per-number limits, 5 tries per code then a 15-minute cool-down, codes hashed, 10 minutes.
 *
 * No enumeration: a number the business does not hold gets the same answer (a code row is kept,
 * no text is sent — its text is written and undone, the same statements either way — and no code
 * ever matches it); the page says "if we hold this number".
 * A number that texted STOP still gets its code (a reply to the person's own request, like HELP),
 * so an opted-out person can still ask for deletion.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { AppError, badRequest, notFound, tooManyRequests, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid } from '../../lib/ids.js';
import { hashToken, randomToken, safeEqual } from '../../lib/tokens.js';
import { findAccount } from '../accounts/account.service.js';
import { assertPublicRecipient } from '../accounts/destinations.service.js';
import { type RequestMeta } from '../audit/audit.service.js';
import { phoneHash } from '../consent/consent.service.js';
import { contactByPhone, phoneOrThrow } from '../contacts/contacts.service.js';
import { accessScratchDir, writeContactExport } from '../exports/contact-export.js';
import { clientNetwork, newCode } from '../growth/growth-rules.js';
import { accountOfFormSlug } from '../growth/join.service.js';
import { defaultRegime, dueDate, type RequestType } from './deadlines.js';
import type { DataRequestPorts } from './data-requests.types.js';
import * as repo from './data-requests.repo.js';
import { moveStatus, optOut, recordStep } from './data-requests.service.js';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
export const COOL_DOWN_MS = 15 * 60_000;
/** After a right code, the person has this long to choose what to ask (and download). */
export const VERIFIED_TTL_MS = 30 * 60_000;
export const PAGE_TOKEN_TTL_MS = 2 * 3_600_000;
/** Codes asked in one window: per number, per caller (an IPv4 address, an IPv6 /64), and per business from everywhere. */
export const LIMITS = { perPhone: 3, perIp: 10, perAccount: 100, windowMs: 3_600_000 } as const;

const PERSON = { type: 'anonymous' as const, id: null, label: 'the person (privacy page, number verified by code)' };
const sign = (ctx: Ctx, what: string) => hashToken(ctx.config.secretKey, what);

export type PublicAccount = NonNullable<Awaited<ReturnType<typeof pageAccount>>>;

/** The account a page address names: its sign-up form's slug, or its public account id; null when none (or not active). */
export async function pageAccount(ctx: Ctx, slug: string) {
  if (slug.startsWith('acct_')) {
    const id = fromPublicId('account', slug);
    const account = id ? await findAccount(ctx, id) : null;
    return account && account.status === 'active' ? account : null;
  }
  return accountOfFormSlug(ctx, slug); // also while the sign-up form is switched off: the page stays where it was published
}

export async function pageAccountOrThrow(ctx: Ctx, slug: string) {
  const a = await pageAccount(ctx, slug);
  if (!a) throw notFound('Privacy page');
  return a;
}

/** The page token: when the page was rendered, signed for this account. */
export function pageToken(ctx: Ctx, accountId: string) {
  const at = ctx.now().getTime();
  return `${at}.${sign(ctx, `privacy-page:${accountId}:${at}`)}`;
}
function pageTokenValid(ctx: Ctx, accountId: string, token: string) {
  const [at, mac] = token.split('.');
  const ms = Number(at);
  if (!Number.isSafeInteger(ms) || !mac || !safeEqual(mac, sign(ctx, `privacy-page:${accountId}:${ms}`))) return false;
  const age = ctx.now().getTime() - ms;
  return age >= -60_000 && age <= PAGE_TOKEN_TTL_MS;
}

const ticketOf = (ctx: Ctx, id: string) => `${id}.${sign(ctx, `privacy-ticket:${id}`)}`;
function codeIdOf(ctx: Ctx, ticket: string) {
  const [id, mac] = ticket.split('.');
  return id && mac && /^[0-9a-f-]{36}$/.test(id) && safeEqual(mac, sign(ctx, `privacy-ticket:${id}`)) ? id : null;
}
const codeHash = (ctx: Ctx, id: string, code: string) => sign(ctx, `privacy-code:${id}:${code}`);
const invalidTicket = () => badRequest('invalid_ticket', 'This page is no longer valid: start again.', { field: 'ticket' });

/** Undoes the code's text to a number the business does not hold (thrown inside its savepoint). */
class NotSent extends Error {}

export const codeText = (business: string, code: string) =>
  `${business}: your privacy request code is ${code}. It expires in ${CODE_TTL_MS / 60_000} minutes. If you did not ask for it, ignore this text.`;

/**
 * Step 1: the number. Counts against the limits, keeps a code row, and texts the code when the
 * business holds the number. The answer is the same either way.
 */
export async function startVerification(ctx: Ctx, ports: DataRequestPorts, account: PublicAccount, input: { phone: string; token: string }, meta: RequestMeta) {
  if (!pageTokenValid(ctx, account.id, input.token)) throw badRequest('form_expired', 'This page is too old or was not loaded from this site: reload it and try again.', { field: 'token' });
  const phone = phoneOrThrow(input.phone, account.defaultCountry);
  assertPublicRecipient(account, phone); // before any look-up: the same answer whether the business holds the number or not
  const now = ctx.now();
  const hash = phoneHash(ctx, phone.e164);
  const ipHash = meta.ip ? sign(ctx, `ip:${clientNetwork(meta.ip)}`) : null;
  const sender = await ports.sender(ctx.db, account.id);
  if (!sender) throw new AppError(503, 'page_unavailable', 'This business cannot send texts right now: contact it directly.');
  const contact = await contactByPhone(ctx.db, account.id, phone.e164);
  const id = newUuid();
  // Unknown numbers get a code too (never sent, never stored): the same work and the same answer.
  const code = contact ? newCode() : randomToken(8);
  const hashed = codeHash(ctx, id, code);
  await withTx(ctx.db, async (tx) => {
    // The limits are read and the code row written under one lock per account: concurrent requests wait their turn.
    await repo.lockCodeRequests(tx, account.id);
    const activity = await repo.codeActivity(tx, account.id, hash, ipHash, new Date(now.getTime() - Math.max(LIMITS.windowMs, COOL_DOWN_MS)));
    if (activity.lockedUntil && activity.lockedUntil.getTime() > now.getTime()) {
      throw tooManyRequests('Too many wrong codes for this number. Try again later.', Math.ceil((activity.lockedUntil.getTime() - now.getTime()) / 1000));
    }
    if (activity.byPhone >= LIMITS.perPhone || activity.byIp >= LIMITS.perIp) throw tooManyRequests('Too many codes asked from here or for this number. Try again later.', LIMITS.windowMs / 1000);
    if (activity.byAccount >= LIMITS.perAccount) throw tooManyRequests('This page is taking no more requests this hour: try again later, or contact the business directly.', LIMITS.windowMs / 1000);
    await repo.insertCode(tx, { id, accountId: account.id, phone: phone.e164, phoneHash: hash, ipHash, contactId: contact?.id ?? null, codeHash: contact ? hashed : null, expiresAt: new Date(now.getTime() + CODE_TTL_MS), createdAt: now });
    // The text of the code, in a savepoint: kept for a number the business holds; for one it does not, the same statements
    // run and are undone — the two answers take the same path, so their timing tells no one whether the business holds the number.
    try {
      await withTx(tx, async (sp) => {
        await ports.queueText(ctx, sp, { accountId: account.id, numberId: sender.id, contactId: contact?.id ?? null, to: phone.e164, body: codeText(account.name, code), key: `privacy-code:${id}` });
        if (!contact) throw new NotSent();
      });
    } catch (err) {
      if (!(err instanceof NotSent)) throw err;
    }
  });
  return { status: 'code_sent' as const, ticket: ticketOf(ctx, id) };
}

/** Step 2: the code. 5 wrong tries lock the number for 15 minutes; a right one opens the choices for 30 minutes. */
export async function verifyCode(ctx: Ctx, account: PublicAccount, input: { ticket: string; code: string }) {
  const id = codeIdOf(ctx, input.ticket);
  if (!id) throw invalidTicket();
  const code = input.code.replace(/\s+/g, '');
  const now = ctx.now();
  const outcome = await withTx(ctx.db, async (tx) => {
    const c = await repo.findCode(tx, account.id, id, { lock: true });
    if (!c) return 'invalid' as const;
    if (c.attempts >= CODE_MAX_ATTEMPTS) return { locked: c.lockedUntil ?? now, left: 0 }; // a locked code stays dead: start again after the cool-down
    if (c.verifiedAt) return 'verified' as const;
    if (c.expiresAt.getTime() <= now.getTime()) return 'expired' as const;
    // Compared even without a code (unknown number): the same work, never a match.
    const right = safeEqual(codeHash(ctx, c.id, code), c.codeHash ?? codeHash(ctx, c.id, randomToken(8))) && c.codeHash !== null;
    if (right) {
      await repo.updateCode(tx, account.id, c.id, { verifiedAt: now });
      return 'verified' as const;
    }
    const attempts = c.attempts + 1;
    const lockedUntil = attempts >= CODE_MAX_ATTEMPTS ? new Date(now.getTime() + COOL_DOWN_MS) : null;
    await repo.updateCode(tx, account.id, c.id, { attempts, lockedUntil });
    return { locked: lockedUntil, left: CODE_MAX_ATTEMPTS - attempts };
  });
  if (outcome === 'invalid') throw invalidTicket();
  if (outcome === 'expired') throw unprocessable('code_expired', 'This code has expired: start again to get a new one.', { field: 'code' });
  if (outcome === 'verified') return { status: 'verified' as const, ticket: input.ticket };
  if (outcome.locked) throw tooManyRequests('Too many wrong codes. Try again in 15 minutes.', Math.max(0, Math.ceil((outcome.locked.getTime() - now.getTime()) / 1000)));
  throw unprocessable('wrong_code', `That code is not right. ${outcome.left} ${outcome.left === 1 ? 'try' : 'tries'} left.`, { field: 'code', attemptsLeft: outcome.left });
}

/** The verified number behind a ticket (still within its 30 minutes), or a 4xx. */
async function verifiedCode(ctx: Ctx, account: PublicAccount, ticket: string) {
  const id = codeIdOf(ctx, ticket);
  const c = id ? await repo.findCode(ctx.db, account.id, id) : null;
  if (!c || !c.verifiedAt || !c.phone) throw invalidTicket();
  if (c.verifiedAt.getTime() + VERIFIED_TTL_MS <= ctx.now().getTime()) throw unprocessable('session_expired', 'This page has expired: start again to get a new code.', { field: 'ticket' });
  return { ...c, phone: c.phone, verifiedAt: c.verifiedAt };
}

export interface ChoiceInput { ticket: string; type: RequestType; text?: string; firstName?: string; lastName?: string; email?: string }
const clean = (s: string | undefined, max: number) => (s?.trim() ? s.trim().slice(0, max) : null);

/**
 * Step 3: what the person asks. Access and opt-out are done at once (the request is recorded as
 * completed); correction and deletion wait in the business's queue, verified.
 */
export async function submitChoice(ctx: Ctx, ports: DataRequestPorts, account: PublicAccount, input: ChoiceInput, meta: RequestMeta & { url: string }) {
  const c = await verifiedCode(ctx, account, input.ticket);
  const email = clean(input.email, 254);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw unprocessable('invalid_email', 'This is not an email address.', { field: 'email' });
  const correction = input.type === 'correction' ? { text: clean(input.text, 2000) ?? undefined, firstName: clean(input.firstName, 100), lastName: clean(input.lastName, 100), email } : null;
  if (correction && !correction.text && !correction.firstName && !correction.lastName && !correction.email) {
    throw unprocessable('correction_empty', 'Say what to correct, or give the new name or email.', { field: 'text' });
  }
  const now = ctx.now();
  const regime = defaultRegime(account.defaultCountry);
  const id = newUuid();
  const request = await withTx(ctx.db, async (tx) => {
    // One request of a kind per person at a time: the check and the insert under one lock of this number and kind, so the
    // same request sent twice at once (a double click, a retried post) is one request — the second answer names the first.
    // Open ones (correction, deletion) until they close; access and opt-out, done at once, for the 30 minutes of this code.
    await repo.lockPersonRequests(tx, account.id, c.phoneHash, input.type);
    const existing = (await repo.openRequestOf(tx, account.id, c.phoneHash, input.type))
      ?? (input.type === 'access' || input.type === 'opt_out' ? await repo.latestRequestOf(tx, account.id, c.phoneHash, input.type, c.verifiedAt) : null);
    if (existing) return existing;
    if (input.type === 'opt_out') await optOut({ ...ctx, db: tx }, account.id, { id, phone: c.phone }, PERSON, 'web_form', meta);
    let r = await repo.insertRequest(tx, {
      id, accountId: account.id, type: input.type, channel: 'web', regime, status: 'received', phone: c.phone, phoneHash: c.phoneHash,
      email: input.type === 'correction' ? null : email, contactId: c.contactId, correction, receivedAt: now, dueAt: dueDate(now, regime), createdAt: now, updatedAt: now,
    });
    await recordStep(tx, r, { action: 'created', to: 'received', reason: 'asked on the privacy page', actor: PERSON, meta, at: now });
    r = await moveStatus(ctx, ports, tx, account, r, 'verified', { reason: 'code texted to the number was entered', answer: null, actor: PERSON, meta, at: now, verifiedBy: 'sms_code' });
    if (input.type === 'access' || input.type === 'opt_out') {
      const answer = input.type === 'access' ? 'Your data was offered for download on the privacy page.' : 'You are opted out of all texts.';
      r = await moveStatus(ctx, ports, tx, account, r, 'completed', { reason: 'done at once on the privacy page', answer, actor: PERSON, meta, at: now, answeredOnPage: true });
    }
    return r;
  });
  return { request };
}

/**
 * The access download: the person's contact, messages and consent history with this business,
 * as the exports module writes one contact (ZIP of JSON + CSV), into a private temporary folder
 * that `cleanup` removes once the file was sent.
 */
export async function downloadData(ctx: Ctx, account: PublicAccount, ticket: string, meta: RequestMeta) {
  const c = await verifiedCode(ctx, account, ticket);
  // The download belongs to the access request made with this code (recorded, audited).
  const access = await repo.latestRequestOf(ctx.db, account.id, c.phoneHash, 'access', c.verifiedAt);
  if (!access) throw unprocessable('access_not_requested', 'Ask for a copy of your data first.', { field: 'ticket' });
  const contact = await contactByPhone(ctx.db, account.id, c.phone);
  if (!contact) throw unprocessable('no_data', `${account.name} holds no data for this number any more.`, { field: 'ticket' });
  const dir = await accessScratchDir(ctx); // in DATA_DIR: what a killed process leaves is swept
  const file = join(dir, 'my-data.zip');
  try {
    const { counts } = await writeContactExport(ctx, { accountId: account.id, contactId: contact.id, phone: c.phone }, file);
    const what = Object.entries(counts).map(([k, n]) => `${k}: ${n}`).join(', ');
    await withTx(ctx.db, (tx) => recordStep(tx, access, { action: 'downloaded', reason: what || null, actor: PERSON, meta, at: ctx.now() }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
