import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid } from '../../lib/ids.js';
import { findAccount } from '../accounts/account.service.js';
import { membersOf } from '../accounts/team.service.js';
import { recordAudit, recordPlatformAudit, SYSTEM_ACTOR, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './disclosures.repo.js';
import type { LegalRequestBody } from './disclosures.schema.js';
import { aggregateByHalfYear, noticeAllowed, type RequestRow } from './transparency.js';

export type { LegalRequestRow } from './disclosures.repo.js';
export const OPERATOR_ACTOR = { type: 'operator', id: null, label: 'operator' } as const;
export const DISCLOSURE_NOTICE_JOB = 'disclosures.notify';

type Ndo = { until: string | null } | null;
const ndoColumns = (ndo: Ndo) => (ndo === null ? { ndo: 'none', ndoUntil: null } : ndo.until ? { ndo: 'until', ndoUntil: ndo.until } : { ndo: 'indefinite', ndoUntil: null });
const ndoOf = (r: repo.LegalRequestRow) => ({ kind: r.ndo as 'none' | 'until' | 'indefinite', until: r.ndoUntil });
const today = (ctx: Ctx) => ctx.now().toISOString().slice(0, 10);

type AccountRef = { id: string; name: string };

/** The accounts a request names; an unknown one is refused (422) before anything is written. */
async function accountsNamed(ctx: Ctx, publicIds: string[]): Promise<AccountRef[]> {
  const out: AccountRef[] = [];
  for (const p of [...new Set(publicIds)]) {
    const id = fromPublicId('account', p);
    const a = id ? await findAccount(ctx, id) : null;
    if (!a) throw unprocessable('unknown_account', `There is no account ${p}.`, { field: 'accounts' });
    out.push({ id: a.id, name: a.name });
  }
  return out;
}

function noticeMail(ctx: Ctx, r: repo.LegalRequestRow, account: { name: string }, to: { email: string; name: string }) {
  const outcome = { disclosed: 'We disclosed', partially_disclosed: 'We disclosed part of what was asked', rejected: 'We refused the request and disclosed nothing' }[r.outcome] ?? r.outcome;
  return {
    to: to.email,
    subject: `Notice of a legal request concerning ${account.name}`,
    text:
      `Hello ${to.name},\n\nWest Message received a legal request for data of your account ${account.name}.\n\n` +
      `From: ${r.authority}\nLegal basis: ${r.legalBasis}\nReceived on: ${r.receivedOn}\nWhat was asked: ${r.scope}\n\n` +
      `${outcome}${r.disclosed ? `: ${r.disclosed}` : '.'}\n\nOur transparency report: ${ctx.config.publicUrl}/legal/transparency\n`,
  };
}

/** Tells the account's owners about a request, once (in the caller's transaction), and records it in the account's log. */
async function notifyOwners(ctx: Ctx, tx: Parameters<typeof recordAudit>[0], r: repo.LegalRequestRow, accountId: string, account: AccountRef | null): Promise<boolean> {
  if (!(await repo.markNoticeSent(tx, accountId, r.id, ctx.now()))) return false;
  if (!account) return true; // the account is gone: nobody to tell
  for (const owner of (await membersOf(tx, accountId)).filter((m) => m.role === 'owner')) {
    await queueEmail(ctx, tx, { accountId, ...noticeMail(ctx, r, account, owner) });
  }
  await recordAudit(tx, {
    accountId, actor: SYSTEM_ACTOR, action: 'legal_request.notified', target: { type: 'legal_request', id: r.id },
    details: { authority: r.authority, legalBasis: r.legalBasis, receivedOn: r.receivedOn, outcome: r.outcome },
  });
  return true;
}

/**
 * Records a legal request (operator). Without a non-disclosure order the owners of every
 * account concerned are told now; with one, the daily job tells them after its end date.
 * The platform audit log has the request; an account's own log only gets the notice (an
 * order forbids telling the owner, and the owner reads that log).
 */
export async function recordLegalRequest(ctx: Ctx, body: z.infer<typeof LegalRequestBody>, meta: RequestMeta) {
  const accounts = await accountsNamed(ctx, body.accounts);
  const accountIds = accounts.map((a) => a.id);
  if (body.outcome === 'rejected' && body.disclosed) throw unprocessable('disclosed_on_rejection', 'A rejected request disclosed nothing: leave "disclosed" empty.', { field: 'disclosed' });
  if (body.outcome !== 'rejected' && !body.disclosed) throw unprocessable('disclosed_required', 'Say what was disclosed.', { field: 'disclosed' });
  const { accounts: _a, nonDisclosureOrder, ...fields } = body;
  return withTx(ctx.db, async (tx) => {
    const r = await repo.insertRequest(tx, { id: newUuid(), ...fields, ...ndoColumns(nonDisclosureOrder), recordedBy: 'operator' }, accountIds, null);
    await recordPlatformAudit(tx, {
      actor: OPERATOR_ACTOR, action: 'legal_request.recorded', target: { type: 'legal_request', id: r.id }, meta,
      details: { ...fields, accounts: accountIds, nonDisclosureOrder },
    });
    if (noticeAllowed(ndoOf(r), today(ctx))) for (const a of accounts) await notifyOwners(ctx, tx, r, a.id, a);
    return r;
  });
}

/** Sets, changes or lifts a request's non-disclosure order (audited); notice follows with the daily job. */
export async function updateNonDisclosure(ctx: Ctx, publicId: string, ndo: Ndo, meta: RequestMeta) {
  const id = fromPublicId('legalRequest', publicId) ?? publicId;
  const r = /^[0-9a-f-]{36}$/.test(id) ? await repo.findRequest(ctx.db, id) : null;
  if (!r) throw notFound('Legal request');
  const cols = ndoColumns(ndo);
  await withTx(ctx.db, async (tx) => {
    await repo.updateNdo(tx, r.id, cols.ndo, cols.ndoUntil);
    await recordPlatformAudit(tx, { actor: OPERATOR_ACTOR, action: 'legal_request.ndo_changed', target: { type: 'legal_request', id: r.id }, meta, details: { nonDisclosureOrder: ndo } });
  });
  return (await repo.findRequest(ctx.db, r.id))!;
}

export async function listLegalRequests(ctx: Ctx, limit = 200) {
  const rows = await repo.listRequests(ctx.db, limit);
  const links = await repo.accountsOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, accounts: links.filter((l) => l.requestId === r.id) }));
}

export async function accountsOfRequest(ctx: Ctx, requestId: string) {
  return repo.accountsOf(ctx.db, [requestId]);
}

/** The daily job: notices whose order has ended (or that had none and were not sent), in batches. */
export async function sendDueNotices(ctx: Ctx, batch = 200): Promise<number> {
  let sent = 0;
  for (;;) {
    const due = await repo.dueNotices(ctx.db, today(ctx), batch);
    for (const d of due) {
      const account = await findAccount(ctx, d.accountId); // read before the transaction (PGlite has one connection)
      if (await withTx(ctx.db, (tx) => notifyOwners(ctx, tx, d.request, d.accountId, account))) sent += 1;
    }
    if (due.length < batch) return sent;
  }
}

/** The public report: every request counts, with or without an order (counts name no one). */
export async function transparencyReport(ctx: Ctx) {
  const rows = (await repo.reportRows(ctx.db)) as RequestRow[];
  return { generatedAt: ctx.now().toISOString(), periods: aggregateByHalfYear(rows) };
}
