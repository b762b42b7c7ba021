import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

/** Erase hook (privacy): sign-ups of these contacts or numbers still waiting for their confirmation. */
export function erasePendingOptIns(tx: Db, accountId: string, contactIds: string[], phones: string[]): Promise<number> {
  return repo.deletePendingOptIns(tx, accountId, contactIds, phones);
}
