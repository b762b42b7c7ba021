import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
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
