import type { Db } from '../../db/client.js';
import * as repo from './accounts.repo.js';

/** A page of the people of every active account, by id (platform-wide mail such as policy updates, handed to jobs by the job registry). */
export function activePeoplePage(db: Db, afterUserId: string | null, limit: number) {
  return repo.listActivePeopleAfter(db, afterUserId, limit);
}
