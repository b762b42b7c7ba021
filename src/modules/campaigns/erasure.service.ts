import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

/** Erase hook (privacy): the contacts' places in campaign audiences. */
export function eraseRecipients(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  return repo.deleteRecipients(tx, accountId, contactIds);
}
