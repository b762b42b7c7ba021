import type { Db } from '../../db/client.js';
import * as repo from './erasure.repo.js';

/** Erase hook (privacy): the payloads of the events about these subjects. */
export function eraseSubjectEvents(tx: Db, accountId: string, subjectIds: string[]): Promise<number> {
  return repo.redactSubjects(tx, accountId, subjectIds);
}
