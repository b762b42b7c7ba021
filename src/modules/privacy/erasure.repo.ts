import { txQuery, type Db } from '../../db/client.js';

/**
 * Declares (or ends) an erasure in the current transaction: the append-only tables (outbox,
 * consent evidence, an account's audit chain) then accept the erasure's redaction and deletes
 * (migration 0037, `privacy_erasure_on()`). Transaction-local: it never outlives the transaction.
 */
export async function declareErasure(tx: Db, on: boolean): Promise<void> {
  await txQuery(tx)(`select set_config('wm.erasure', $1, true)`, [on ? 'on' : 'off']);
}
