/**
 * The orders the contacts list offers (`GET /v1/contacts?sort=`) and their keyset cursors. Each
 * order has a sort key that is never null (names fold empty names to '', a contact that never
 * texted sorts as the epoch) and breaks ties by id, so pages neither skip nor repeat a contact.
 */
import { sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.js';
import { isIsoDateTime } from '../../lib/dates.js';

import { CONTACT_SORTS } from './contacts.schema.js';

export type ContactSort = (typeof CONTACT_SORTS)[number];

interface Order { key: SQL; dir: 'asc' | 'desc'; kind: 'time' | 'text' }
const nameKey = sql`lower(btrim(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '')))`;
// Times compare at the millisecond a cursor keeps (PostgreSQL stores microseconds: a cursor of the
// rounded time would otherwise fall before its own row and repeat it on the next page).
const ms = (x: SQL) => sql`date_trunc('milliseconds', ${x})`;
const lastKey = ms(sql`coalesce(${contacts.lastMessageAt}, 'epoch'::timestamptz)`);
const createdKey = ms(sql`${contacts.createdAt}`);

const ORDERS: Record<ContactSort, Order> = {
  created_desc: { key: createdKey, dir: 'desc', kind: 'time' },
  created_asc: { key: createdKey, dir: 'asc', kind: 'time' },
  name_asc: { key: nameKey, dir: 'asc', kind: 'text' },
  name_desc: { key: nameKey, dir: 'desc', kind: 'text' },
  last_message_desc: { key: lastKey, dir: 'desc', kind: 'time' },
  last_message_asc: { key: lastKey, dir: 'asc', kind: 'time' },
};

/** A position in one order: the last row's sort key value and id. */
export interface SortCursor { sort: ContactSort; value: string; id: string }

/** The sort key value of a row as the cursor keeps it. */
export function keyOf(sort: ContactSort, row: { createdAt: Date; lastMessageAt: Date | null; firstName: string | null; lastName: string | null }): string {
  if (sort.startsWith('created')) return row.createdAt.toISOString();
  if (sort.startsWith('last_message')) return (row.lastMessageAt ?? new Date(0)).toISOString();
  return `${row.firstName ?? ''} ${row.lastName ?? ''}`.trim().toLowerCase();
}

export const encodeSortCursor = (c: SortCursor) => Buffer.from(JSON.stringify([c.sort, c.value, c.id])).toString('base64url');

/** The cursor, when it is one of this order's; null when malformed or made for another order. */
export function decodeSortCursor(s: string, sort: ContactSort): SortCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString());
    if (!Array.isArray(v) || v.length !== 3 || v[0] !== sort || typeof v[1] !== 'string' || typeof v[2] !== 'string') return null;
    if (!/^[0-9a-f-]{36}$/.test(v[2]) || v[1].length > 500) return null;
    if (ORDERS[sort].kind === 'time' && !isIsoDateTime(v[1])) return null;
    return { sort, value: v[1], id: v[2] };
  } catch {
    return null;
  }
}

/** The ORDER BY of a sort, and the condition for rows after the cursor. */
export function orderSql(sort: ContactSort, after: SortCursor | null): { orderBy: SQL[]; after: SQL | undefined } {
  const o = ORDERS[sort];
  const dir = o.dir === 'asc' ? sql`asc` : sql`desc`;
  const value = o.kind === 'time' ? sql`${after?.value}::timestamptz` : sql`${after?.value}::text`;
  const cmp = o.dir === 'asc' ? sql`>` : sql`<`;
  return {
    orderBy: [sql`${o.key} ${dir}`, sql`${contacts.id} ${dir}`],
    after: after ? sql`(${o.key}, ${contacts.id}) ${cmp} (${value}, ${after.id}::uuid)` : undefined,
  };
}
