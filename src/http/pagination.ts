import { z } from 'zod';
import { badRequest } from '../lib/errors.js';

/**
 * Cursor paging shared by the lists: `?cursor=&limit=` in, `{data, nextCursor}` out (pageOf in
 * responses.ts). A cursor is opaque to callers: the position (time in microseconds, uuid) of the
 * last row of the page before, base64url-encoded; one that does not decode is a 400
 * `invalid_cursor`, never a 500 nor a silent first page.
 */
export interface Position { us: string; id: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MICROS = /^-?\d{1,17}$/;

export const encodePosition = (p: Position): string => Buffer.from(`${p.us}|${p.id}`).toString('base64url');

/** The position a cursor names; 400 invalid_cursor when it is not one a list gave. */
export function decodePosition(cursor: string): Position {
  const [us, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !MICROS.test(us ?? '') || !UUID.test(id ?? '')) {
    throw badRequest('invalid_cursor', 'The cursor is not one this list gave; start from the first page.', { field: 'cursor' });
  }
  return { us, id };
}

/** The query parameters of a paged list (spread into its querystring schema). */
export const pageParams = (defaultLimit = 50, maxLimit = 200) => ({
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the page before; omit for the first page.' }),
  limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit).meta({ description: `Items per page (1–${maxLimit}, default ${defaultLimit}).` }),
});

/** A page of `limit` rows from `limit + 1` fetched: the extra row only says there is more. */
export function pageFrom<R, T>(rows: R[], limit: number, positionOf: (r: R) => Position, present: (r: R) => T): { data: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { data: page.map(present), nextCursor: rows.length > limit && last ? encodePosition(positionOf(last)) : null };
}

/** What a paged list route hands its service. */
export interface PageQuery { cursor?: string; limit: number }

/** The position to continue after (null for the first page); 400 invalid_cursor for a cursor no list gave. */
export const positionAfter = (q: PageQuery): Position | null => (q.cursor ? decodePosition(q.cursor) : null);

/** A page of rows read as `{row, us}` (the row and its position time) and keyed by `row.id`. */
export const keysetPage = <R extends { id: string }>(rows: Array<{ row: R; us: string }>, limit: number) =>
  pageFrom(rows, limit, (r) => ({ us: r.us, id: r.row.id }), (r) => r.row);
