import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

/** Erase hook (privacy): the contacts' places in campaign audiences. */
export function eraseRecipients(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  return repo.deleteRecipients(tx, accountId, contactIds);
}

/** Erase hook (privacy), first in the erasure: waits for the account's fan-out batches writing now (see repo.lockFanouts). */
export function lockFanouts(tx: Db, accountId: string): Promise<void> {
  return repo.lockFanouts(tx, accountId);
}
