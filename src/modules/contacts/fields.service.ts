import { withTx } from '../../db/tx.js';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuthContext } from '../../http/auth.js';
import { keysetPage, positionAfter, type PageQuery } from '../../http/pagination.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './contacts.repo.js';
import * as pages from './pages.repo.js';
import { keyFromLabel, type FieldType } from './fields.js';

/** Columns a CSV import maps to built-in contact attributes: a field may not take these keys. */
const RESERVED = new Set(['phone', 'first_name', 'last_name', 'name', 'email', 'tags', 'notes', 'time_zone', 'consent', 'id']);

export async function createField(ctx: Ctx, auth: AuthContext, input: { label: string; key?: string; type: FieldType; choices?: string[] }, meta: RequestMeta) {
  const key = input.key ?? keyFromLabel(input.label);
  if (RESERVED.has(key)) throw unprocessable('reserved_key', `"${key}" is a built-in contact attribute.`, { field: 'key' });
  if (input.type === 'choice' && !input.choices?.length) throw unprocessable('choices_required', 'A choice field needs its choices.', { field: 'choices' });
  try {
    return await withTx(ctx.db, async (tx) => {
      const f = await repo.insertField(tx, { id: newUuid(), accountId: auth.accountId, key, label: input.label, type: input.type, choices: input.choices ?? [] });
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'custom_field.created', target: { type: 'custom_field', id: f.id }, meta, details: { key, type: input.type } });
      return f;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('field_exists', `A field with the key "${key}" exists.`, { field: 'key' });
    throw err;
  }
}

export async function updateField(ctx: Ctx, auth: AuthContext, publicId: string, patch: { label?: string; choices?: string[] }) {
  if (patch.label === undefined && patch.choices === undefined) throw unprocessable('empty_patch', 'Send a new label or choices.');
  const id = fromPublicId('customField', publicId);
  const f = id ? await repo.updateField(ctx.db, auth.accountId, id, patch) : null;
  if (!f) throw notFound('Custom field');
  return f;
}

export async function deleteField(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const id = fromPublicId('customField', publicId);
  await withTx(ctx.db, async (tx) => {
    const f = id ? await repo.deleteField(tx, auth.accountId, id) : null;
    if (!f) throw notFound('Custom field');
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'custom_field.deleted', target: { type: 'custom_field', id: f.id }, meta, details: { key: f.key } });
  });
}

/** The account's custom fields. */
export function listFields(db: Db, accountId: string) {
  return repo.listFields(db, accountId);
}

/** One page of the account's custom fields, oldest first (GET /v1/custom-fields). */
export const customFieldsPage = async (db: Db, accountId: string, q: PageQuery) =>
  keysetPage(await pages.customFieldsPage(db, accountId, positionAfter(q), q.limit + 1), q.limit);
