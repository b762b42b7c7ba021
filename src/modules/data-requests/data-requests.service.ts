/**
 * The business's queue of data-subject requests: list, log one received by phone or email,
 * move it along its status trail, extend its due date once, close it (running the outcome:
 * erasure, correction, opt-out) and answer the person. Every step lands in the trail table and
 * the audit log.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { isIsoDateTime } from '../../lib/dates.js';
import { badRequest, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type Actor, type RequestMeta } from '../audit/audit.service.js';
import { phoneHash, recordConsent } from '../consent/consent.service.js';
import { contactByPhone, phoneOrThrow, updateContact } from '../contacts/contacts.service.js';
import { queueEmail } from '../email/email.service.js';
import { formSlugOf } from '../growth/forms.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { canMove, defaultAnswer, defaultRegime, dueDate, extendedDueDate, extensionNotice, isClosed, isOverdue, nothingHeldAnswer, type Regime, type RequestType, type Status } from './deadlines.js';
import type { DataRequestIn, DataRequestPatch, DataRequestQuery } from './data-requests.schema.js';
import { ANSWER_SUBJECT, STAFF_VERIFIED_REASON, type DataRequestPorts } from './data-requests.types.js';
import * as repo from './data-requests.repo.js';
import { eraseDataRequests } from './erasure.service.js';

type Row = repo.RequestRow;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function present(r: Row, now: Date, trail?: repo.RequestEventRow[]) {
  return {
    id: toPublicId('dataRequest', r.id), type: r.type as RequestType, channel: r.channel, regime: r.regime as Regime, status: r.status as Status,
    verified: r.verifiedBy !== null, verifiedBy: r.verifiedBy, phone: r.phone, email: r.email, contactId: r.contactId ? toPublicId('contact', r.contactId) : null,
    note: r.note, correction: r.correction ?? null, receivedAt: r.receivedAt.toISOString(), dueAt: r.dueAt.toISOString(), overdue: isOverdue(r, now),
    extendedAt: iso(r.extendedAt), extensionReason: r.extensionReason, denialReason: r.denialReason, answer: r.answer, answerChannels: r.answerChannels,
    answeredAt: iso(r.answeredAt), closedAt: iso(r.closedAt), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    ...(trail ? { trail: trail.map((e) => ({ action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, reason: e.reason, actor: { type: e.actorType, label: e.actorLabel }, at: e.at.toISOString() })) } : {}),
  };
}

/** One step of a request: its trail entry and its audit entry (never the person's number or email). */
export async function recordStep(
  tx: Db, r: { accountId: string; id: string; type: string },
  step: { action: string; from?: string | null; to?: string | null; reason?: string | null; actor: Actor; meta?: RequestMeta; at: Date },
) {
  await repo.insertEvent(tx, {
    id: newUuid(), accountId: r.accountId, requestId: r.id, action: step.action, fromStatus: step.from ?? null, toStatus: step.to ?? null,
    reason: step.reason ?? null, actorType: step.actor.type, actorLabel: step.actor.label, at: step.at,
  });
  await recordAudit(tx, {
    accountId: r.accountId, actor: step.actor, action: `data_request.${step.action}`, target: { type: 'data_request', id: r.id }, meta: step.meta,
    details: { type: r.type, ...(step.from ? { from: step.from } : {}), ...(step.to ? { to: step.to } : {}) },
  });
  const published = publishedStep(step);
  if (published) await appendEvents(tx, [{ accountId: r.accountId, type: published, subjectId: r.id, payload: { dataRequestId: r.id, type: r.type, status: step.to ?? null } }]);
}

/** The webhook event of a step (outbox): a request received, completed or denied; never the person's number or email. */
const publishedStep = (step: { action: string; to?: string | null }) =>
  step.action === 'created' ? 'data_request.received' : step.to === 'completed' || step.to === 'denied' ? `data_request.${step.to}` : null;

const encodeCursor = (r: Row) => Buffer.from(`${r.dueAt.toISOString()}|${r.id}`).toString('base64url');
function decodeCursor(s: string): repo.Cursor {
  const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
  if (!isIsoDateTime(at) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id ?? '')) throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  return { dueAt: new Date(at), id: id! };
}

export async function listRequests(ctx: Ctx, auth: AuthContext, q: z.infer<typeof DataRequestQuery>) {
  const now = ctx.now();
  const rows = await repo.listRequests(ctx.db, auth.accountId, { status: q.status, type: q.type, overdueAt: q.overdue === 'true' ? now : undefined }, q.cursor ? decodeCursor(q.cursor) : null, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { data: page.map((r) => present(r, now)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
}

async function findOr404(db: Db, accountId: string, publicId: string, lock = false) {
  const id = fromPublicId('dataRequest', publicId);
  const r = id ? await repo.findRequest(db, accountId, id, { lock }) : null;
  if (!r) throw notFound('Data request');
  return r;
}

export async function getRequest(ctx: Ctx, auth: AuthContext, publicId: string) {
  const r = await findOr404(ctx.db, auth.accountId, publicId);
  return present(r, ctx.now(), await repo.eventsOf(ctx.db, auth.accountId, r.id));
}

/** Logs a request the business received by phone or email; its due date counts from when it was received. */
export async function createRequest(ctx: Ctx, auth: AuthContext, input: z.infer<typeof DataRequestIn>, meta: RequestMeta) {
  if (!input.phone && !input.email) throw unprocessable('contact_required', 'Give the person\'s phone number or email, so the request can be answered.', { field: 'phone' });
  const now = ctx.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) throw unprocessable('received_in_future', 'receivedAt is in the future.', { field: 'receivedAt' });
  const phone = input.phone ? phoneOrThrow(input.phone, auth.account.defaultCountry) : null;
  const contact = phone ? await contactByPhone(ctx.db, auth.accountId, phone.e164) : null;
  const regime = input.regime ?? defaultRegime(auth.account.defaultCountry);
  const hash = phone ? phoneHash(ctx, phone.e164) : null;
  const r = await withTx(ctx.db, async (tx) => {
    await refuseOpenTwin(tx, auth.accountId, input.type, hash, input.email ?? null);
    const row = await repo.insertRequest(tx, {
      id: newUuid(), accountId: auth.accountId, type: input.type, channel: input.channel, regime, status: input.verified ? 'verified' : 'received',
      verifiedBy: input.verified ? 'staff' : null, phone: phone?.e164 ?? null, phoneHash: hash, email: input.email ?? null,
      contactId: contact?.id ?? null, note: input.note ?? null, correction: input.correction ?? null, receivedAt, dueAt: dueDate(receivedAt, regime), createdAt: now, updatedAt: now,
    });
    await recordStep(tx, row, { action: 'created', to: 'received', reason: `received by ${input.channel}`, actor: auth.actor, meta, at: now });
    if (input.verified) await recordStep(tx, row, { action: 'verified', from: 'received', to: 'verified', reason: STAFF_VERIFIED_REASON, actor: auth.actor, meta, at: now });
    return row;
  });
  return present(r, now, await repo.eventsOf(ctx.db, auth.accountId, r.id));
}

/**
 * One open request of a type per person, as on the privacy page: a second one for the same number (else the same email)
 * is refused, naming the open one (staff work on it). Checked under the privacy page's lock of the number and type, so two
 * logged at once (or one logged while the person asks on the page) are one.
 */
async function refuseOpenTwin(tx: Db, accountId: string, type: string, hash: string | null, email: string | null) {
  if (!hash && !email) return;
  const key = hash ?? `email:${createHash('sha256').update(email!.toLowerCase()).digest('hex')}`;
  await repo.lockPersonRequests(tx, accountId, key, type);
  const open = hash ? await repo.openRequestOf(tx, accountId, hash, type) : await repo.openRequestByEmail(tx, accountId, email!, type);
  if (open) {
    throw conflict('request_open', `A ${type.replace('_', '-')} request for this person is already open: work on it (or close it) rather than logging a second one.`, {
      id: toPublicId('dataRequest', open.id), status: open.status,
    });
  }
}

/**
 * Changes a request: extends its due date (once, with a reason) and/or moves its status forward.
 * Closing it runs the outcome first (deletion: opt-out then complete erasure; correction: the
 * new details on the contact; opt-out: suppression) and answers the person.
 */
export async function patchRequest(ctx: Ctx, ports: DataRequestPorts, auth: AuthContext, publicId: string, input: z.infer<typeof DataRequestPatch>, meta: RequestMeta) {
  const found = await findOr404(ctx.db, auth.accountId, publicId);
  const to = input.status as Status | undefined;
  if (to === 'denied' && !input.reason) throw unprocessable('reason_required', 'Say why the request is denied (reason): the person is told.', { field: 'reason' });
  if (input.answer && to !== 'completed' && to !== 'denied') throw unprocessable('answer_without_close', 'An answer is sent when the request is completed or denied: set status too.', { field: 'answer' });
  const account = auth.account;
  const now = ctx.now();
  // One transaction, the request's row locked first: the checks, the outcome (the erasure, the correction, the opt-out) and
  // the status move happen together. A completion and a denial sent at once: one waits for the other, then finds the request
  // closed (409) — never the person erased by one while the other records the request as denied.
  // A completion runs the outcome on the person's data (erasure, opt-out, correction): it takes the erasure's locks before its
  // request's row, in the erasure's order — an erasure of the same person at the same moment (contact deleted, retention) takes
  // them and then the person's requests, so one waits for the other instead of PostgreSQL aborting one as a deadlock (a 500).
  const r = await withTx(ctx.db, async (tx) => {
    if (to === 'completed') await ports.lockForErasure(tx, auth.accountId);
    const current = await repo.findRequest(tx, auth.accountId, found.id, { lock: true });
    if (!current) throw notFound('Data request'); // gone since it was read (the account's erasure)
    if (to && to !== current.status && !canMove(current.status as Status, to)) {
      throw conflict('invalid_transition', `A ${current.status} request cannot become ${to}.`, { from: current.status, to });
    }
    if (input.extend && current.extendedAt) throw conflict('already_extended', 'The due date was already extended once.', { field: 'extend' });
    if (input.extend && isClosed(current.status as Status)) throw conflict('request_closed', 'The request is closed.', { field: 'extend' });
    // The law allows the one extension only within the first period (the person is told of it before the deadline): an overdue request stays overdue.
    if (input.extend && isOverdue(current, now)) {
      throw conflict('extension_too_late', 'The due date has passed: it can no longer be extended (the extension must be told to the person within the first period).', { field: 'extend', dueAt: current.dueAt.toISOString() });
    }
    // Completing a deletion or opt-out runs it on the person's number; with none (and no person erased since: the keyed hash alone) nothing would be done, yet the answer would say it was.
    if (to === 'completed' && to !== current.status && (current.type === 'deletion' || current.type === 'opt_out') && !current.phone && !current.phoneHash) {
      throw unprocessable('phone_required', `This ${current.type === 'deletion' ? 'deletion' : 'opt-out'} request names no phone number, so nothing can be ${current.type === 'deletion' ? 'erased' : 'opted out'}: log it again with the person's number, or deny it.`, { field: 'status' });
    }
    // The outcome runs in this transaction (its own transactions become savepoints of it).
    const outcome = to === 'completed' && to !== current.status ? await runOutcome({ ...ctx, db: tx }, ports, auth, current, meta) : { nothingHeld: false };
    let r = (await repo.findRequest(tx, auth.accountId, current.id))!;
    if (input.extend) {
      r = await repo.updateRequest(tx, auth.accountId, r.id, { dueAt: extendedDueDate(r.dueAt, r.regime as Regime), extendedAt: now, extensionReason: input.extend.reason, remindedStage: null, updatedAt: now });
      await recordStep(tx, r, { action: 'extended', reason: input.extend.reason, actor: auth.actor, meta, at: now });
      // The person is told of the extension, its reason and the new date (GDPR Art. 12(3)), as an answer would go (a text even for a deletion: nothing is erased yet).
      const told = await sendAnswer(ctx, ports, tx, account.id, r, extensionNotice(account.name, r.dueAt, input.extend.reason), 'extension');
      await recordStep(tx, r, { action: 'extension_told', reason: told.length ? `given by ${told.join(' and ')}` : 'not sent (no verified number or email to send it to)', actor: auth.actor, meta, at: now });
    }
    if (to && to !== r.status) {
      // A deletion's erasure cleared the email from the row: the answer still goes to it (read before), and it is not kept.
      if (r.type === 'deletion' && to === 'completed') r = { ...r, email: current.email };
      if (outcome.nothingHeld) {
        await recordStep(tx, r, { action: 'nothing_held', reason: 'the business holds no contact for this person any more: nothing was corrected', actor: auth.actor, meta, at: now });
      }
      const answer = input.answer ?? (outcome.nothingHeld ? nothingHeldAnswer(account.name) : null);
      r = await moveStatus(ctx, ports, tx, account, r, to, { reason: input.reason ?? null, answer, actor: auth.actor, meta, at: now });
      // The person was erased before this step (runOutcome): what staff wrote on it goes like their earlier texts (the mailed answer: email log rule).
      if (r.type === 'deletion' && to === 'completed') {
        await repo.eraseStaffTexts(tx, auth.accountId, [r.id]);
        r = (await repo.findRequest(tx, auth.accountId, r.id))!;
      }
    }
    return r;
  });
  return present(r, now, await repo.eventsOf(ctx.db, auth.accountId, r.id));
}

/** Moves a request to its next status in the caller's transaction; closing it answers the person. */
export async function moveStatus(
  ctx: Ctx, ports: DataRequestPorts, tx: Db, account: { id: string; name: string }, r: Row, to: Status,
  step: { reason: string | null; answer: string | null; actor: Actor; meta?: RequestMeta; at: Date; verifiedBy?: string; answeredOnPage?: boolean },
): Promise<Row> {
  const patch: Partial<Row> = { status: to, updatedAt: step.at };
  if (to === 'verified' || (!r.verifiedBy && to !== 'denied')) patch.verifiedBy = r.verifiedBy ?? step.verifiedBy ?? 'staff';
  if (to === 'denied') patch.denialReason = step.reason;
  let next = await repo.updateRequest(tx, account.id, r.id, patch);
  await recordStep(tx, next, { action: to === 'verified' ? 'verified' : 'status', from: r.status, to, reason: step.reason, actor: step.actor, meta: step.meta, at: step.at });
  if (to === 'completed' || to === 'denied') {
    const text = step.answer ?? defaultAnswer(account.name, r.type as RequestType, to, step.reason);
    const channels = step.answeredOnPage ? ['page'] : await sendAnswer(ctx, ports, tx, account.id, r, text);
    next = await repo.updateRequest(tx, account.id, r.id, { answer: text, answerChannels: channels, answeredAt: step.at, closedAt: step.at });
    await recordStep(tx, next, { action: 'answered', reason: channels.length ? `given by ${channels.join(' and ')}` : 'kept on the request (no verified number or email to send it to)', actor: step.actor, meta: step.meta, at: step.at });
  }
  return next;
}

/**
 * The answer goes by text to a verified number (not after a deletion: the number is being
 * erased) and by email when the request names one — both only once the requester was verified.
 */
async function sendAnswer(ctx: Ctx, ports: DataRequestPorts, tx: Db, accountId: string, r: Row, text: string, what: 'answer' | 'extension' = 'answer'): Promise<string[]> {
  const channels: string[] = [];
  if (r.phone && r.verifiedBy && (r.type !== 'deletion' || what === 'extension')) {
    const number = await ports.sender(tx, accountId);
    if (number) {
      await ports.queueText(ctx, tx, { accountId, numberId: number.id, contactId: r.contactId, to: r.phone, body: text, key: `data-request-${what}:${r.id}` });
      channels.push('sms');
    }
  }
  // Nothing goes to an address nobody verified (anyone can give someone else's email): the answer stays on the request for staff.
  if (r.email && r.verifiedBy) {
    // A deletion's answer (granted: the erasure has removed the address everywhere else; denied: the request keeps it): the email log forgets it once sent.
    await queueEmail(ctx, tx, { accountId, to: r.email, subject: ANSWER_SUBJECT, text, eraseWhenSent: r.type === 'deletion' });
    channels.push('email');
  }
  return channels;
}

/**
 * What completing a request does before it is marked completed (idempotent: safe to run again), in the caller's
 * transaction (`ctx.db` is it). `nothingHeld`: a correction whose person the business no longer holds (erased since, or
 * never a contact) — nothing was corrected, and the answer must not say it was.
 */
async function runOutcome(ctx: Ctx, ports: DataRequestPorts, auth: AuthContext, r: Row, meta: RequestMeta): Promise<{ nothingHeld: boolean }> {
  if (r.type === 'opt_out' || r.type === 'deletion') {
    if (r.phone) await optOut(ctx, auth.accountId, r, auth.actor, 'agent', meta);
  }
  if (r.type === 'deletion' && r.phone) {
    // The answer is emailed from the request's row after the erasure, which clears it: keep it.
    await ports.eraseByPhone(ctx, auth.accountId, r.phone, auth.actor, meta);
    // This module's own hook too (the person's requests keep only the keyed hash; their codes go), whether or not the erasure called it.
    await withTx(ctx.db, async (tx) => {
      await eraseDataRequests(ctx, tx, auth.accountId, r.contactId ? [r.contactId] : [], [r.phone!]);
      await recordStep(tx, r, { action: 'erased', reason: 'the person\'s data was erased; the number is kept as a keyed hash', actor: auth.actor, meta, at: ctx.now() });
    });
  }
  if (r.type === 'correction') {
    // The person's contact now: the one the request named, else the one holding its number (an erasure clears both from the request).
    const contactId = r.contactId ?? (r.phone ? (await contactByPhone(ctx.db, auth.accountId, r.phone))?.id ?? null : null);
    let held = contactId !== null;
    const c = r.correction;
    const patch = c ? Object.fromEntries(Object.entries({ firstName: c.firstName, lastName: c.lastName, email: c.email }).filter(([, v]) => v !== undefined && v !== null && v !== '')) : {};
    if (contactId && Object.keys(patch).length) {
      try {
        await updateContact(ctx, auth, toPublicId('contact', contactId), patch, meta);
      } catch (err) {
        if (!(err instanceof Error && 'status' in err && err.status === 404)) throw err;
        held = false; // the contact is gone since: nothing to correct
      }
    }
    // A request that named the person by number or contact (not by email alone) and finds no contact: nothing is held.
    return { nothingHeld: !held && (r.phoneHash !== null || r.contactId !== null) };
  }
  return { nothingHeld: false };
}

/** Opts the person's number out of every text of the account (consent event with evidence, suppression). */
export async function optOut(ctx: Ctx, accountId: string, r: Pick<Row, 'id' | 'phone'>, actor: Actor, source: 'agent' | 'web_form', meta: RequestMeta & { url?: string }) {
  if (!r.phone) return;
  const phone = r.phone;
  const contact = await contactByPhone(ctx.db, accountId, phone);
  await withTx(ctx.db, (tx) => recordConsent(ctx, tx, accountId, actor, [{
    contactId: contact?.id ?? null, phone, kind: 'opt_out', source,
    evidence: { wording: 'Privacy request: opt out of all texts', note: `data request ${toPublicId('dataRequest', r.id)}`, ip: meta.ip, userAgent: meta.userAgent, url: meta.url },
  }]));
}

/** The public privacy page: at the sign-up form's address when the account has one, else at its public account id. */
export async function privacyPageUrl(ctx: Ctx, accountId: string) {
  const slug = (await formSlugOf(ctx, accountId)) ?? toPublicId('account', accountId);
  return `${ctx.config.publicUrl.replace(/\/+$/, '')}/privacy/${slug}`;
}
