import type { Db } from '../../db/client.js';
import * as repo from './retention.repo.js';

/**
 * Retention hooks of media (called by the retention module): the business's uploads (`POST /v1/media`)
 * older than the account's rule for uploaded files, a page at a time by id — locked for deletion in
 * the caller's transaction, or only read (the dry run) — and the deletion of those nothing lists.
 */
export function oldUploadsPage(db: Db, accountId: string, before: Date, afterId: string | null, limit: number, opts: { lock: boolean }): Promise<string[]> {
  return repo.oldUploads(db, accountId, before, afterId, limit, opts.lock);
}

export function deleteUploads(tx: Db, accountId: string, ids: string[]): Promise<number> {
  return repo.deleteUploads(tx, accountId, ids);
}
