import { and, eq, ne, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import { segments } from '../../db/schema/index.js';
import type { AuthContext } from '../../http/auth.js';
import { keysetPage, positionAfter, type PageQuery } from '../../http/pagination.js';
import { escapeCsvCell } from '../../lib/csv.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { contactWhere } from './contact-query.js';
import type { BulkBody, Selection } from './contacts.schema.js';
import * as repo from './contacts.repo.js';
import * as pages from './pages.repo.js';
import { deleteWhere, normaliseTags, type ContactEraser } from './contacts.service.js';
import { EXPORT_COLUMNS, exportRow } from './presenters.js';
import { SegmentFilter, filterIssues } from './segments.js';

export type SegmentRow = typeof segments.$inferSelect;

export async function findSegment(db: Db, accountId: string, publicId: string): Promise<SegmentRow> {
  const id = fromPublicId('segment', publicId);
  const [s] = id ? await db.select().from(segments).where(and(eq(segments.accountId, accountId), eq(segments.id, id))) : [];
  if (!s) throw notFound('Segment');
  return s;
}

/** One page of the account's segments, oldest first (GET /v1/segments). */
export const segmentsPage = async (db: Db, accountId: string, q: PageQuery) =>
  keysetPage(await pages.segmentsPage(db, accountId, positionAfter(q), q.limit + 1), q.limit);

/** The filter of a saved segment; one saved before today's checks may no longer parse (422). */
export async function segmentFilter(db: Db, accountId: string, publicId: string): Promise<SegmentFilter> {
  const r = SegmentFilter.safeParse((await findSegment(db, accountId, publicId)).filter);
  if (!r.success) throw unprocessable('invalid_segment', 'This segment\'s conditions are no longer valid; edit the segment.', { issues: r.error.issues });
  return r.data;
}

/** Refuses (422 `invalid_condition`) a filter whose field conditions do not fit the fields' types. */
async function assertFilterFits(db: Db, accountId: string, filter: SegmentFilter) {
  const issues = filterIssues(filter, await repo.listFields(db, accountId));
  if (issues.length) {
    throw unprocessable('invalid_condition', `Condition ${issues[0].index + 1}: ${issues[0].message}`, { field: `filter.conditions.${issues[0].index}`, issues });
  }
}

/** Refuses (409 `segment_name_taken`) a name another segment of the account has, ignoring case and outer spaces. */
async function assertNameFree(db: Db, accountId: string, name: string, exceptId?: string) {
  const [taken] = await db.select({ id: segments.id }).from(segments)
    .where(and(eq(segments.accountId, accountId), sql`lower(btrim(${segments.name})) = lower(btrim(${name}))`, exceptId ? ne(segments.id, exceptId) : undefined)).limit(1);
  if (taken) throw nameTaken(name);
}

const nameTaken = (name: string) => conflict('segment_name_taken', `A segment named "${name.trim()}" already exists. Choose another name.`, { field: 'name' });

export async function createSegment(ctx: Ctx, auth: AuthContext, name: string, filter: SegmentFilter, meta: RequestMeta) {
  await assertFilterFits(ctx.db, auth.accountId, filter);
  await assertNameFree(ctx.db, auth.accountId, name);
  return nameTakenOnRace(name, () => withTx(ctx.db, async (tx) => {
    const [s] = await tx.insert(segments).values({ id: newUuid(), accountId: auth.accountId, name, filter }).returning();
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'segment.created', target: { type: 'segment', id: s.id }, meta });
    return s;
  }));
}

/** The same 409 when a simultaneous create or rename took the name after the check (segments_name_uq). */
async function nameTakenOnRace<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'segments_name_uq')) throw nameTaken(name);
    throw err;
  }
}

export async function updateSegment(ctx: Ctx, auth: AuthContext, publicId: string, patch: { name?: string; filter?: SegmentFilter }) {
  const s = await findSegment(ctx.db, auth.accountId, publicId);
  if (patch.filter) await assertFilterFits(ctx.db, auth.accountId, patch.filter);
  if (patch.name !== undefined) await assertNameFree(ctx.db, auth.accountId, patch.name, s.id);
  const [u] = await nameTakenOnRace(patch.name ?? s.name, () =>
    ctx.db.update(segments).set({ ...patch, updatedAt: ctx.now() }).where(and(eq(segments.accountId, auth.accountId), eq(segments.id, s.id))).returning());
  return u;
}

export async function deleteSegment(ctx: Ctx, auth: AuthContext, publicId: string) {
  const s = await findSegment(ctx.db, auth.accountId, publicId);
  await ctx.db.delete(segments).where(and(eq(segments.accountId, auth.accountId), eq(segments.id, s.id)));
}

/** Counts the contacts a filter matches; a draft filter (not yet saved) is checked like a saved one. */
export async function countFilter(ctx: Ctx, auth: AuthContext, filter: SegmentFilter, opts: { draft?: boolean } = {}) {
  if (opts.draft) await assertFilterFits(ctx.db, auth.accountId, filter);
  return repo.countContacts(ctx.db, auth.accountId, contactWhere({ segment: filter }, auth.account.defaultCountry));
}

/** Resolves a selection to a WHERE fragment; ids of other accounts simply match nothing. */
export async function selectionWhere(ctx: Ctx, auth: AuthContext, sel: z.infer<typeof Selection>) {
  const segment = sel.segment ? await segmentFilter(ctx.db, auth.accountId, sel.segment) : undefined;
  const ids = sel.ids?.map((i) => fromPublicId('contact', i)).filter((i): i is string => !!i);
  return contactWhere({ ids, query: sel.query, tag: sel.tag, segment }, auth.account.defaultCountry);
}

/**
 * A selection as the audit log keeps it: how many ids, and that a search was made but not its
 * words (a search is often a person's number or name, and the append-only audit log is the one
 * place an erasure cannot reach).
 */
const auditedSelection = (sel: z.infer<typeof Selection>) => ({ ...sel, ids: sel.ids?.length, query: sel.query ? '(search)' : undefined });

export async function bulk(ctx: Ctx, auth: AuthContext, body: z.infer<typeof BulkBody>, meta: RequestMeta, erase: ContactEraser) {
  const where = await selectionWhere(ctx, auth, body.selection);
  const tags = normaliseTags(body.tags ?? []);
  if (body.action !== 'delete' && !tags.length) throw unprocessable('tags_required', 'Name at least one tag.', { field: 'tags' });
  return withTx(ctx.db, async (tx) => {
    const affected =
      body.action === 'tag' ? await repo.addTags(tx, auth.accountId, where, tags)
      : body.action === 'untag' ? await repo.removeTags(tx, auth.accountId, where, tags)
      : (await deleteWhere(ctx, tx, auth.accountId, where, erase)).length;
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: `contacts.bulk_${body.action}`, meta,
      details: { affected, tags, selection: auditedSelection(body.selection) },
    });
    return affected;
  });
}

/** CSV of a selection, page by page (memory stays flat), with formula injection neutralised. */
export async function* exportCsv(ctx: Ctx, auth: AuthContext, sel: z.infer<typeof Selection>, meta: RequestMeta): AsyncGenerator<string> {
  const where = await selectionWhere(ctx, auth, sel);
  const fieldKeys = (await repo.listFields(ctx.db, auth.accountId)).map((f) => f.key);
  await withTx(ctx.db, (tx) =>
    recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'contacts.exported', meta, details: { selection: auditedSelection(sel) } }),
  );
  yield stringify([[...EXPORT_COLUMNS, ...fieldKeys.map((k) => `field:${k}`)]]);
  let after: string | null = null;
  for (;;) {
    const page = await repo.contactsPage(ctx.db, auth.accountId, where, after, 1000);
    if (!page.length) return;
    yield stringify(page.map((c) => exportRow(c, fieldKeys).map(escapeCsvCell)));
    after = page[page.length - 1].id;
  }
}
