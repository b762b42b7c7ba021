import type { Ctx } from '../../context.js';
import * as repo from './housekeeping.repo.js';

/**
 * What the carrier paths leave behind, kept this long: a receipt parked for a message id never
 * recorded (an unknown id, a text that ended outcome_unknown), the carrier ids of a multipart
 * text's parts (receipts come within the SMSC's validity period, 72 h at most in practice), a
 * hand-over journal row whose texts were all settled another way. Days.
 */
export const CARRIER_LEFTOVERS_DAYS = 7;
/** Rows one statement deletes, and how many statements one run may take per table. */
export const CARRIER_LEFTOVERS_PURGE = { batch: 5000, maxBatches: 200 };

export interface LeftoversPurged { receipts: number; parts: number; journal: number }

/** The daily sweep of those leftovers (every account: platform housekeeping). Returns how many rows of each went. */
export async function purgeCarrierLeftovers(ctx: Ctx, batch = CARRIER_LEFTOVERS_PURGE.batch): Promise<LeftoversPurged> {
  const before = new Date(ctx.now().getTime() - CARRIER_LEFTOVERS_DAYS * 86_400_000);
  const drain = async (step: (limit: number) => Promise<number>) => {
    let gone = 0;
    for (let i = 0; i < CARRIER_LEFTOVERS_PURGE.maxBatches; i++) {
      const n = await step(batch);
      gone += n;
      if (n < batch) break;
    }
    return gone;
  };
  return {
    receipts: await drain((limit) => repo.deleteParkedReceipts(ctx.db, before, limit)),
    parts: await drain((limit) => repo.deleteCarrierParts(ctx.db, before, limit)),
    journal: await drain((limit) => repo.deleteSettledJournalRows(ctx.db, before, limit)),
  };
}
