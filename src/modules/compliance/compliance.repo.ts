import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { complianceSettings } from '../../db/schema/index.js';

export type ComplianceRow = typeof complianceSettings.$inferSelect;

export async function findSettings(db: Db, accountId: string): Promise<ComplianceRow | null> {
  const [r] = await db.select().from(complianceSettings).where(eq(complianceSettings.accountId, accountId));
  return r ?? null;
}

export async function upsertSettings(tx: Db, row: Omit<typeof complianceSettings.$inferInsert, 'updatedAt'>): Promise<ComplianceRow> {
  const [r] = await tx.insert(complianceSettings).values(row)
    .onConflictDoUpdate({ target: complianceSettings.accountId, set: { sendHoursStart: row.sendHoursStart, sendHoursEnd: row.sendHoursEnd, senderId: row.senderId, updatedAt: sql`now()` } })
    .returning();
  return r;
}
