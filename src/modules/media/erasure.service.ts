import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

/** Erase hook (privacy): the contacts' media (bytes included). */
export function eraseContactMedia(tx: Db, accountId: string, contactIds: string[], mediaIds: string[]): Promise<number> {
  return repo.deleteContactMedia(tx, accountId, contactIds, mediaIds);
}
