import type { Db } from '../../db/client.js';
import * as repo from './retention.repo.js';

export { REDACTED_BODY } from './retention.repo.js';

/**
 * Retention hooks of messaging (called by the retention module): how many message bodies are
 * past the account's limit, and the redaction of one batch of them, oldest first.
 */
export function countOldMessageBodies(db: Db, accountId: string, before: Date): Promise<number> {
  return repo.countOldBodies(db, accountId, before);
}

export function redactOldMessageBodies(tx: Db, accountId: string, before: Date, afterId: string | null, limit: number) {
  return repo.redactOldBodies(tx, accountId, before, afterId, limit);
}

/** Which of these media (the business's uploads) a message still lists: they are not the retention job's to delete. */
export function mediaListedByMessages(db: Db, accountId: string, mediaIds: string[]): Promise<string[]> {
  return repo.mediaListed(db, accountId, mediaIds);
}
