import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

export type { ErasedMessages } from './erasure.repo.js';

/**
 * Erase hooks of messaging (called by the privacy module in its erasure transaction): the
 * messages of these contacts or numbers are redacted, their carrier parts and early receipts
 * deleted; their sticky-sender assignments go.
 */
export function eraseMessages(tx: Db, accountId: string, contactIds: string[], phones: string[]) {
  return repo.redactMessages(tx, accountId, contactIds, phones);
}

export function erasePoolSenders(tx: Db, accountId: string, contactIds: string[]) {
  return repo.deletePoolSenders(tx, accountId, contactIds);
}
