import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

/** Erase hook (privacy): the contacts' conversations. */
export function eraseConversations(tx: Db, accountId: string, contactIds: string[]): Promise<number> {
  return repo.deleteConversations(tx, accountId, contactIds);
}
