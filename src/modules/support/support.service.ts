import type { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import type { RequestMeta } from '../../lib/actor.js';
import { AppError, badRequest, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, recordPlatformAudit } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { sniffImageType } from '../media/media-rules.js';
import * as repo from './support.repo.js';
import { MAX_SCREENSHOT_BYTES, MAX_SCREENSHOTS_PER_MESSAGE, type INQUIRY_KINDS, type INQUIRY_STATUSES } from './support.schema.js';

type Kind = (typeof INQUIRY_KINDS)[number];
type Status = (typeof INQUIRY_STATUSES)[number];
export type { TicketRow } from './support.repo.js';

const OPERATOR = { type: 'operator' as const, id: null, label: 'operator' };
const KIND_LABEL: Record<Kind, string> = { inquiry: 'question', bug: 'bug report', feedback: 'feedback' };

function ticketIdOf(publicId: string): string {
  const id = fromPublicId('inquiry', publicId);
  if (!id) throw notFound('Inquiry');
  return id;
}

function needsUser(auth: AuthContext): string {
  if (!auth.userId) throw new AppError(403, 'user_required', 'Inquiries are written by a signed-in person (or their API key).');
  return auth.userId;
}

const threadUrl = (ctx: Ctx, t: repo.TicketRow) => `${ctx.config.publicUrl}/help/${toPublicId('inquiry', t.id)}`;

/** A user writes to the platform operator: the ticket, its first message, an audit entry and a confirmation email. */
export async function createInquiry(ctx: Ctx, auth: AuthContext, input: { kind: Kind; subject: string; body: string }, meta: RequestMeta) {
  const userId = needsUser(auth);
  const now = ctx.now();
  return withTx(ctx.db, async (tx) => {
    const t = await repo.insertTicket(tx, { accountId: auth.accountId, id: newUuid(), userId, kind: input.kind, subject: input.subject, status: 'open', createdAt: now, updatedAt: now });
    await repo.insertMessage(tx, { accountId: auth.accountId, id: newUuid(), ticketId: t.id, author: 'user', userId, body: input.body, createdAt: now });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'support.inquiry_created', target: { type: 'inquiry', id: t.id }, meta, details: { kind: input.kind } });
    const email = await userEmail(tx, t);
    if (email) {
      await queueEmail(ctx, tx, {
        accountId: auth.accountId, to: email, subject: `We received your ${KIND_LABEL[input.kind]}: ${input.subject}`,
        text: `Thank you for writing to us. We answer by email and in the app:\n\n${threadUrl(ctx, t)}\n\nYour message:\n\n${input.body}\n`,
      });
    }
    return t;
  });
}

async function userEmail(db: Db, t: repo.TicketRow): Promise<string | null> {
  return (await repo.ticketPeople(db, t)).userEmail;
}

/** The caller's own inquiries in this account, last changed first. */
export async function myInquiries(ctx: Ctx, auth: AuthContext) {
  return repo.listMine(ctx.db, auth.accountId, needsUser(auth), 200);
}

async function myTicket(db: Db, auth: AuthContext, publicId: string) {
  const t = await repo.findTicket(db, auth.accountId, ticketIdOf(publicId), needsUser(auth));
  if (!t) throw notFound('Inquiry');
  return t;
}

/** A ticket with its messages and their screenshots (who wrote each, by name). */
async function threadOf(db: Db, stale: repo.TicketRow) {
  const t = (await repo.findTicket(db, stale.accountId, stale.id)) ?? stale;
  const messages = await repo.messagesOf(db, t.accountId, t.id);
  const shots = await repo.attachmentsOf(db, t.accountId, messages.map((m) => m.id));
  const people = await repo.ticketPeople(db, t);
  return {
    ticket: t, people,
    messages: messages.map((m) => ({ ...m, authorName: m.author === 'operator' ? 'Support team' : people.userName, screenshots: shots.filter((s) => s.messageId === m.id) })),
  };
}
export type Thread = Awaited<ReturnType<typeof threadOf>>;

export async function myInquiry(ctx: Ctx, auth: AuthContext, publicId: string) {
  return threadOf(ctx.db, await myTicket(ctx.db, auth, publicId));
}

/** The user answers in their thread; a closed inquiry opens again. */
export async function replyAsUser(ctx: Ctx, auth: AuthContext, publicId: string, body: string) {
  const now = ctx.now();
  const t = await withTx(ctx.db, async (tx) => {
    const t = await myTicket(tx, auth, publicId);
    await repo.insertMessage(tx, { accountId: t.accountId, id: newUuid(), ticketId: t.id, author: 'user', userId: auth.userId, body, createdAt: now });
    await repo.setTicketStatus(tx, t.accountId, t.id, 'open', now);
    return t;
  });
  return threadOf(ctx.db, t);
}

async function readCapped(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += (c as Buffer).length;
    if (size <= max) chunks.push(c as Buffer);
  }
  return size > max ? null : Buffer.concat(chunks);
}

/**
 * A screenshot on the caller's latest message of the thread: PNG, JPEG or GIF by its bytes (a
 * file name or declared type proves nothing), at most 5 MB, at most 3 on one message.
 */
export async function addScreenshot(ctx: Ctx, auth: AuthContext, publicId: string, filename: string | null, stream: Readable) {
  const t = await myTicket(ctx.db, auth, publicId);
  const bytes = await readCapped(stream, MAX_SCREENSHOT_BYTES);
  if (!bytes) throw new AppError(413, 'screenshot_too_large', 'A screenshot may be at most 5 MB.', { field: 'file' });
  if (!bytes.length) throw unprocessable('screenshot_empty', 'The file is empty.', { field: 'file' });
  const type = sniffImageType(bytes);
  if (!type) throw new AppError(415, 'screenshot_type_not_allowed', 'A screenshot must be a PNG, JPEG or GIF image.', { field: 'file' });
  const last = (await repo.messagesOf(ctx.db, t.accountId, t.id)).filter((m) => m.author === 'user' && m.userId === auth.userId).at(-1);
  if (!last) throw badRequest('no_message', 'Write a message first, then attach the screenshot.');
  if ((await repo.countAttachments(ctx.db, t.accountId, last.id)) >= MAX_SCREENSHOTS_PER_MESSAGE) {
    throw unprocessable('too_many_screenshots', `At most ${MAX_SCREENSHOTS_PER_MESSAGE} screenshots on one message.`);
  }
  await repo.insertAttachment(ctx.db, {
    accountId: t.accountId, id: newUuid(), messageId: last.id, contentType: type, size: bytes.length, filename: filename?.slice(0, 200) ?? null, bytes, createdAt: ctx.now(),
  });
  return threadOf(ctx.db, t);
}

/** A screenshot's bytes: the writer's own thread, or (operator: no auth) any. */
export async function screenshotOf(ctx: Ctx, auth: AuthContext | null, publicId: string, screenshotPublicId: string) {
  const t = auth ? await myTicket(ctx.db, auth, publicId) : await operatorTicket(ctx.db, publicId);
  const id = fromPublicId('media', screenshotPublicId);
  const a = id ? await repo.findAttachment(ctx.db, t.accountId, t.id, id) : null;
  if (!a) throw notFound('Screenshot');
  return a;
}

async function operatorTicket(db: Db, publicId: string) {
  const t = await repo.findTicketAnywhere(db, ticketIdOf(publicId));
  if (!t) throw notFound('Inquiry');
  return t;
}

/** The operator's queue: every account's inquiries, last changed first (cursor: the last one's public id). */
export async function operatorInquiries(ctx: Ctx, filter: { status?: Status; cursor?: string; limit?: number }) {
  const limit = filter.limit ?? 50;
  let before: { at: Date; id: string } | undefined;
  if (filter.cursor) {
    const t = await repo.findTicketAnywhere(ctx.db, fromPublicId('inquiry', filter.cursor) ?? '00000000-0000-0000-0000-000000000000');
    if (!t) throw badRequest('invalid_cursor', 'The cursor is not one this list gave.');
    before = { at: t.updatedAt, id: t.id };
  }
  const rows = await repo.listAll(ctx.db, { status: filter.status, before }, limit);
  return { rows, nextCursor: rows.length === limit ? toPublicId('inquiry', rows[rows.length - 1].ticket.id) : null };
}

export async function operatorInquiry(ctx: Ctx, publicId: string) {
  return threadOf(ctx.db, await operatorTicket(ctx.db, publicId));
}

/** The operator answers: the reply, the status (answered or closed), the platform audit entry and an email to the writer. */
export async function operatorReply(ctx: Ctx, publicId: string, input: { body: string; close?: boolean }, meta: RequestMeta) {
  const now = ctx.now();
  const t = await withTx(ctx.db, async (tx) => {
    const t = await operatorTicket(tx, publicId);
    await repo.insertMessage(tx, { accountId: t.accountId, id: newUuid(), ticketId: t.id, author: 'operator', userId: null, body: input.body, createdAt: now });
    await repo.setTicketStatus(tx, t.accountId, t.id, input.close ? 'closed' : 'answered', now);
    await recordPlatformAudit(tx, { actor: OPERATOR, action: 'support.inquiry_answered', target: { type: 'inquiry', id: t.id }, meta, details: { accountId: t.accountId, closed: !!input.close } });
    const email = await userEmail(tx, t);
    if (email) {
      await queueEmail(ctx, tx, {
        accountId: t.accountId, to: email, subject: `Reply to your message: ${t.subject}`,
        text: `The support team answered:\n\n${input.body}\n\nRead the conversation and reply:\n${threadUrl(ctx, t)}\n`,
      });
    }
    return t;
  });
  return threadOf(ctx.db, t);
}

export async function operatorSetStatus(ctx: Ctx, publicId: string, status: Status, meta: RequestMeta) {
  const t = await withTx(ctx.db, async (tx) => {
    const t = await operatorTicket(tx, publicId);
    await repo.setTicketStatus(tx, t.accountId, t.id, status, ctx.now());
    await recordPlatformAudit(tx, { actor: OPERATOR, action: 'support.inquiry_status', target: { type: 'inquiry', id: t.id }, meta, details: { accountId: t.accountId, status } });
    return t;
  });
  return threadOf(ctx.db, t);
}

/**
 * Erase hook (privacy data map): the inquiries a person wrote, with their threads and screenshots, and their replies in
 * other people's inquiries, in one account or (no accountId) everywhere — called when their login is erased, for the
 * accounts they left before. Account deletion removes the account's own.
 */
export async function eraseUserInquiries(tx: Db, userIds: string[], accountId?: string): Promise<number> {
  return repo.deleteTicketsOf(tx, userIds, accountId);
}

/** Presenters shared by the user's and the operator's routes. */
export function presentInquiry(t: repo.TicketRow) {
  return {
    id: toPublicId('inquiry', t.id), kind: t.kind as Kind, subject: t.subject, status: t.status as Status,
    createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
  };
}

export function presentMessages(th: Thread, base: string) {
  return th.messages.map((m) => ({
    author: m.author as 'user' | 'operator', authorName: m.authorName, body: m.body, createdAt: m.createdAt.toISOString(),
    screenshots: m.screenshots.map((s) => ({
      id: toPublicId('media', s.id), contentType: s.contentType, size: s.size, filename: s.filename, url: `${base}/${toPublicId('inquiry', th.ticket.id)}/screenshots/${toPublicId('media', s.id)}`,
    })),
  }));
}
