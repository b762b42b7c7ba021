import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import type { OperatorAuth } from '../../http/auth.js';
import { positionAfter, pageFrom, type PageQuery } from '../../http/pagination.js';
import type { RequestMeta } from '../../lib/actor.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordOperatorAudit } from './operator-audit.service.js';
import * as repo from './console.repo.js';

/**
 * The console's view of customer accounts (issue 13): a searchable list with a usage summary,
 * and a detail page. Other modules add sections to the detail (risk signals, enforcement,
 * billing…) as `AccountSections`, handed over by src/app.ts, so this module depends on none of them.
 */
export type AccountSection = (ctx: Ctx, accountId: string) => Promise<unknown>;
export type AccountSections = Record<string, AccountSection>;

const USAGE_DAYS = 30;

const accountIdOf = (publicId: string) => {
  const id = fromPublicId('account', publicId);
  if (!id) throw notFound('Account');
  return id;
};

export async function listAccounts(ctx: Ctx, q: PageQuery & { q?: string; status?: string }) {
  const rows = await repo.listAccounts(ctx.db, { search: q.q?.trim() || undefined, status: q.status, after: positionAfter(q), limit: q.limit });
  const since = new Date(ctx.now().getTime() - USAGE_DAYS * 86_400_000);
  const usage = await repo.usageSince(ctx.db, rows.slice(0, q.limit).map((r) => r.id), since);
  return pageFrom(rows, q.limit, (r) => ({ us: r.us, id: r.id }), (r) => {
    const u = usage.get(r.id);
    return {
      id: toPublicId('account', r.id), name: r.name, status: r.status, kind: r.kind, createdAt: r.createdAt.toISOString(), ownerEmail: r.ownerEmail,
      numbers: r.numbers, messagesLast30Days: { outbound: u?.outbound ?? 0, inbound: u?.inbound ?? 0, failed: u?.failed ?? 0 },
    };
  });
}

/** One account as the console shows it; the read is recorded in the operators' log. */
export async function accountDetail(ctx: Ctx, op: OperatorAuth, publicId: string, sections: AccountSections, meta: RequestMeta) {
  const accountId = accountIdOf(publicId);
  const account = await repo.findAccount(ctx.db, accountId);
  if (!account) throw notFound('Account');
  const since = new Date(ctx.now().getTime() - USAGE_DAYS * 86_400_000);
  const [usage, numbers, connections, members, notes] = await Promise.all([
    repo.usageSince(ctx.db, [accountId], since), repo.numbersOf(ctx.db, accountId), repo.connectionsOf(ctx.db, accountId),
    repo.membersOf(ctx.db, accountId), repo.notesOf(ctx.db, accountId),
  ]);
  const extra: Record<string, unknown> = {};
  for (const [key, load] of Object.entries(sections)) extra[key] = await load(ctx, accountId);
  await recordOperatorAudit(ctx, { operator: op, action: 'operator.account_viewed', target: { type: 'account', id: accountId }, meta });
  const u = usage.get(accountId);
  return {
    account: {
      id: publicId, name: account.name, legalName: account.legalName, website: account.website, status: account.status, kind: account.kind,
      defaultCountry: account.defaultCountry, timeZone: account.timeZone, createdAt: account.createdAt.toISOString(),
    },
    usage: { days: USAGE_DAYS, messages: { outbound: u?.outbound ?? 0, inbound: u?.inbound ?? 0, failed: u?.failed ?? 0 } },
    numbers: numbers.map((n) => ({ id: toPublicId('number', n.id), phoneNumber: n.phoneNumber, type: n.type, provider: n.provider, createdAt: n.createdAt.toISOString() })),
    connections: connections.map((c) => ({ id: toPublicId('connection', c.id), kind: c.kind, name: c.name, status: c.status, lastErrorCode: c.lastErrorCode, createdAt: c.createdAt.toISOString() })),
    members: members.map((m) => ({ id: toPublicId('user', m.userId), name: m.name, email: m.email, role: m.role, since: m.createdAt.toISOString() })),
    notes: notes.map(presentNote),
    sections: extra,
  };
}

const presentNote = (n: { id: string; body: string; createdAt: Date; operatorId: string; operatorName: string }) => ({
  id: toPublicId('operatorNote', n.id), body: n.body, createdAt: n.createdAt.toISOString(), operator: { id: toPublicId('operator', n.operatorId), name: n.operatorName },
});

/** An operator's note on an account (staff-internal), recorded in the operators' log. */
export async function addNote(ctx: Ctx, op: OperatorAuth, publicId: string, body: string, meta: RequestMeta) {
  if (!op.operatorId) throw forbidden('Notes are signed by an operator: sign in (the bootstrap token cannot write notes).');
  const accountId = accountIdOf(publicId);
  if (!(await repo.findAccount(ctx.db, accountId))) throw notFound('Account');
  const text = body.trim();
  if (!text) throw badRequest('invalid_body', 'Write the note.', { field: 'body' });
  const id = newUuid();
  const now = ctx.now();
  await withTx(ctx.db, async (tx) => {
    await repo.insertNote(tx, { accountId, id, operatorId: op.operatorId!, body: text, createdAt: now });
    await recordOperatorAudit(ctx, { operator: op, action: 'operator.account_note_added', target: { type: 'account', id: accountId }, details: { noteId: toPublicId('operatorNote', id) }, meta }, tx);
  });
  const notes = await repo.notesOf(ctx.db, accountId);
  return presentNote(notes.find((n) => n.id === id)!);
}
