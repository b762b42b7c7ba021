import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { phoneHash } from '../consent/consent.service.js';
import * as repo from './data-requests.repo.js';

/**
 * Erase hook (privacy): the data requests of these contacts or numbers keep only the number's
 * keyed hash (their phone, email, correction and contact link are cleared; type, dates, status
 * trail and answer stay as the record that the request was handled), and their verification
 * codes go.
 */
export async function eraseDataRequests(ctx: Ctx, tx: Db, accountId: string, contactIds: string[], phones: string[]): Promise<void> {
  await repo.eraseFor(tx, accountId, phones.map((p) => phoneHash(ctx, p)), contactIds);
}
