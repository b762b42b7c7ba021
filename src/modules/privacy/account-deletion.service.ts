import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, forbidden, unprocessable } from '../../lib/errors.js';
import { eraseUsers, loginsOnlyIn, passwordMatches } from '../accounts/erasure.service.js';
import { membersOf } from '../accounts/team.service.js';
import { recordAudit, recordPlatformAudit, SYSTEM_ACTOR, type RequestMeta } from '../audit/audit.service.js';
import { hashAccountEvidence, purgeAccountEvidence } from '../consent/erasure.service.js';
import { queueEmail } from '../email/email.service.js';
import { releaseWithSealed, sealedConnectionsOf } from '../connections/carrier-numbers.js';
import { eraseExportsNamingUsers } from '../exports/exports.service.js';
import { giveBackAtErasure, toGiveBackAtErasure } from '../messaging/numbers.service.js';
import { eraseUserInquiries } from '../support/support.service.js';
import * as repo from './account-erasure.repo.js';
import * as giveBacks from './number-give-backs.repo.js';
import { declareErasure } from './erasure.repo.js';
import { lockForErasure } from './erasure.service.js';
import { deletionStage, evidenceExpired, giveBackAbandoned, giveBackRetryAt, type DeletionState } from './account-deletion.js';

export const ACCOUNT_DELETIONS_JOB = 'privacy.account_deletions';

const stateOf = (row: repo.DeletionRow | null): DeletionState =>
  row ? { pending: true, requestedAt: row.requestedAt.toISOString(), scheduledFor: row.scheduledFor.toISOString() } : { pending: false, requestedAt: null, scheduledFor: null };

export async function deletionState(ctx: Ctx, auth: AuthContext): Promise<DeletionState> {
  return stateOf(await repo.findDeletion(ctx.db, auth.accountId));
}

async function mailAdmins(ctx: Ctx, tx: Db, accountId: string, subject: string, text: string) {
  for (const m of await membersOf(tx, accountId)) {
    if (m.role === 'owner' || m.role === 'admin') await queueEmail(ctx, tx, { accountId, to: m.email, subject, text });
  }
}

const when = (d: Date) => d.toUTCString();

/**
 * The owner asks for the account's deletion, confirming with their password: it is erased after
 * the grace period (ACCOUNT_DELETION_GRACE_DAYS) unless canceled. Asking again changes nothing.
 */
export async function requestDeletion(ctx: Ctx, auth: AuthContext, password: string, meta: RequestMeta): Promise<DeletionState> {
  if (auth.role !== 'owner' || !auth.userId) throw forbidden('Only the owner can delete the account.');
  if (!(await passwordMatches(ctx, auth.userId, password, meta.ip))) throw unprocessable('wrong_password', 'The password is not correct.', { field: 'password' });
  return withTx(ctx.db, async (tx) => {
    const existing = await repo.findDeletion(tx, auth.accountId, true);
    if (existing) return stateOf(existing);
    const now = ctx.now();
    const row = await repo.insertDeletion(tx, auth.accountId, auth.userId, now, new Date(now.getTime() + ctx.config.accountDeletionGraceDays * 86_400_000));
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'account.deletion_requested', target: { type: 'account', id: auth.accountId }, meta, details: { scheduledFor: row.scheduledFor.toISOString() } });
    await mailAdmins(ctx, tx, auth.accountId, 'Your West Message account will be deleted',
      `The owner asked to delete the account "${auth.account.name}". Everything in it will be erased on ${when(row.scheduledFor)}.\n\n` +
      `Changed your mind? An owner can cancel in Settings → Account until then: ${ctx.config.publicUrl}/settings/account\n`);
    return stateOf(row);
  });
}

/**
 * The owner cancels a pending deletion (nothing pending: nothing to do) until it is due, as the mails say: from then on the
 * erasure may have begun giving the account's numbers back to their carriers (409 `erasure_started`).
 */
export async function cancelDeletion(ctx: Ctx, auth: AuthContext, meta: RequestMeta): Promise<void> {
  if (auth.role !== 'owner') throw forbidden('Only the owner can cancel the account\'s deletion.');
  await withTx(ctx.db, async (tx) => {
    const pending = await repo.findDeletion(tx, auth.accountId, true);
    if (!pending) return;
    if (pending.scheduledFor <= ctx.now()) throw conflict('erasure_started', `The account's erasure was due on ${when(pending.scheduledFor)} and has begun; it can no longer be canceled.`);
    if (!(await repo.deleteDeletion(tx, auth.accountId))) return;
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'account.deletion_canceled', target: { type: 'account', id: auth.accountId }, meta });
    await mailAdmins(ctx, tx, auth.accountId, 'The deletion of your West Message account was canceled', `The deletion of "${auth.account.name}" was canceled; nothing was erased.\n`);
  });
}

export interface Certificate {
  accountId: string;
  requestedAt: string;
  scheduledFor: string;
  erasedAt: string;
  erased: Record<string, number>;
  users: { erased: number; kept: number };
  kept: Array<{ table: string; rows: number; why: string }>;
}

/**
 * Hard erasure of a due account in one transaction: every row of every table holding the
 * account's rows (its audit chain included), its logins that belong to no other account, its
 * queued jobs; consent evidence stays hashed (4 years), the account a tombstone. The certificate
 * (tables and row counts, what was kept and why) goes to the platform audit log, which belongs to
 * no account. The account keeps no files on any process's disk (uploads, media and export ZIPs
 * are rows: `export_chunks` goes with the other tables). Returns null when the deletion is no
 * longer pending (canceled) or not due yet.
 *
 * First (a due deletion can no longer be canceled) every number bought through West Message is given back to its carrier
 * through its connection — it would stay bought there, billed to the business, once the connection's credentials are erased;
 * an attached number stays the business's at its carrier. The ones the carrier refuses, or cannot be reached for, do not hold
 * the erasure back: what giving them back needs (the number, its carrier id, the connection's kind, settings and sealed
 * credentials — no personal data) is kept in `number_give_backs`, each in the platform audit log, and given back by a later
 * run (giveBackKept).
 */
export async function eraseAccount(ctx: Ctx, accountId: string): Promise<Certificate | null> {
  const due = await repo.findDeletion(ctx.db, accountId);
  if (!due || due.scheduledFor > ctx.now()) return null;
  const numbers = await giveBackAtErasure(ctx, accountId);
  const tables = await repo.accountTablesInDeleteOrder(ctx.db);
  const cert = await withTx(ctx.db, async (tx) => {
    const pending = await repo.findDeletion(tx, accountId, true);
    if (!pending || pending.scheduledFor > ctx.now()) return null;
    // The locks every erasure takes first (a data request's completion too, before its request row): one order, no deadlock.
    await lockForErasure(tx, accountId);
    await declareErasure(tx, true);
    const kept = await keepToGiveBack(ctx, tx, accountId, numbers);
    const logins = await loginsOnlyIn(tx, accountId);
    const members = (await membersOf(tx, accountId)).length;
    const evidence = await hashAccountEvidence(ctx, tx, accountId);
    const erased: Record<string, number> = {};
    for (const t of tables) {
      const n = await repo.deleteAccountRows(tx, t, accountId);
      if (n) erased[t] = n;
    }
    // Accounts these logins left earlier still name them in their audit log, and so in their built ZIPs.
    await eraseExportsNamingUsers(ctx, tx, logins.map((u) => u.id), accountId);
    // What the erased logins wrote to the platform from accounts they left earlier (their inquiries, their replies in others').
    const inquiries = await eraseUserInquiries(tx, logins.map((u) => u.id));
    if (inquiries) erased.support_tickets = (erased.support_tickets ?? 0) + inquiries;
    // Added to the account's own rows of the same table (its mail, its invitations), deleted above.
    for (const [t, n] of Object.entries(await eraseUsers(tx, logins, ctx.now()))) if (n) erased[t] = (erased[t] ?? 0) + n;
    const jobs = await repo.deleteAccountJobs(tx, accountId);
    if (jobs) erased['pgboss.job'] = jobs;
    await repo.tombstone(tx, accountId);
    const c: Certificate = {
      accountId, requestedAt: pending.requestedAt.toISOString(), scheduledFor: pending.scheduledFor.toISOString(), erasedAt: ctx.now().toISOString(),
      erased, users: { erased: logins.length, kept: Math.max(0, members - logins.length) },
      kept: [
        { table: 'accounts', rows: 1, why: repo.KEPT_TABLES.accounts },
        { table: 'consent_events', rows: evidence, why: repo.KEPT_TABLES.consent_events },
        { table: 'users', rows: Math.max(0, members - logins.length), why: 'members who belong to other accounts keep their login (their membership here is erased)' },
        ...(kept ? [{ table: 'number_give_backs', rows: kept, why: repo.KEPT_TABLES.number_give_backs }] : []),
      ],
    };
    await recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'account.erased', target: { type: 'account', id: accountId }, details: { certificate: c } });
    await declareErasure(tx, false);
    return c;
  });
  return cert;
}

/**
 * In the erasure's transaction, before the account's rows go: the numbers still to give back to their carriers (refused at the
 * give-back just before, or bought since) are kept with their connection's sealed credentials; the give-backs done and the ones
 * kept go to the platform audit log. Answers how many are kept.
 */
async function keepToGiveBack(ctx: Ctx, tx: Db, accountId: string, tried: Awaited<ReturnType<typeof giveBackAtErasure>>): Promise<number> {
  const now = ctx.now();
  const target = { type: 'account', id: accountId };
  for (const n of tried.givenBack) {
    await recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'number.given_back', target, details: { numberId: n.id, phoneNumber: n.phoneNumber, when: 'erasure' } });
  }
  const refused = new Map(tried.kept.map((k) => [k.id, k.reason]));
  const connections = new Map((await sealedConnectionsOf(tx, accountId)).map((c) => [c.id, c]));
  const rows = (await toGiveBackAtErasure(tx, accountId)).flatMap((n) => {
    const c = connections.get(n.connectionId);
    if (!c) return [];
    const reason = refused.get(n.id) ?? null;
    return [{
      accountId, numberId: n.id, connectionId: c.id, kind: c.kind, settings: c.settings, credentials: c.credentials, phoneNumber: n.phoneNumber, providerRef: n.providerRef,
      attempts: reason ? 1 : 0, lastError: reason, nextAttemptAt: reason ? giveBackRetryAt(1, now) : now,
    }];
  });
  await giveBacks.insertGiveBacks(tx, rows);
  for (const r of rows) {
    await recordPlatformAudit(tx, {
      actor: SYSTEM_ACTOR, action: r.lastError ? 'number.give_back_refused' : 'number.give_back_pending', target,
      details: { numberId: r.numberId, phoneNumber: r.phoneNumber, provider: r.kind, attempts: r.attempts, reason: r.lastError, nextAttemptAt: r.nextAttemptAt.toISOString() },
    });
  }
  return rows.length;
}

/** Kept give-backs tried per run (oldest due first; the rest wait for the next run). */
const GIVE_BACKS_PER_RUN = 100;

/**
 * An erased account's numbers its carrier has not taken back yet (number_give_backs) are tried again when due, through the
 * kept sealed credentials: given back, the record goes (and its credentials with it); refused again, it is tried later
 * (giveBackRetryAt). Each outcome goes to the platform audit log. Answers how many were given back.
 */
export async function giveBackKept(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  let given = 0;
  for (const g of await giveBacks.dueGiveBacks(ctx.db, now, GIVE_BACKS_PER_RUN)) {
    const attempts = g.attempts + 1;
    if (!(await giveBacks.claimGiveBack(ctx.db, g.numberId, g.nextAttemptAt, giveBackRetryAt(attempts, now)))) continue; // another run took it
    const target = { type: 'account', id: g.accountId };
    try {
      await releaseWithSealed(ctx, { accountId: g.accountId, id: g.connectionId, kind: g.kind, settings: g.settings, credentials: g.credentials }, g.providerRef);
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, 300);
      if (giveBackAbandoned(attempts)) {
        // Refused for about four weeks: the record and its credentials go; the number may still be bought at the carrier.
        await withTx(ctx.db, async (tx) => {
          await giveBacks.deleteGiveBack(tx, g.numberId);
          await recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'number.give_back_abandoned', target, details: { numberId: g.numberId, phoneNumber: g.phoneNumber, provider: g.kind, attempts, reason } });
        });
        continue;
      }
      const next = giveBackRetryAt(attempts, now);
      await withTx(ctx.db, async (tx) => {
        await giveBacks.markRefused(tx, g.numberId, attempts, reason, next);
        await recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'number.give_back_refused', target, details: { numberId: g.numberId, phoneNumber: g.phoneNumber, provider: g.kind, attempts, reason, nextAttemptAt: next.toISOString() } });
      });
      continue;
    }
    await withTx(ctx.db, async (tx) => {
      await giveBacks.deleteGiveBack(tx, g.numberId);
      await recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'number.given_back', target, details: { numberId: g.numberId, phoneNumber: g.phoneNumber, when: 'after_erasure', attempts } });
    });
    given++;
  }
  return given;
}

/**
 * The daily-or-more job: reminders before the erasure (7 days and 1 day before), the erasure of
 * due accounts, the numbers of erased accounts their carrier has not taken back yet (giveBackKept), and the kept evidence of accounts erased more
 * than 4 years ago (then their tombstone). Idempotent.
 */
export async function runAccountDeletions(ctx: Ctx): Promise<{ reminded: number; erased: number; purged: number; givenBack: number }> {
  const now = ctx.now();
  let reminded = 0;
  let erased = 0;
  let purged = 0;
  for (const d of await repo.pendingDeletions(ctx.db)) {
    const stage = deletionStage(d.scheduledFor, now, d.remindersSent);
    if (stage.kind === 'erase') {
      if (await eraseAccount(ctx, d.accountId)) erased++;
    } else if (stage.kind === 'remind') {
      const sent = await withTx(ctx.db, async (tx) => {
        if (!(await repo.markReminded(tx, d.accountId, stage.reminders))) return false;
        await mailAdmins(ctx, tx, d.accountId, `Your West Message account will be deleted in ${stage.label}`,
          `Everything in the account will be erased on ${when(d.scheduledFor)}. An owner can still cancel in Settings → Account: ${ctx.config.publicUrl}/settings/account\n`);
        return true;
      });
      if (sent) reminded++;
    }
  }
  const givenBack = await giveBackKept(ctx);
  for (const a of await repo.erasedAccounts(ctx.db)) {
    if (!evidenceExpired(a.erasedAt, now)) continue;
    await withTx(ctx.db, async (tx) => {
      await declareErasure(tx, true);
      const n = await purgeAccountEvidence(tx, a.id);
      await repo.deleteTombstone(tx, a.id);
      await recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'account.evidence_purged', target: { type: 'account', id: a.id }, details: { consentEvents: n } });
      await declareErasure(tx, false);
    });
    purged++;
  }
  return { reminded, erased, purged, givenBack };
}
