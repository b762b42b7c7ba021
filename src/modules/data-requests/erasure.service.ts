import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { phoneHash } from '../consent/consent.service.js';
import { eraseMailTo } from '../email/email.service.js';
import * as repo from './data-requests.repo.js';
import { ANSWER_SUBJECT } from './data-requests.types.js';

/**
 * Erase hook (privacy): the data requests of these contacts or numbers keep only the number's
 * keyed hash (their phone, email, correction, note and contact link are cleared; type, decision,
 * dates, answer channels and the trail's steps stay as the record that the request was handled,
 * and what staff wrote on them — reasons, the answer — becomes ERASED_TEXT), their verification
 * codes go, and so do the answers mailed to the addresses the requests named.
 */
export async function eraseDataRequests(ctx: Ctx, tx: Db, accountId: string, contactIds: string[], phones: string[]): Promise<void> {
  const emails = await repo.eraseFor(tx, accountId, phones.map((p) => phoneHash(ctx, p)), contactIds);
  // The answers mailed to the addresses the person gave (the email log kept them, to: in clear).
  await eraseMailTo(tx, accountId, ANSWER_SUBJECT, emails);
}
