import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type nodemailer from 'nodemailer';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { emails } from '../../db/schema/index.js';
import type { JobDefinition } from '../../jobs/jobs.js';
import { newUuid } from '../../lib/ids.js';
import { SecretBoxError, secretBox, type SecretBox } from '../../lib/secret-box.js';

export const EMAIL_DELIVER_JOB = 'email.deliver';

export interface EmailInput {
  accountId: string | null;
  to: string;
  subject: string;
  text: string;
  /**
   * The recipient is forgotten once the mail is sent: address, body and any error are blanked when
   * the SMTP server accepts it (the answer to a deletion request, whose address the erasure already
   * removed everywhere else; the request keeps that it was answered and how). Mail kept in the operator outbox stays
   * readable there until EMAIL_LOG_DAYS: it is how such an install delivers it.
   */
  eraseWhenSent?: boolean;
}

const boxes = new Map<string, SecretBox>();
/** Mail bodies carry live links (reset, invitation, sign-up): they are sealed at rest. */
function bodyBox(ctx: Ctx): SecretBox {
  let box = boxes.get(ctx.config.secretKey);
  if (!box) boxes.set(ctx.config.secretKey, (box = secretBox(ctx.config.secretKey, 'email.body')));
  return box;
}

/** The body as written; mail stored before bodies were sealed is returned as it is. */
function openBody(ctx: Ctx, mail: { id: string; text: string }): string {
  const box = bodyBox(ctx);
  return box.isBox(mail.text) ? box.decrypt(mail.text, mail.id) : mail.text;
}

/** For the listing: one body sealed under a key no longer configured must not hide the others. */
function openListed(ctx: Ctx, mail: { id: string; text: string }): string {
  try {
    return openBody(ctx, mail);
  } catch (err) {
    if (err instanceof SecretBoxError) return '[This email was sealed with a SECRET_KEY that is no longer configured.]';
    throw err;
  }
}

/**
 * Stores the email and queues its delivery in the caller's transaction. The body is sealed
 * (AES-256-GCM, bound to the row) and opened only where mail leaves: the SMTP deliverer and
 * the operator outbox. Subjects are stored as they are: never put a token in one.
 */
export async function queueEmail(ctx: Ctx, tx: Db, input: EmailInput): Promise<string> {
  const id = newUuid();
  await tx.insert(emails).values({ id, ...input, text: bodyBox(ctx).encrypt(input.text, id), status: 'queued', eraseWhenSent: input.eraseWhenSent ?? false });
  await ctx.jobs.send(EMAIL_DELIVER_JOB, { emailId: id }, tx);
  return id;
}

/**
 * Erase hook (privacy): the account's mail with this subject to these addresses goes — the mail
 * the platform sent a person the business texts (a privacy request's answer), whose address is
 * erased with them. A queued one is not sent (its delivery finds no row). Returns how many.
 */
export async function eraseMailTo(tx: Db, accountId: string, subject: string, addresses: string[]): Promise<number> {
  if (!addresses.length) return 0;
  const lower = addresses.map((a) => a.toLowerCase());
  const r = await tx.delete(emails)
    .where(and(eq(emails.accountId, accountId), eq(emails.subject, subject), inArray(sql`lower(${emails.to})`, lower)))
    .returning({ id: emails.id });
  return r.length;
}

let transport: ReturnType<typeof nodemailer.createTransport> | null = null;

/**
 * Delivers one queued email: over SMTP when SMTP_URL is set, otherwise it is kept in the
 * outbox that the operator reads in the web app. Idempotent: a sent email is not resent.
 */
export async function deliverEmail(ctx: Ctx, emailId: string): Promise<void> {
  const [mail] = await ctx.db.select().from(emails).where(eq(emails.id, emailId));
  if (!mail || mail.status !== 'queued') return;
  if (!ctx.config.smtpUrl) {
    await ctx.db.update(emails).set({ status: 'outbox', sentAt: ctx.now() }).where(eq(emails.id, emailId));
    return;
  }
  // Loaded on the first email sent over SMTP, not at import (~0.15 s of CPU at every process start).
  const { default: mailer } = await import('nodemailer');
  transport ??= mailer.createTransport(ctx.config.smtpUrl);
  try {
    await transport.sendMail({ from: ctx.config.mailFrom, to: mail.to, subject: mail.subject, text: openBody(ctx, mail) });
    const forget = mail.eraseWhenSent ? { to: '', text: '', error: null } : {};
    await ctx.db.update(emails).set({ status: 'sent', sentAt: ctx.now(), attempts: mail.attempts + 1, ...forget }).where(eq(emails.id, emailId));
  } catch (err) {
    await ctx.db
      .update(emails)
      .set({ attempts: mail.attempts + 1, error: String((err as Error).message).slice(0, 500) })
      .where(eq(emails.id, emailId));
    throw err; // pg-boss retries with backoff
  }
}

/** The newest mail with bodies opened (the operator outbox: how an install without SMTP gets its links). */
export async function listOutbox(ctx: Ctx, limit = 200) {
  const rows = await ctx.db.select().from(emails).orderBy(desc(emails.createdAt), desc(emails.id)).limit(limit);
  return rows.map((mail) => ({ ...mail, text: openListed(ctx, mail) }));
}

/** Batches of the email log's purge (one statement each) and how many one run may take. */
export const EMAIL_LOG_PURGE = { batch: 1000, maxBatches: 1000 };

/**
 * The email log is kept `EMAIL_LOG_DAYS` (config.emailLogDays, 30 by default) after each mail
 * went (over SMTP or into the operator outbox), then deleted — address, subject and sealed body.
 * Mail still queued stays; mail queued before the cut-off and never sent goes too: its delivery
 * job's retries end within minutes (8, backing off from 2 s), so it will never be sent. Reads
 * through the created_at index (a mail is sent after it is made). Returns how many went.
 */
export async function purgeEmailLog(ctx: Ctx, batch = EMAIL_LOG_PURGE.batch): Promise<number> {
  const before = new Date(ctx.now().getTime() - ctx.config.emailLogDays * 86_400_000);
  let gone = 0;
  for (let i = 0; i < EMAIL_LOG_PURGE.maxBatches; i++) {
    const due = ctx.db.select({ id: emails.id }).from(emails)
      .where(and(lt(emails.createdAt, before), or(isNull(emails.sentAt), lt(emails.sentAt, before))))
      .limit(batch);
    const n = (await ctx.db.delete(emails).where(inArray(emails.id, due)).returning({ id: emails.id })).length;
    gone += n;
    if (n < batch) break;
  }
  return gone;
}

export const emailJobs = (ctx: Ctx): JobDefinition<{ emailId: string }>[] => [
  { name: EMAIL_DELIVER_JOB, handler: ({ emailId }) => deliverEmail(ctx, emailId), retryLimit: 8 },
];
