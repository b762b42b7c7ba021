import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { hashToken } from '../../lib/tokens.js';
import { phoneHash } from './consent.service.js';
import * as repo from './erasure.repo.js';

/**
 * Evidence keys that name no one (the business's wording, ids, versions, times): kept as they
 * are. Every other value (IP, user agent, URL, note, name, number…) becomes a keyed hash, so a
 * dispute can still be answered ("was it this IP?") without the value being kept.
 */
const CLEAR_KEYS = new Set([
  'wording', 'importId', 'messageId', 'userId', 'formVersion', 'formId', 'keywordId', 'keyword', 'requestedAt', 'confirmedBy',
  'confirmMessageId', 'source', 'programName', 'frequency', 'erased',
]);

/** Pure: the evidence with every personal value replaced by its keyed hash (`hmac:` prefix; idempotent). */
export function hashedEvidence(secretKey: string, evidence: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evidence)) {
    if (CLEAR_KEYS.has(k) || v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number') out[k] = v;
    else if (typeof v === 'string' && v.startsWith('hmac:')) out[k] = v;
    else out[k] = `hmac:${hashToken(secretKey, `evidence:${k}:${typeof v === 'string' ? v : JSON.stringify(v)}`)}`;
  }
  return { ...out, erased: true };
}

/**
 * Erase hook (privacy): the consent events of these contacts or numbers stay (4 years, DESIGN)
 * detached from the contact, keyed by the number's hash, with their evidence hashed; a
 * suppressed number keeps its entry without its digits. With `suppress`, the numbers are
 * suppressed too (a person who asked to be erased is never texted again).
 */
export async function eraseEvidence(ctx: Pick<Ctx, 'config'>, tx: Db, accountId: string, contactIds: string[], phones: string[], opts: { suppress?: boolean } = {}) {
  const hashes = phones.map((p) => phoneHash(ctx, p));
  const events = await repo.eventsOf(tx, accountId, contactIds, hashes);
  await repo.replaceEvidence(tx, accountId, events.map((e) => ({ id: e.id, evidence: hashedEvidence(ctx.config.secretKey, e.evidence) })));
  await repo.clearSuppressedPhones(tx, accountId, hashes);
  if (opts.suppress) await repo.suppressHashes(tx, accountId, hashes, 'erasure');
  return { events: events.length };
}

/**
 * Account deletion: every consent event of the account stays 4 years (DESIGN) keyed by the
 * number's hash, detached from its contact, its evidence hashed and its recorder's name gone.
 */
export async function hashAccountEvidence(ctx: Pick<Ctx, 'config'>, tx: Db, accountId: string): Promise<number> {
  const events = await repo.allEventsOf(tx, accountId);
  await repo.replaceEvidence(tx, accountId, events.map((e) => ({ id: e.id, evidence: hashedEvidence(ctx.config.secretKey, e.evidence) })), { dropRecorder: true });
  return events.length;
}

/** Deletes the kept consent events of an erased account once their 4 years are over. */
export function purgeAccountEvidence(tx: Db, accountId: string): Promise<number> {
  return repo.deleteAllEvents(tx, accountId);
}
