import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Keyset paging over (a timestamp, a uuid): the position of a row is its time in whole
 * microseconds since the epoch (what PostgreSQL stores; a JavaScript Date would cut it to
 * milliseconds and skip rows written in the same millisecond) and its id.
 */
export interface KeysetPosition { us: string; id: string }

/** The row's position time, as decimal microseconds since the epoch (select it with the row). */
export const positionUsSql = (at: AnyColumn | SQL) => sql<string>`((extract(epoch from ${at}) * 1000000)::bigint)::text`;

/** Rows after `p` in the order (at, id) ascending, or descending with `desc`. */
export function afterPositionSql(at: AnyColumn | SQL, id: AnyColumn | SQL, p: KeysetPosition, order: 'asc' | 'desc'): SQL {
  const t = sql`(timestamptz 'epoch' + ${p.us}::bigint * interval '1 microsecond')`;
  return order === 'desc' ? sql`(${at}, ${id}) < (${t}, ${p.id}::uuid)` : sql`(${at}, ${id}) > (${t}, ${p.id}::uuid)`;
}
