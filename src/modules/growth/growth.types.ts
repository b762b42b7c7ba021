import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';

/** One of the account's sending numbers. */
export interface NumberRef { id: string; phoneNumber: string }

/**
 * What growth needs from the messaging module, which depends on growth (inbound texts consult
 * it): the composition root (src/app.ts) hands the implementation in, so no module cycle.
 */
export interface GrowthPorts {
  /** A live number of the account by public id or E.164; null when it has none such. */
  findNumber(db: Db, accountId: string, ref: string): Promise<NumberRef | null>;
  /** The live number with this row id, or the account's first number when `id` is null. */
  numberById(db: Db, accountId: string, id: string | null): Promise<NumberRef | null>;
  /**
   * Queues a text from the number to the contact in the caller's transaction (once per key); its
   * message id. `private`: kept out of every conversation (a sign-up code is not for the inbox).
   */
  queueText(ctx: Ctx, tx: Db, t: { accountId: string; numberId: string; contactId: string; to: string; body: string; key: string; private?: boolean }): Promise<string>;
}
