import { txQuery, type Db } from '../../db/client.js';

/** The marker a redacted body carries (a text that had no words has ''). */
export const REDACTED_BODY = '[redacted]';

/**
 * The smallest UUIDv7 of an instant: message ids are UUIDv7 (time-ordered), so "older than"
 * walks the primary key (account_id, id) instead of scanning the account's messages.
 */
export function uuidv7Floor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/** Messages older than the cut-off, no longer waiting to go, whose body or media is still there. */
const OLD = `account_id = $1 and id < $2::uuid and created_at < $3
  and status not in ('accepted', 'scheduled', 'queued', 'sending') and (body not in ('', '${REDACTED_BODY}') or media is not null)`;

export async function countOldBodies(db: Db, accountId: string, before: Date): Promise<number> {
  const r = await txQuery(db)<{ n: number | string }>(`select count(*) as n from messages where ${OLD}`, [accountId, uuidv7Floor(before), before]);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Redacts one batch (oldest first, after `afterId`): body → '[redacted]', media list and keyword
 * cleared. Returns the ids done and the media they listed (for the media module to delete).
 */
export async function redactOldBodies(tx: Db, accountId: string, before: Date, afterId: string | null, limit: number) {
  const r = await txQuery(tx)<{ id: string; media: Array<{ id: string | null }> | null }>(
    `with picked as (
       select id, media from messages where ${OLD} and ($4::uuid is null or id > $4::uuid) order by id limit $5 for update skip locked
     )
     update messages m set body = '${REDACTED_BODY}', media = null, keyword = null, updated_at = now()
       from picked p where m.account_id = $1 and m.id = p.id
     returning m.id, p.media`,
    [accountId, uuidv7Floor(before), before, afterId, limit],
  );
  const ids = r.rows.map((x) => x.id).sort();
  return {
    ids,
    lastId: ids.length ? ids[ids.length - 1] : afterId,
    mediaIds: r.rows.flatMap((x) => (x.media ?? []).map((m) => m.id).filter((id): id is string => !!id)),
  };
}

/**
 * Which of these media a message still lists (any status: a text waiting to go needs it, a sent one shows it until
 * its body is redacted, which clears the list). One pass over the account's messages (no index holds media ids).
 */
export async function mediaListed(db: Db, accountId: string, mediaIds: string[]): Promise<string[]> {
  if (!mediaIds.length) return [];
  const r = await txQuery(db)<{ id: string }>(
    `select distinct e.id from messages m, jsonb_to_recordset(m.media) as e(id text)
     where m.account_id = $1 and m.media is not null and e.id = any($2::text[])`,
    [accountId, mediaIds],
  );
  return r.rows.map((x) => x.id);
}
