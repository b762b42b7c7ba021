import type { Db } from '../../db/client.js';
import * as repo from './retention.repo.js';

/** Retention hooks of imports: uploaded files past the account's limit, counted and deleted in batches. */
export function countOldUploads(db: Db, accountId: string, before: Date): Promise<number> {
  return repo.countOldUploads(db, accountId, before);
}

export function deleteOldUploads(tx: Db, accountId: string, before: Date, limit: number): Promise<number> {
  return repo.deleteOldUploads(tx, accountId, before, limit);
}
