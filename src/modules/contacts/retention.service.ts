import type { Db } from '../../db/client.js';
import * as repo from './retention.repo.js';

/** Retention hooks of contacts: who has had no message and no consent activity since the cut-off. */
export function countInactiveContacts(db: Db, accountId: string, before: Date): Promise<number> {
  return repo.countInactive(db, accountId, before);
}

export function inactiveContactIds(tx: Db, accountId: string, before: Date, limit: number): Promise<string[]> {
  return repo.inactiveIds(tx, accountId, before, limit);
}
