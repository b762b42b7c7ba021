import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { lockAccountForErasure } from '../../db/erasure-lock.js';
import { withTx } from '../../db/tx.js';
import { unprocessable } from '../../lib/errors.js';
import { parsePhone } from '../../lib/phone.js';
import { eraseRecipients, lockFanouts } from '../campaigns/erasure.service.js';
import { eraseEvidence } from '../consent/erasure.service.js';
import { contactByPhone, contactsToErase, eraseContactRows } from '../contacts/contacts.service.js';
import { eraseDataRequests } from '../data-requests/erasure.service.js';
import { eraseConversations } from '../conversations/erasure.service.js';
import { erasePendingOptIns } from '../growth/erasure.service.js';
import { eraseImportRows, pauseImports } from '../imports/erasure.service.js';
import { eraseContactLinks } from '../links/links.service.js';
import { eraseContactMedia } from '../media/erasure.service.js';
import { eraseMessages, erasePoolSenders } from '../messaging/erasure.service.js';
import { eraseSubjectEvents } from '../outbox/erasure.service.js';
import { eraseSubjectDeliveries } from '../webhooks/erasure.service.js';
import { eraseInboundDeliveries } from '../twilio-compat/inbound-log.service.js';
import { eraseExports } from '../exports/exports.service.js';
import { declareErasure } from './erasure.repo.js';

export interface ErasureOptions {
  /** Also suppress the numbers (a person who asked to be erased is never texted again); an existing suppression always stays. */
  suppress?: boolean;
  /** Numbers (E.164) to erase besides the contacts' own (a number the account holds no contact for). */
  phones?: string[];
}

export interface ErasureSummary {
  reason: string;
  contacts: number;
  messages: number;
  conversations: number;
  media: number;
  consentEvents: number;
  importLines: number;
  importErrors: number;
  events: number;
  /** The account's data exports whose ZIP went (they may hold the person; shown as expired) or that start over. */
  exports: number;
}

/**
 * Erases people completely, in the caller's transaction (DESIGN "Personal data has an owner"):
 * each module's erase hook removes or redacts what it holds about these contacts and numbers —
 * messages (bodies, media, the person's address), conversations, media, campaign places, short
 * links and clicks, pending sign-ups, stored CSV lines and import errors, outbox payloads, the
 * account's export ZIPs — then
 * the contacts go. What stays: the suppression entry and the consent events, keyed by the
 * number's keyed hash, their evidence hashed (4 years, DESIGN). src/modules/privacy/data-map.ts
 * lists every table and its hook. The transaction declares itself an erasure so the append-only
 * tables accept the redaction (migration 0037); the declaration ends with this call.
 */
export async function eraseContacts(ctx: Ctx, tx: Db, accountId: string, contactIds: string[], reason: string, opts: ErasureOptions = {}): Promise<ErasureSummary> {
  await lockForErasure(tx, accountId);
  await pauseImports(ctx, tx, accountId); // a running import writes nothing more it read before this erasure
  const people = await contactsToErase(tx, accountId, contactIds);
  const ids = people.map((p) => p.id);
  const phones = [...new Set([...people.map((p) => p.phone), ...(opts.phones ?? [])])];
  const emails = people.map((p) => p.email).filter((e): e is string => !!e);
  await declareErasure(tx, true);
  try {
    const msgs = await eraseMessages(tx, accountId, ids, phones);
    const conversations = await eraseConversations(tx, accountId, ids);
    const media = await eraseContactMedia(tx, accountId, ids, msgs.mediaIds);
    const consent = await eraseEvidence(ctx, tx, accountId, ids, phones, { suppress: opts.suppress });
    await erasePendingOptIns(tx, accountId, ids, phones);
    await eraseRecipients(tx, accountId, ids);
    await erasePoolSenders(tx, accountId, ids);
    await eraseContactLinks(tx, accountId, ids);
    const imports = await eraseImportRows(tx, accountId, phones, emails);
    await eraseDataRequests(ctx, tx, accountId, ids, phones);
    const events = await eraseSubjectEvents(tx, accountId, [...ids, ...msgs.messageIds, ...msgs.conversationIds]);
    await eraseSubjectDeliveries(tx, accountId, [...ids, ...msgs.messageIds, ...msgs.conversationIds]);
    await eraseInboundDeliveries(tx, accountId, msgs.messageIds);
    const contacts = await eraseContactRows(tx, accountId, ids);
    const exports = await eraseExports(ctx, tx, accountId); // any ZIP of the account may hold them
    return {
      reason, contacts, messages: msgs.messageIds.length, conversations, media, consentEvents: consent.events,
      importLines: imports.lines, importErrors: imports.errors, events, exports,
    };
  } finally {
    await declareErasure(tx, false);
  }
}

/**
 * The locks an erasure of the account's people takes first, in this order (one order for every
 * caller): the account's fan-out batches writing now (a batch writing for these contacts commits
 * first; later ones do not find them), then the account's erasure lock (a webhook fan-out that read
 * their messages commits first: its bodies are redacted). Work that holds a row the erasure will
 * change and then erases (completing a data request) takes these before that row, so an erasure
 * of the same person at the same moment waits for it instead of deadlocking with it.
 */
export async function lockForErasure(tx: Db, accountId: string): Promise<void> {
  await lockFanouts(tx, accountId);
  await lockAccountForErasure(tx, accountId);
}

/** A ContactEraser for the contacts module (DELETE /v1/contacts/:id, bulk delete). */
export const contactEraser = (ctx: Ctx, tx: Db, accountId: string, contactIds: string[], reason: string) => eraseContacts(ctx, tx, accountId, contactIds, reason);

/**
 * Erases whatever the account holds about a phone number — its contact if there is one, and
 * messages, evidence, sign-ups and CSV lines naming the number either way — in its own
 * transaction. The answer is the same whether the account knew the number or not (no
 * enumeration); only an input that is no phone number at all is refused (422 invalid_phone).
 */
export async function eraseByPhone(
  ctx: Ctx, accountId: string, phone: string, reason: string, opts: { defaultCountry?: string; suppress?: boolean } = {},
): Promise<{ erased: true }> {
  const parsed = parsePhone(phone, opts.defaultCountry ?? 'US');
  if (!parsed) throw unprocessable('invalid_phone', 'This is not a usable phone number.', { field: 'phone' });
  await withTx(ctx.db, async (tx) => {
    const contact = await contactByPhone(tx, accountId, parsed.e164);
    await eraseContacts(ctx, tx, accountId, contact ? [contact.id] : [], reason, { phones: [parsed.e164], suppress: opts.suppress });
  });
  return { erased: true };
}
