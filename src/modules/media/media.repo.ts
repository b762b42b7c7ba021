import { and, eq, inArray } from 'drizzle-orm';
import type { Db, RawQuery } from '../../db/client.js';
import { media } from '../../db/schema/index.js';

export type MediaRow = typeof media.$inferSelect;
export type MediaInsert = typeof media.$inferInsert;
const meta = { id: media.id, accountId: media.accountId, contactId: media.contactId, source: media.source, contentType: media.contentType, size: media.size, filename: media.filename, createdAt: media.createdAt };

export async function insertMedia(tx: Db, rows: MediaInsert[]): Promise<void> {
  if (rows.length) await tx.insert(media).values(rows);
}

/** A medium with its bytes. */
export async function findMedium(db: Db, accountId: string, id: string): Promise<MediaRow | null> {
  const [m] = await db.select().from(media).where(and(eq(media.accountId, accountId), eq(media.id, id)));
  return m ?? null;
}

/** Media of the account by id, without their bytes. */
export async function findMediaMeta(db: Db, accountId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.select(meta).from(media).where(and(eq(media.accountId, accountId), inArray(media.id, ids)));
}

/**
 * Whether a message carrying the medium is in a conversation within `reach` (a partner's grant: its
 * numbers and/or teams), looked for among the medium's contact's conversations when it has one.
 */
export async function carriedWithin(q: RawQuery, accountId: string, mediaId: string, contactId: string | null, reach: { numberIds: string[] | null; teamIds: string[] | null }) {
  const { rows } = await q(
    `select 1 from conversations c
     join messages msg on msg.account_id = c.account_id and msg.conversation_id = c.id
     where c.account_id = $1 and ($3::uuid is null or c.contact_id = $3)
       and ($4::uuid[] is null or c.number_id = any($4::uuid[])) and ($5::uuid[] is null or c.team_id = any($5::uuid[]))
       and msg.media @> jsonb_build_array(jsonb_build_object('id', $2::text))
     limit 1`,
    [accountId, mediaId, contactId, reach.numberIds, reach.teamIds],
  );
  return rows.length > 0;
}
