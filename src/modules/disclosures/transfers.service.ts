import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, badRequest, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { findAccount } from '../accounts/account.service.js';
import { membersOf } from '../accounts/team.service.js';
import { recordAudit, recordPlatformAudit, SYSTEM_ACTOR, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { acceptPolicies, currentPolicy } from '../policies/policies.service.js';
import * as repo from './disclosures.repo.js';
import type { TransferBody } from './disclosures.schema.js';
import { OPERATOR_ACTOR } from './disclosures.service.js';

/** How long every user of an account sees the transfer banner. */
export const TRANSFER_NOTICE_DAYS = 30;
export const TRANSFER_NOTIFY_JOB = 'transfers.notify';
const DAY = 86_400_000;

const KIND_WORDS: Record<string, string> = { merger: 'a merger', acquisition: 'an acquisition', asset_sale: 'a sale of assets', other: 'a change of owner' };

/** A person to mail platform-wide (the people directory belongs to accounts: handed in by the job registry). */
export interface Person { id: string; email: string; name: string }
export type PeoplePage = (db: Db, afterUserId: string | null, limit: number) => Promise<Person[]>;

function transferMail(ctx: Ctx, t: repo.TransferRow, accountName: string | null, to: Person, owner: boolean) {
  const what = accountName ? `your account ${accountName}` : 'West Message';
  const ask = owner ? `\n\nAs the account's owner, please review the Privacy Policy and accept it under the new owner: ${ctx.config.publicUrl}/legal/privacy (the banner in the app has the button).` : '';
  return {
    to: to.email,
    subject: accountName ? `Notice: ${accountName} has a new owner` : 'Notice: West Message has a new owner',
    text:
      `Hello ${to.name},\n\nThrough ${KIND_WORDS[t.kind] ?? t.kind}, ${what} passes to ${t.acquirer}, effective ${t.effectiveOn}.\n\n${t.description}\n\n` +
      `The information held about you goes with it and stays under the Privacy Policy: ${ctx.config.publicUrl}/legal/privacy${ask}\n`,
  };
}

/**
 * Records a transfer (operator, audited on the platform chain). An account's transfer: every
 * member is mailed now, the account gets a notice (a banner for 30 days) and its log an entry,
 * and its owner must accept the Privacy Policy. The platform's: the mail goes out in pages
 * through a job, the banner shows to everyone for 30 days.
 */
export async function recordTransfer(ctx: Ctx, body: z.infer<typeof TransferBody>, meta: RequestMeta) {
  const accountId = body.account ? fromPublicId('account', body.account) : null;
  const account = accountId ? await findAccount(ctx, accountId) : null;
  if (body.account && !account) throw unprocessable('unknown_account', `There is no account ${body.account}.`, { field: 'account' });
  return withTx(ctx.db, async (tx) => {
    const t = await repo.insertTransfer(tx, { id: newUuid(), subjectAccountId: accountId, kind: body.kind, acquirer: body.acquirer, description: body.description, effectiveOn: body.effectiveOn, recordedBy: 'operator' });
    await recordPlatformAudit(tx, { actor: OPERATOR_ACTOR, action: 'transfer.recorded', target: { type: 'transfer', id: t.id }, meta, details: { ...body, account: accountId } });
    if (account) {
      await repo.insertTransferNotice(tx, { accountId: account.id, transferId: t.id, showUntil: new Date(ctx.now().getTime() + TRANSFER_NOTICE_DAYS * DAY), emailedAt: ctx.now() });
      for (const m of await membersOf(tx, account.id)) await queueEmail(ctx, tx, { accountId: account.id, ...transferMail(ctx, t, account.name, m, m.role === 'owner') });
      await recordAudit(tx, { accountId: account.id, actor: SYSTEM_ACTOR, action: 'transfer.noticed', target: { type: 'transfer', id: t.id }, details: { kind: t.kind, acquirer: t.acquirer, effectiveOn: t.effectiveOn } });
    } else {
      await ctx.jobs.send(TRANSFER_NOTIFY_JOB, { transferId: t.id, afterUserId: null }, tx);
    }
    return t;
  });
}

export const NOTIFY_PAGE = 500;

/** One page of the platform-wide mail; the next page is queued in the same transaction (a retry repeats a page or nothing). */
export async function notifyTransferPage(ctx: Ctx, people: PeoplePage, job: { transferId: string; afterUserId: string | null }, page = NOTIFY_PAGE) {
  const t = await repo.findTransfer(ctx.db, job.transferId);
  if (!t) return;
  const batch = await people(ctx.db, job.afterUserId, page);
  if (!batch.length) return;
  await withTx(ctx.db, async (tx) => {
    for (const p of batch) await queueEmail(ctx, tx, { accountId: null, ...transferMail(ctx, t, null, p, false) });
    if (batch.length === page) await ctx.jobs.send(TRANSFER_NOTIFY_JOB, { transferId: t.id, afterUserId: batch[batch.length - 1].id }, tx);
  });
}

export const presentTransfer = (t: repo.TransferRow) => ({
  id: toPublicId('transfer', t.id), account: t.subjectAccountId ? toPublicId('account', t.subjectAccountId) : null, kind: t.kind,
  acquirer: t.acquirer, description: t.description, effectiveOn: t.effectiveOn, createdAt: t.createdAt.toISOString(),
});

export const listTransfers = (ctx: Ctx) => repo.listTransfers(ctx.db, 200);

/** The account's own transfers (still shown, or still waiting for the owner's acceptance). */
export async function accountTransfers(ctx: Ctx, accountId: string) {
  const { own } = await repo.transfersShowing(ctx.db, accountId, ctx.now(), new Date(ctx.now().getTime() - TRANSFER_NOTICE_DAYS * DAY));
  return own.map(({ transfer, notice }) => ({
    ...presentTransfer(transfer), showUntil: notice.showUntil.toISOString(), acceptedAt: notice.acceptedAt?.toISOString() ?? null, acceptanceRequired: !notice.acceptedAt,
  }));
}

/**
 * The account's owner accepts the Privacy Policy under the new owner: recorded through the
 * policy acceptance path (version, time, IP, user agent) and on the transfer's notice; audited.
 */
export async function acceptTransfer(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const id = fromPublicId('transfer', publicId);
  const found = id ? await repo.findNotice(ctx.db, auth.accountId, id) : null;
  if (!found) throw notFound('Transfer');
  if (auth.via !== 'session' || !auth.userId) throw badRequest('session_required', 'The owner accepts in the web app, signed in.');
  if (auth.role !== 'owner') throw new AppError(403, 'forbidden', 'Only the account owner accepts the policy under the new owner.');
  const privacy = await currentPolicy(ctx.db, 'privacy');
  await acceptPolicies(ctx, auth, [{ kind: 'privacy', version: privacy.version }], meta);
  const userId = auth.userId;
  await withTx(ctx.db, async (tx) => {
    await repo.acceptNotice(tx, auth.accountId, found.transfer.id, userId, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'transfer.accepted', target: { type: 'transfer', id: found.transfer.id }, meta, details: { privacyVersion: privacy.version } });
  });
  return (await accountTransfers(ctx, auth.accountId)).find((t) => t.id === publicId)!;
}

/** In-app notices (a source for the policies module's GET /v1/notices): the account's transfers and the platform's, for 30 days. */
export async function transferNoticesFor(ctx: Ctx, audience: { accountId: string; now: Date }) {
  const { own, platform } = await repo.transfersShowing(ctx.db, audience.accountId, audience.now, new Date(audience.now.getTime() - TRANSFER_NOTICE_DAYS * DAY));
  const account = own.length ? await findAccount(ctx, audience.accountId) : null;
  return [
    ...own.map(({ transfer: t, notice }) => ({
      id: `transfer:${toPublicId('transfer', t.id)}`, kind: 'transfer',
      title: `${account?.name ?? 'This account'} has a new owner: ${t.acquirer}`,
      body: `Through ${KIND_WORDS[t.kind] ?? t.kind}, effective ${t.effectiveOn}. ${t.description}${notice.acceptedAt ? '' : ' The owner is asked to accept the Privacy Policy under the new owner.'}`,
      until: notice.showUntil.toISOString(), href: '/settings/transfers',
    })),
    ...platform.map((t) => ({
      id: `transfer:${toPublicId('transfer', t.id)}`, kind: 'transfer', title: `West Message has a new owner: ${t.acquirer}`,
      body: `Through ${KIND_WORDS[t.kind] ?? t.kind}, effective ${t.effectiveOn}. ${t.description}`,
      until: new Date(t.createdAt.getTime() + TRANSFER_NOTICE_DAYS * DAY).toISOString(), href: '/legal/privacy',
    })),
  ];
}
