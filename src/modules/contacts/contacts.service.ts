import { sql } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuthContext } from '../../http/auth.js';
import { decodePosition, keysetPage } from '../../http/pagination.js';
import { badRequest, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { analysePhone } from '../../lib/phone.js';
import { recordAccess, recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { isSuppressed } from '../consent/consent.service.js';
import { contactWhere, type ContactQuery } from './contact-query.js';
import { decodeSortCursor, encodeSortCursor, keyOf, orderSql, type ContactSort } from './contact-sort.js';
import * as repo from './contacts.repo.js';
import { coerceField, type FieldDef, type FieldValue } from './fields.js';
import { resolveTimeZone } from './time-zone.js';

export interface ContactInput {
  phone?: string;
  defaultCountry?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  timeZone?: string | null;
  tags?: string[];
  notes?: string | null;
  fields?: Record<string, unknown>;
}

export function normaliseTags(tags: string[]): string[] {
  const seen = new Map<string, string>();
  for (const t of tags.map((x) => x.trim()).filter(Boolean)) if (!seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  return [...seen.values()];
}

/** Validates and coerces custom field values against the account's definitions. */
export function validateFields(defs: FieldDef[], input: Record<string, unknown>): Record<string, FieldValue> {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: Record<string, FieldValue> = {};
  for (const [key, raw] of Object.entries(input)) {
    const def = byKey.get(key);
    if (!def) throw unprocessable('unknown_field', `There is no custom field "${key}". Create it first.`, { field: key });
    const r = coerceField(def, raw);
    if ('error' in r) throw unprocessable('invalid_field_value', `The value of "${key}" is not a valid ${def.type}.`, { field: key, reason: r.error });
    out[key] = r.value;
  }
  return out;
}

export function phoneOrThrow(input: string, country: string) {
  const r = analysePhone(input, country);
  if ('problem' in r) throw unprocessable('invalid_phone', 'This is not a usable phone number.', { field: 'phone', reason: r.problem });
  return r;
}

const fieldDefs = async (ctx: Ctx, accountId: string) => (await repo.listFields(ctx.db, accountId)) as FieldDef[];

export async function createContact(ctx: Ctx, auth: AuthContext, input: ContactInput, meta: RequestMeta) {
  const country = input.defaultCountry ?? auth.account.defaultCountry;
  const phone = phoneOrThrow(input.phone ?? '', country);
  const existing = await repo.findByPhone(ctx.db, auth.accountId, phone.e164);
  if (existing) throw conflict('contact_exists', 'A contact with this number exists.', { id: toPublicId('contact', existing.id) });
  const fields = validateFields(await fieldDefs(ctx, auth.accountId), input.fields ?? {});
  const tz = resolveTimeZone({ explicit: input.timeZone, e164: phone.e164, country: phone.country, accountZone: auth.account.timeZone });
  const suppressed = await isSuppressed(ctx, ctx.db, auth.accountId, phone.e164);
  try {
    return await withTx(ctx.db, async (tx) => {
      const c = await repo.insertContact(tx, {
        id: newUuid(), accountId: auth.accountId, phone: phone.e164, phoneType: phone.type, country: phone.country,
        firstName: input.firstName ?? null, lastName: input.lastName ?? null, email: input.email ?? null,
        timeZone: tz.zone, timeZoneSource: tz.source, tags: normaliseTags(input.tags ?? []), notes: input.notes ?? null, fields,
        consentState: suppressed ? 'opted_out' : 'unknown',
      });
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'contact.created', target: { type: 'contact', id: c.id }, meta });
      return c;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const other = await repo.findByPhone(ctx.db, auth.accountId, phone.e164);
      throw conflict('contact_exists', 'A contact with this number exists.', other ? { id: toPublicId('contact', other.id) } : {});
    }
    throw err;
  }
}

export async function getContact(ctx: Ctx, auth: AuthContext, publicId: string, meta?: RequestMeta) {
  const id = fromPublicId('contact', publicId);
  const c = id ? await repo.findContact(ctx.db, auth.accountId, id) : null;
  if (!c) throw notFound('Contact');
  // A read joins the audit chain in batches (audit.seal_reads): readers never queue on the chain's lock.
  if (meta) await recordAccess(ctx.db, { accountId: auth.accountId, actor: auth.actor, action: 'contact.viewed', target: { type: 'contact', id: c.id }, meta });
  return c;
}

export async function updateContact(ctx: Ctx, auth: AuthContext, publicId: string, input: ContactInput, meta: RequestMeta) {
  const current = await getContact(ctx, auth, publicId);
  const patch: repo.ContactPatch = {};
  if (input.phone !== undefined) {
    const phone = phoneOrThrow(input.phone, input.defaultCountry ?? auth.account.defaultCountry);
    if (phone.e164 !== current.phone) {
      const other = await repo.findByPhone(ctx.db, auth.accountId, phone.e164);
      if (other) throw conflict('contact_exists', 'A contact with this number exists.', { id: toPublicId('contact', other.id) });
      Object.assign(patch, { phone: phone.e164, phoneType: phone.type, country: phone.country });
    }
  }
  for (const k of ['firstName', 'lastName', 'email', 'notes'] as const) if (input[k] !== undefined) patch[k] = input[k];
  if (input.tags !== undefined) patch.tags = normaliseTags(input.tags);
  if (input.fields !== undefined) patch.fields = { ...current.fields, ...validateFields(await fieldDefs(ctx, auth.accountId), input.fields) };
  if (input.timeZone !== undefined || patch.phone) {
    const explicit = input.timeZone !== undefined ? input.timeZone : current.timeZoneSource === 'explicit' ? current.timeZone : null;
    const tz = resolveTimeZone({ explicit, e164: patch.phone ?? current.phone, country: patch.country ?? current.country, accountZone: auth.account.timeZone });
    Object.assign(patch, { timeZone: tz.zone, timeZoneSource: tz.source });
  }
  const changed = Object.keys(patch).filter((k) => JSON.stringify(patch[k as keyof typeof patch]) !== JSON.stringify(current[k as keyof typeof current]));
  if (!changed.length) return current;
  return withTx(ctx.db, async (tx) => {
    const c = await repo.updateContact(tx, auth.accountId, current.id, patch);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'contact.updated', target: { type: 'contact', id: current.id }, meta, details: { fields: changed } });
    return c!;
  });
}

/**
 * What erases contacts completely (every table and file that holds them: the privacy module's
 * eraseContacts, handed to the contact routes by src/app.ts). Contacts never erase on their own:
 * a delete without the whole erasure would leave the number and the messages behind.
 */
export type ContactEraser = (ctx: Ctx, tx: Db, accountId: string, contactIds: string[], reason: string) => Promise<unknown>;

/** Erases the contacts the selection matches (ids of other accounts match nothing); returns their ids. */
export async function deleteWhere(ctx: Ctx, tx: Db, accountId: string, where: ReturnType<typeof contactWhere>, erase: ContactEraser, reason = 'contact_deleted') {
  const ids = await repo.idsWhere(tx, accountId, where);
  if (ids.length) await erase(ctx, tx, accountId, ids, reason);
  return ids;
}

export async function deleteContact(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta, erase: ContactEraser) {
  const c = await getContact(ctx, auth, publicId);
  await withTx(ctx.db, async (tx) => {
    await deleteWhere(ctx, tx, auth.accountId, contactWhere({ ids: [c.id] }, 'US'), erase);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'contact.deleted', target: { type: 'contact', id: c.id }, meta });
  });
}

/** Erase hook (privacy): the contacts' rows, after every other module erased what names them. */
export async function eraseContactRows(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  if (!contactIds.length) return 0;
  return (await repo.deleteContacts(tx, accountId, sql`id = any(${sql.param(contactIds)}::uuid[])`)).length;
}

/** The contacts an erasure is about: what identifies them (number, email, name) to find them elsewhere. */
export function contactsToErase(db: Db, accountId: string, contactIds: string[]) {
  return repo.findContactsByIds(db, accountId, contactIds);
}

/** The account's tags, most used first, optionally those starting with `prefix` (case-insensitive). */
export function listTags(ctx: Ctx, auth: AuthContext, q: { prefix?: string; limit: number }) {
  return repo.tagCounts(ctx.db, auth.accountId, q.prefix?.trim() || undefined, q.limit);
}

export async function listContacts(ctx: Ctx, auth: AuthContext, q: ContactQuery & { cursor?: string; limit: number; sort?: ContactSort; withTotal?: boolean }) {
  const where = contactWhere(q, auth.account.defaultCountry);
  const total = q.withTotal ? repo.countContacts(ctx.db, auth.accountId, where) : Promise.resolve(null);
  const sort = q.sort ?? 'created_desc';
  if (sort === 'created_desc') {
    // Positions in whole microseconds (what PostgreSQL keeps): contacts of one millisecond are neither skipped nor repeated.
    const rows = await repo.listContacts(ctx.db, auth.accountId, where, q.cursor ? decodePosition(q.cursor) : null, q.limit + 1);
    const { data, nextCursor } = keysetPage(rows, q.limit);
    return { rows: data, nextCursor, total: await total };
  }
  const after = q.cursor ? decodeSortCursor(q.cursor, sort) : null;
  if (q.cursor && !after) throw badRequest('invalid_cursor', 'The cursor is not valid for this order; start from the first page.');
  const rows = await repo.listContactsOrdered(ctx.db, auth.accountId, where, orderSql(sort, after), q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > q.limit ? encodeSortCursor({ sort, value: keyOf(sort, last), id: last.id }) : null, total: await total };
}

/** The contact of a number, created (consent unknown) the first time the account texts it or hears from it. */
export async function contactFor(
  ctx: Ctx, tx: Db, auth: { accountId: string; account: { timeZone: string } }, to: { e164: string; type: string | null; country: string | null },
  /** Whether the number is suppressed, when the caller already looked. */
  knownSuppressed?: boolean,
) {
  const existing = await repo.findByPhone(tx, auth.accountId, to.e164);
  if (existing) return existing;
  const suppressed = knownSuppressed ?? (await isSuppressed(ctx, tx, auth.accountId, to.e164));
  return repo.insertContactOnce(tx, {
    id: newUuid(), accountId: auth.accountId, phone: to.e164, ...newContactFields(auth, to),
    consentState: suppressed ? 'opted_out' : 'unknown',
  });
}

/** What contactFor stores for a new contact of this number besides its consent (type, country, time zone from the number). */
export function newContactFields(auth: { account: { timeZone: string } }, to: { e164: string; type: string | null; country: string | null }) {
  const tz = resolveTimeZone({ e164: to.e164, country: to.country, accountZone: auth.account.timeZone });
  return { phoneType: to.type, country: to.country, timeZone: tz.zone, timeZoneSource: tz.source };
}

/** contactFor as CTEs of a composed statement (the send's): see contacts.repo contactOnceSql. */
export const contactOnceSql = repo.contactOnceSql;

/** contactOnceSql over a set of rows (the batched send's): see contacts.repo contactsOnceSql. */
export const contactsOnceSql = repo.contactsOnceSql;

/** Marks that the contact just texted the account. */
export function touchLastMessage(tx: Db, accountId: string, contactId: string) {
  return repo.touchLastMessage(tx, accountId, contactId);
}

/** The account's contact of this number (E.164), or null (read-only: no contact is created). */
export async function contactByPhone(db: Db, accountId: string, e164: string) {
  return repo.findByPhone(db, accountId, e164);
}

/** The time zone kept on the account's contact of this number (E.164), or null when it is no contact. */
export async function contactTimeZone(ctx: Ctx, accountId: string, e164: string): Promise<string | null> {
  return (await repo.findByPhone(ctx.db, accountId, e164))?.timeZone ?? null;
}

/**
 * Sample recipients for a composer preview: each contact's merge values (standard fields and custom
 * fields by key) and country, in the order asked. 422 unknown_contact naming an id this account has not.
 */
export async function mergeSamplesOf(ctx: Ctx, accountId: string, publicIds: string[]) {
  const ids = publicIds.map((p) => fromPublicId('contact', p));
  const rows = await repo.findContactsByIds(ctx.db, accountId, ids.filter((i): i is string => i !== null));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return publicIds.map((publicId, i) => {
    const c = ids[i] ? byId.get(ids[i]) : undefined;
    if (!c) throw unprocessable('unknown_contact', `No contact ${publicId.slice(0, 100)} in this account.`, { field: 'contactIds', id: publicId.slice(0, 100) });
    const custom = Object.fromEntries(Object.entries(c.fields ?? {}).map(([k, v]) => [k, typeof v === 'object' ? null : (v as string | number | boolean | null)]));
    return { id: c.id, publicId, country: c.country, values: { ...custom, first_name: c.firstName, last_name: c.lastName, email: c.email, phone: c.phone } };
  });
}

/** The keys of the account's custom fields (merge fields besides the standard ones). */
export async function customFieldKeys(ctx: Ctx, accountId: string): Promise<string[]> {
  return (await repo.listFields(ctx.db, accountId)).map((f) => f.key);
}

/**
 * A sign-up's details on its contact (join keyword, sign-up form): adds the tags and fills the
 * name where the contact has none yet (a sign-up never overwrites what the business keeps).
 */
export async function applySignupDetails(tx: Db, accountId: string, contactId: string, d: { tags: string[]; firstName?: string | null; lastName?: string | null }) {
  const tags = normaliseTags(d.tags);
  if (tags.length) await repo.addTags(tx, accountId, sql`id = ${contactId}`, tags);
  if (!d.firstName && !d.lastName) return;
  const c = await repo.findContact(tx, accountId, contactId);
  if (c && !c.firstName && !c.lastName) await repo.updateContact(tx, accountId, contactId, { firstName: d.firstName ?? null, lastName: d.lastName ?? null });
}
