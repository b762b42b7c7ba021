import type { Ctx } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { customFieldKeys, mergeSamplesOf } from '../contacts/contacts.service.js';
import { maskedSourcesOf, parseMergeFields, renderMergeFields, withoutMasked, type MergeSource } from '../../lib/merge-fields.js';
import { getConversation } from './conversations.service.js';
import * as repo from './canned-replies.repo.js';

/**
 * Canned replies: a shortcut name ("refund") and a body with merge fields ({{first_name|there}},
 * custom field keys — the same syntax and renderer as a campaign's). Agents pick them with "/"
 * in the composer; with a conversation given, each comes rendered for its contact.
 */
export interface CannedReplyView { row: repo.CannedReplyRow; rendered: string | null; maskedFields: MergeSource[] }

const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,39}$/;

async function checked(ctx: Ctx, accountId: string, input: { shortcut?: string; body?: string }) {
  const shortcut = input.shortcut?.trim().replace(/^\//, '').toLowerCase();
  if (shortcut !== undefined && !SHORTCUT.test(shortcut)) {
    throw unprocessable('invalid_shortcut', 'A shortcut is 1–40 lowercase letters, digits, "-" or "_" (e.g. refund-policy).', { field: 'shortcut' });
  }
  const body = input.body?.trim();
  if (body !== undefined) {
    if (!body) throw unprocessable('empty_body', 'Write the reply first.', { field: 'body' });
    const parsed = parseMergeFields(body, await customFieldKeys(ctx, accountId));
    if ('problem' in parsed) throw unprocessable(parsed.problem.code, parsed.problem.message, { field: 'body', mergeField: parsed.problem.field });
  }
  return { shortcut, body };
}

const taken = () => conflict('shortcut_taken', 'Another canned reply already has this shortcut.', { field: 'shortcut' });

async function replyOr404(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('cannedReply', publicId);
  const r = id ? await repo.findCannedReply(ctx.database.query, accountId, id) : null;
  if (!r) throw notFound('Canned reply');
  return r;
}

/**
 * The account's canned replies by shortcut; rendered for the contact of `conversationId` when given.
 * `masked`: the contact fields hidden from the caller (a partner grant's maskedFields). A reply whose
 * merge fields read one of them is not rendered (`rendered: null`) and names them in `maskedFields`;
 * the others are rendered without the masked values at all.
 */
export async function listCannedReplies(ctx: Ctx, accountId: string, conversationId?: string, masked: readonly string[] = []): Promise<CannedReplyView[]> {
  const rows = await repo.listCannedReplies(ctx.database.query, accountId);
  const keys = masked.length || conversationId ? await customFieldKeys(ctx, accountId) : [];
  const parsed = rows.map((row) => ({ row, p: parseMergeFields(row.body, keys) }));
  // A field deleted after the reply was written: its token stays as written (no value), for the agent to fix.
  const maskedOf = (p: (typeof parsed)[number]['p']) => ('problem' in p ? [] : maskedSourcesOf(p.tokens, masked));
  if (!conversationId) return parsed.map(({ row, p }) => ({ row, rendered: null, maskedFields: maskedOf(p) }));
  const c = await getConversation(ctx, accountId, conversationId);
  const [sample] = await mergeSamplesOf(ctx, accountId, [toPublicId('contact', c.contact_id)]);
  const values = withoutMasked(sample.values, masked);
  return parsed.map(({ row, p }) => {
    const maskedFields = maskedOf(p);
    if ('problem' in p) return { row, rendered: row.body, maskedFields };
    return { row, rendered: maskedFields.length ? null : renderMergeFields(row.body, p.tokens, values), maskedFields };
  });
}

export async function createCannedReply(ctx: Ctx, auth: AuthContext, input: { shortcut: string; body: string }, meta: RequestMeta) {
  const v = await checked(ctx, auth.accountId, input);
  const id = newUuid();
  await withTx(ctx.db, async (tx) => {
    try {
      await repo.insertCannedReply(tx, { id, accountId: auth.accountId, shortcut: v.shortcut!, body: v.body!, createdBy: auth.userId });
    } catch (err) {
      if (isUniqueViolation(err, 'canned_replies_shortcut_uq')) throw taken();
      throw err;
    }
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'canned_reply.created', target: { type: 'canned_reply', id }, meta, details: { shortcut: v.shortcut } });
  });
  return (await repo.findCannedReply(ctx.database.query, auth.accountId, id))!;
}

export async function updateCannedReply(ctx: Ctx, auth: AuthContext, publicId: string, input: { shortcut?: string; body?: string }, meta: RequestMeta) {
  const r = await replyOr404(ctx, auth.accountId, publicId);
  const v = await checked(ctx, auth.accountId, input);
  await withTx(ctx.db, async (tx) => {
    try {
      await repo.updateCannedReply(tx, auth.accountId, r.id, v);
    } catch (err) {
      if (isUniqueViolation(err, 'canned_replies_shortcut_uq')) throw taken();
      throw err;
    }
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'canned_reply.updated', target: { type: 'canned_reply', id: r.id }, meta, details: { shortcut: v.shortcut ?? r.shortcut } });
  });
  return (await repo.findCannedReply(ctx.database.query, auth.accountId, r.id))!;
}

export async function deleteCannedReply(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const r = await replyOr404(ctx, auth.accountId, publicId);
  await withTx(ctx.db, async (tx) => {
    await repo.deleteCannedReply(tx, auth.accountId, r.id);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'canned_reply.deleted', target: { type: 'canned_reply', id: r.id }, meta, details: { shortcut: r.shortcut } });
  });
}
