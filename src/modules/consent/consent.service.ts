import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { badRequest } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken } from '../../lib/tokens.js';
import type { Actor } from '../audit/audit.service.js';
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
  } = {},
): Promise<void> {
  const stateSet = opts.stateSet ?? new Set<string>();
  if (!changes.length) return;
  const now = ctx.now();
  const hashed = changes.map((c) => ({ ...c, hash: phoneHash(ctx, c.phone) }));
  await repo.insertEvents(tx, hashed.map((c) => ({
    id: newUuid(), accountId, contactId: c.contactId, phoneHash: c.hash, kind: c.kind, source: c.source,
    evidence: stripEmpty(c.evidence), recordedBy: actor.label, occurredAt: c.occurredAt ?? now,
  })));
  for (const kind of CONSENT_KINDS) {
    const ids = changes.filter((c) => c.kind === kind && c.contactId && !stateSet.has(c.contactId)).map((c) => c.contactId!);
    await repo.setContactState(tx, accountId, ids, stateAfter(kind), now);
  }
  await repo.suppress(tx, accountId, hashed.filter((c) => c.kind === 'opt_out').map((c) => ({ phoneHash: c.hash, phone: c.phone, source: c.source })));
  if (!opts.noneSuppressed) await repo.unsuppress(tx, accountId, hashed.filter((c) => c.kind === 'opt_in').map((c) => c.hash));
}

function stripEmpty(e: ConsentEvidence): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

export async function isSuppressed(ctx: Ctx, db: Db, accountId: string, e164: string): Promise<boolean> {
  return (await repo.suppressedHashes(db, accountId, [phoneHash(ctx, e164)])).size > 0;
}

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
