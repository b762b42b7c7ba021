import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { canCopy } from '../../db/copy.js';
import { badRequest } from '../../lib/errors.js';
import { newUuids } from '../../lib/ids.js';
import { hashToken } from '../../lib/tokens.js';
import type { Actor } from '../audit/audit.service.js';
import { appendEvents, type NewEvent } from '../outbox/outbox.service.js';
import * as repo from './consent.repo.js';

export const CONSENT_KINDS = ['opt_in', 'opt_out'] as const;
export const CONSENT_SOURCES = ['keyword', 'web_form', 'import', 'api', 'agent', 'carrier'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export type ConsentSource = (typeof CONSENT_SOURCES)[number];
export type ConsentState = 'opted_in' | 'opted_out' | 'unknown';

export interface ConsentEvidence {
  wording?: string;
  ip?: string | null;
  userAgent?: string | null;
  url?: string;
  importId?: string;
  userId?: string | null;
  messageId?: string;
  note?: string;
}

/** Keyed hash of an E.164 number: what suppression and consent evidence keep after erasure. */
export const phoneHash = (ctx: Pick<Ctx, 'config'>, e164: string) => hashToken(ctx.config.secretKey, `phone:${e164}`);

export const stateAfter = (kind: ConsentKind): ConsentState => (kind === 'opt_in' ? 'opted_in' : 'opted_out');

export interface ConsentChange {
  contactId: string | null;
  phone: string;
  kind: ConsentKind;
  source: ConsentSource;
  evidence: ConsentEvidence;
  occurredAt?: Date;
  /** `phoneHash(phone)` when the caller has it already (imports hash each number once). */
  phoneHash?: string;
}

/**
 * Appends consent events and keeps the contacts' state and the suppression list in step, in
 * the caller's transaction. Opting out suppresses the number; opting in lifts it.
 */
export async function recordConsent(
  ctx: Ctx, tx: Db, accountId: string, actor: Actor, changes: ConsentChange[],
  opts: {
    /** Contacts inserted in this transaction with their state already set (imports). */
    stateSet?: ReadonlySet<string>;
    /** The caller checked that no opting-in number is suppressed (imports). */
    noneSuppressed?: boolean;
    /** `consentEventsCopy` of exactly these changes, built before the transaction (imports; PostgreSQL only). */
    eventsCopy?: string;
  } = {},
): Promise<void> {
  const stateSet = opts.stateSet ?? new Set<string>();
  if (!changes.length) return;
  const now = ctx.now();
  // The number's hash beside each change (an import batch: thousands; no copy of each change).
  const hashes = changes.map((c) => c.phoneHash ?? phoneHash(ctx, c.phone));
  const optOuts: Array<{ c: ConsentChange; hash: string }> = [];
  changes.forEach((c, i) => c.kind === 'opt_out' && optOuts.push({ c, hash: hashes[i] }));
  await lockOptOuts(tx, accountId, optOuts.map((x) => x.hash));
  if (opts.eventsCopy !== undefined && canCopy(tx)) await repo.copyEventsText(tx, opts.eventsCopy);
  else await repo.insertEvents(tx, eventRows(accountId, actor, changes, hashes, now));
  await appendEvents(tx, [consentRecorded(accountId, changes)]);
  for (const kind of CONSENT_KINDS) {
    const ids = changes.filter((c) => c.kind === kind && c.contactId && !stateSet.has(c.contactId)).map((c) => c.contactId!);
    await repo.setContactState(tx, accountId, ids, stateAfter(kind), now);
  }
  await repo.suppress(tx, accountId, optOuts.map(({ c, hash }) => ({ phoneHash: hash, phone: c.phone, source: c.source })));
  if (!opts.noneSuppressed) await repo.unsuppress(tx, accountId, hashes.filter((_, i) => changes[i].kind === 'opt_in'));
}

/** The event rows `recordConsent` writes for these changes (new ids; `hashes[i]` is change i's number's hash). */
function eventRows(accountId: string, actor: Actor, changes: ConsentChange[], hashes: string[], now: Date): repo.NewEvent[] {
  const ids = newUuids(changes.length);
  // An import's changes share one evidence object: strip it once, not once per row.
  const stripped = new Map<ConsentEvidence, Record<string, unknown>>();
  const evidenceOf = (e: ConsentEvidence) => stripped.get(e) ?? stripped.set(e, stripEmpty(e)).get(e)!;
  return changes.map((c, i) => ({
    id: ids[i], accountId, contactId: c.contactId, phoneHash: hashes[i], kind: c.kind, source: c.source,
    evidence: evidenceOf(c.evidence), recordedBy: actor.label, occurredAt: c.occurredAt ?? now,
  }));
}

/**
 * The event rows of `recordConsent(…, changes)` as COPY text, for its `eventsCopy` option: an
 * import builds them while it prepares a batch, so its transaction only sends them. Each change
 * must carry its `phoneHash`.
 */
export function consentEventsCopy(accountId: string, actor: Actor, changes: ConsentChange[], now: Date): string {
  return repo.eventsCopyText(eventRows(accountId, actor, changes, changes.map((c) => c.phoneHash!), now));
}

/**
 * STOP is final at commit. An opt-out holds, until its transaction ends, an exclusive lock per
 * (account, number) — or one per account for a bulk opt-out, so an import never fills the lock
 * table. A dispatcher takes the shared form of the same locks right before a hand-over and then
 * re-checks suppression (`lockForHandOver`): either its re-check comes after the opt-out
 * committed and sees it, or the opt-out waits for the hand-over's decision to commit first.
 */
export const BULK_OPT_OUT = 64;
const lockKey = (accountId: string, what: string) => BigInt.asIntN(64, createHash('sha256').update(`optout:${accountId}:${what}`).digest().readBigUInt64BE(0));
const sortedKeys = (keys: bigint[]) => [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
const accountKey = (accountId: string) => lockKey(accountId, '*');

/** The exclusive opt-out locks of these numbers (recordConsent takes them too): a check of who is suppressed made after them is not raced by another opt-out. */
export async function lockOptOuts(tx: Db, accountId: string, hashes: string[]) {
  if (!hashes.length) return;
  const keys = hashes.length > BULK_OPT_OUT ? [accountKey(accountId)] : hashes.map((h) => lockKey(accountId, h));
  await repo.lockKeys(tx, sortedKeys(keys), 'exclusive');
}

/**
 * For a hand-over: takes the shared opt-out locks of these numbers (and of the account) in one
 * statement, then reads which are suppressed in a second one (a snapshot taken after the locks
 * were granted). Returns them with the database clock at the re-check — the hand-over's
 * decision time. The caller commits before it hands anything to a carrier.
 */
export async function lockForHandOver(tx: Db, accountId: string, hashes: string[]): Promise<{ at: Date; suppressed: Set<string> }> {
  await repo.lockKeys(tx, sortedKeys([accountKey(accountId), ...hashes.map((h) => lockKey(accountId, h))]), 'shared');
  const r = await repo.suppressedNow(tx, accountId, hashes);
  return { at: r.at, suppressed: new Set(r.hashes) };
}

/** Opt-outs listed by contact in a `consent.recorded` event (more: counted only, as an import's). */
const LISTED_OPT_OUTS = 100;

/**
 * The internal outbox event of one consent write, whatever its source (keyword, form, API, agent,
 * import, erasure): what the analytics rollups count opt-ins and opt-outs from. Not published to
 * webhooks (src/modules/webhooks/events.ts lists what is); a single change is about its contact
 * (its subject, so an erasure redacts it), with the text it came from when there is one.
 */
export function consentRecorded(accountId: string, changes: ConsentChange[]): NewEvent {
  const outs = changes.filter((c) => c.kind === 'opt_out');
  const one = changes.length === 1 ? changes[0] : null;
  return {
    accountId, type: 'consent.recorded', subjectId: one?.contactId ?? null,
    payload: {
      optIns: changes.length - outs.length, optOuts: outs.length, sources: [...new Set(changes.map((c) => c.source))],
      messageId: one?.evidence.messageId ?? null,
      optOutContactIds: outs.length <= LISTED_OPT_OUTS ? outs.flatMap((c) => (c.contactId ? [c.contactId] : [])) : [],
    },
  };
}

function stripEmpty(e: ConsentEvidence): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

export async function isSuppressed(ctx: Ctx, db: Db, accountId: string, e164: string): Promise<boolean> {
  return (await repo.suppressedHashes(db, accountId, [phoneHash(ctx, e164)])).size > 0;
}

/** SQL expression for a composed statement (the send's): the number is suppressed, read in that statement (STOP is honoured at once). */
export const suppressedSql = repo.suppressedSql;

/** Which of these phone hashes the account has suppressed. */
export function suppressedHashes(db: Db, accountId: string, hashes: string[]): Promise<Set<string>> {
  return repo.suppressedHashes(db, accountId, hashes);
}

/** Suppressed numbers of the account, keyset-paginated on the phone hash. */
/** A page of the suppression list, after the phone hash of the previous page's last row. */
export function listSuppressions(db: Db, accountId: string, afterHash: string | null, limit: number) {
  if (afterHash !== null && !/^[A-Za-z0-9_-]{1,100}$/.test(afterHash)) throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  return repo.listSuppressions(db, accountId, afterHash, limit);
}
