import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';

/** Which of these contacts the account has texted before (any outbound message). */
export async function textedContacts(db: Db, accountId: string, contactIds: string[]): Promise<Set<string>> {
  if (!contactIds.length) return new Set();
  const rows = await db.selectDistinct({ contactId: messages.contactId }).from(messages)
    .where(and(eq(messages.accountId, accountId), inArray(messages.contactId, contactIds), eq(messages.direction, 'outbound')));
  return new Set(rows.map((r) => r.contactId).filter((c): c is string => c !== null));
}
