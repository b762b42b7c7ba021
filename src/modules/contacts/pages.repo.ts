import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { afterPositionSql, positionUsSql, type KeysetPosition } from '../../db/keyset.js';
import { customFields, segments } from '../../db/schema/index.js';

/**
 * The contacts module's short paged lists (GET /v1/segments, /v1/custom-fields): oldest first,
 * keyset by (created_at, id), every row with its position (`us`: time in microseconds).
 */
export function segmentsPage(db: Db, accountId: string, after: KeysetPosition | null, limit: number) {
  return db.select({ row: segments, us: positionUsSql(segments.createdAt) }).from(segments)
    .where(and(eq(segments.accountId, accountId), after ? afterPositionSql(segments.createdAt, segments.id, after, 'asc') : undefined))
    .orderBy(asc(segments.createdAt), asc(segments.id))
    .limit(limit);
}

export function customFieldsPage(db: Db, accountId: string, after: KeysetPosition | null, limit: number) {
  return db.select({ row: customFields, us: positionUsSql(customFields.createdAt) }).from(customFields)
    .where(and(eq(customFields.accountId, accountId), after ? afterPositionSql(customFields.createdAt, customFields.id, after, 'asc') : undefined))
    .orderBy(asc(customFields.createdAt), asc(customFields.id))
    .limit(limit);
}
