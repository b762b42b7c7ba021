import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { newUuid } from '../../lib/ids.js';
import { GENESIS_HASH, canonicalJson, checkChainPage, hashEntry, type ChainCheck } from './audit-chain.js';
import * as repo from './audit.repo.js';

export type { AuditRow } from './audit.repo.js';

export type ActorType = 'user' | 'api_key' | 'system' | 'operator' | 'anonymous';
export interface Actor {
  type: ActorType;
  id: string | null;
  label: string | null;
}
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
export interface AuditInput {
  accountId: string | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string } | null;
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' };
export const PLATFORM_CHAIN = 'platform';
const chainOf = (accountId: string | null) => accountId ?? PLATFORM_CHAIN;

/**
 * Appends an entry to the account's hash chain inside the caller's transaction, so the
 * entry exists exactly when the change it describes does.
 */
export async function recordAudit(tx: Db, input: AuditInput): Promise<void> {
  const chain = chainOf(input.accountId);
  const head = await repo.lockHead(tx, chain);
  const fields = {
    id: newUuid(),
    chain,
    seq: head.seq + 1,
    accountId: input.accountId,
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    ip: input.meta?.ip ?? null,
    userAgent: input.meta?.userAgent ?? null,
    details: canonicalJson(input.details ?? {}),
    createdAt: new Date(),
    prevHash: head.hash,
  };
  await repo.append(tx, { ...fields, hash: hashEntry(fields) });
}

/** Records in a transaction of its own (for events whose cause is not being committed). */
export function recordAuditAlone(db: Db, input: AuditInput): Promise<void> {
  return withTx(db, (tx) => recordAudit(tx, input));
}

export async function listAudit(db: Db, accountId: string, beforeSeq: number | null, limit: number) {
  const rows = await repo.listPage(db, chainOf(accountId), beforeSeq, limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextSeq: rows.length > limit ? page[page.length - 1].seq : null };
}

export async function verifyAudit(db: Db, accountId: string | null, pageSize = 1000): Promise<ChainCheck> {
  const chain = chainOf(accountId);
  const state = { prevHash: GENESIS_HASH, seq: 0, checked: 0 };
  for (;;) {
    const page = await repo.scanPage(db, chain, state.seq, pageSize);
    const broken = checkChainPage(page, state);
    if (broken) return broken;
    if (page.length < pageSize) break;
  }
  const head = await repo.head(db, chain);
  if (head && (head.seq !== state.seq || head.hash !== state.prevHash)) {
    // Entries were removed from the end of the chain.
    return { ok: false, checked: state.checked, reason: 'head_mismatch' };
  }
  return { ok: true, checked: state.checked };
}
