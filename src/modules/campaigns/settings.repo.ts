import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { campaignSettings } from '../../db/schema/index.js';

export type SettingsRow = typeof campaignSettings.$inferSelect;
export type NewSettings = Omit<typeof campaignSettings.$inferInsert, 'updatedAt'>;

export async function findSettings(db: Db, accountId: string): Promise<SettingsRow | null> {
  const [r] = await db.select().from(campaignSettings).where(eq(campaignSettings.accountId, accountId));
  return r ?? null;
}

export async function upsertSettings(tx: Db, row: NewSettings): Promise<SettingsRow> {
  const { accountId: _a, ...set } = row;
  const [r] = await tx.insert(campaignSettings).values(row)
    .onConflictDoUpdate({ target: campaignSettings.accountId, set: { ...set, updatedAt: sql`now()` } })
    .returning();
  return r;
}
