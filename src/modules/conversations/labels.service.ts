import type { Ctx } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { getConversation } from './conversations.service.js';
import * as repo from './labels.repo.js';

/**
 * Labels of the inbox ("refund", "vip"): the account's list (admins keep it) and the labels on
 * each conversation (agents set them). A change of a conversation's labels writes the outbox
 * event conversation.labels_changed (live lists) and an audit entry.
 */
export type { LabelRow } from './labels.repo.js';

const nameOf = (name: string | undefined) => {
  const n = name?.trim().replace(/\s+/g, ' ');
  if (n !== undefined && !n) throw unprocessable('invalid_name', 'Give the label a name.', { field: 'name' });
  return n;
};
const taken = () => conflict('label_name_taken', 'A label with this name already exists.', { field: 'name' });

async function labelOr404(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('label', publicId);
  const l = id ? await repo.findLabel(ctx.database.query, accountId, id) : null;
  if (!l) throw notFound('Label');
  return l;
}

export const listLabels = (ctx: Ctx, accountId: string) => repo.listLabels(ctx.database.query, accountId);

export async function createLabel(ctx: Ctx, auth: AuthContext, input: { name: string; color?: string }, meta: RequestMeta) {
  const name = nameOf(input.name)!;
  const id = newUuid();
  await withTx(ctx.db, async (tx) => {
    try {
      await repo.insertLabel(tx, { id, accountId: auth.accountId, name, color: input.color ?? 'gray' });
    } catch (err) {
      if (isUniqueViolation(err, 'labels_name_uq')) throw taken();
      throw err;
    }
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'label.created', target: { type: 'label', id }, meta, details: { name } });
  });
  return (await repo.findLabel(ctx.database.query, auth.accountId, id))!;
}

export async function updateLabel(ctx: Ctx, auth: AuthContext, publicId: string, input: { name?: string; color?: string }, meta: RequestMeta) {
  const l = await labelOr404(ctx, auth.accountId, publicId);
  const name = nameOf(input.name);
  await withTx(ctx.db, async (tx) => {
    try {
      await repo.updateLabel(tx, auth.accountId, l.id, { name, color: input.color });
    } catch (err) {
      if (isUniqueViolation(err, 'labels_name_uq')) throw taken();
      throw err;
    }
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'label.updated', target: { type: 'label', id: l.id }, meta, details: { name: name ?? l.name, color: input.color ?? l.color } });
  });
  return (await repo.findLabel(ctx.database.query, auth.accountId, l.id))!;
}

/** Deletes a label; the conversations that carried it get a labels_changed event. */
export async function deleteLabel(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const l = await labelOr404(ctx, auth.accountId, publicId);
  await withTx(ctx.db, async (tx) => {
    const had = await repo.deleteLabel(tx, auth.accountId, l.id);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'label.deleted', target: { type: 'label', id: l.id }, meta, details: { name: l.name, conversations: had.length } });
    await appendEvents(tx, had.map((conversationId) => ({ accountId: auth.accountId, type: 'conversation.labels_changed', subjectId: conversationId, payload: { conversationId, added: [], removed: [l.id] } })));
  });
}

/** Sets a conversation's labels to exactly `labelPublicIds` (an unknown label: 422). */
export async function setConversationLabels(ctx: Ctx, auth: AuthContext, conversationPublicId: string, labelPublicIds: string[], meta: RequestMeta) {
  const c = await getConversation(ctx, auth.accountId, conversationPublicId);
  const wanted = [...new Set(labelPublicIds.map((p) => fromPublicId('label', p)))];
  const known = wanted.includes(null) ? [] : await repo.existingLabelIds(ctx.database.query, auth.accountId, wanted as string[]);
  if (wanted.includes(null) || known.length !== wanted.length) throw unprocessable('unknown_label', 'A label given is not one of this account\'s labels.', { field: 'labelIds' });
  const ids = wanted as string[];
  const before = await repo.conversationLabelIds(ctx.database.query, auth.accountId, c.id);
  const added = ids.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !ids.includes(x));
  if (added.length || removed.length) {
    await withTx(ctx.db, async (tx) => {
      await repo.setConversationLabels(tx, auth.accountId, c.id, ids);
      const details = { added: added.map((x) => toPublicId('label', x)), removed: removed.map((x) => toPublicId('label', x)) };
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'conversation.labels_changed', target: { type: 'conversation', id: c.id }, meta, details });
      await appendEvents(tx, [{ accountId: auth.accountId, type: 'conversation.labels_changed', subjectId: c.id, payload: { conversationId: c.id, added, removed } }]);
    });
  }
  return getConversation(ctx, auth.accountId, conversationPublicId);
}
