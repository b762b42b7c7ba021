import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { conflict } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import {
  GENESIS_HASH, canonicalJson, checkChainPage, checkpointSignatureValid, hashEntry, signCheckpoint,
  type ChainCheck, type CheckpointBody, type StoredEntry, type WalkState,
} from './audit-chain.js';
import { currentAuditKey } from './audit-key.js';
import * as repo from './audit.repo.js';
import type { ChainRef, Head } from './audit.repo.js';

import type { Actor, RequestMeta } from '../../lib/actor.js';
export type { Actor, ActorType, RequestMeta } from '../../lib/actor.js';
export interface AuditInput {
  accountId: string;
  actor: Actor;
  action: string;
  target?: { type: string; id: string } | null;
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}
/** An event of no account (e.g. a failed sign-in for an unknown email), on a platform chain. */
export type PlatformAuditInput = Omit<AuditInput, 'accountId'> & { chain?: string };

export type AuditRow = StoredEntry;
export type { ChainRef, Head };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' };
export const PLATFORM_CHAIN = 'platform';

/** The chain name an entry's MAC and a checkpoint's signature cover. */
export const chainName = (ref: ChainRef) => ('accountId' in ref ? `account:${ref.accountId}` : `platform:${ref.platform}`);

async function append(tx: Db, ref: ChainRef, input: Omit<AuditInput, 'accountId'>): Promise<void> {
  const key = currentAuditKey();
  const head = await repo.lockHead(tx, ref);
  const fields = {
    seq: head.seq + 1,
    id: newUuid(),
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
  await repo.append(tx, ref, { ...fields, hash: hashEntry(key, { ...fields, chain: chainName(ref) }) });
}

/**
 * Appends an entry to the account's chain inside the caller's transaction, so the entry
 * exists exactly when the change it describes does. Costs two statements: lock the head,
 * insert (the database checks the link and moves the head).
 */
export function recordAudit(tx: Db, input: AuditInput): Promise<void> {
  return append(tx, { accountId: input.accountId }, input);
}

export function recordPlatformAudit(tx: Db, input: PlatformAuditInput): Promise<void> {
  return append(tx, { platform: input.chain ?? PLATFORM_CHAIN }, input);
}

/**
 * Records in a transaction of its own (for events whose cause is not being committed);
 * without an account the entry goes to the platform chain.
 */
export function recordAuditAlone(db: Db, input: Omit<AuditInput, 'accountId'> & { accountId: string | null }): Promise<void> {
  const { accountId, ...rest } = input;
  return withTx(db, (tx) => (accountId ? recordAudit(tx, { accountId, ...rest }) : recordPlatformAudit(tx, rest)));
}

export async function listAudit(db: Db, accountId: string, beforeSeq: number | null, limit: number) {
  const rows = await repo.listPage(db, { accountId }, beforeSeq, limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextSeq: rows.length > limit ? page[page.length - 1].seq : null };
}

export type SignedCheckpoint = CheckpointBody & { signature: string };

/**
 * A signed statement of the chain's head now, for the owner to keep outside the database.
 * The head entry's MAC is checked first, so a forged head is never signed.
 */
export async function issueCheckpoint(db: Db, key: Buffer, ref: ChainRef, now: Date): Promise<SignedCheckpoint> {
  const head = (await repo.head(db, ref)) ?? { seq: 0, hash: GENESIS_HASH };
  if (head.seq > 0) {
    const last = await repo.entryAt(db, ref, head.seq);
    const state: WalkState = { prevHash: last?.prevHash ?? '', seq: head.seq - 1, checked: 0 };
    if (!last || last.hash !== head.hash || checkChainPage(key, chainName(ref), [last], state)) {
      throw conflict('audit_chain_broken', 'The audit chain does not verify; no checkpoint is issued. Run a verification.');
    }
  }
  const body: CheckpointBody = { chain: chainName(ref), seq: head.seq, hash: head.hash, at: now.toISOString() };
  return { ...body, signature: signCheckpoint(key, body) };
}

export interface AuditVerdict extends ChainCheck {
  /** Where the walk ended: the number of intact entries and the last one's hash. */
  head: Head;
}

/**
 * Walks the whole chain checking every MAC and link, compares the stored head, then (when
 * given) the owner's checkpoint: a chain that is now shorter than the checkpoint, or whose
 * entry at the checkpoint differs, was truncated or rewritten.
 */
export async function verifyChain(db: Db, key: Buffer, ref: ChainRef, checkpoint?: SignedCheckpoint | null, pageSize = 1000): Promise<AuditVerdict> {
  const name = chainName(ref);
  const genesis: Head = { seq: 0, hash: GENESIS_HASH };
  if (checkpoint) {
    if (!checkpointSignatureValid(key, checkpoint, checkpoint.signature)) return { ok: false, checked: 0, reason: 'checkpoint_signature_invalid', head: genesis };
    if (checkpoint.chain !== name) return { ok: false, checked: 0, reason: 'checkpoint_other_chain', head: genesis };
  }
  const state: WalkState = { prevHash: GENESIS_HASH, seq: 0, checked: 0 };
  for (;;) {
    const page = await repo.scanPage(db, ref, state.seq, pageSize);
    const broken = checkChainPage(key, name, page, state);
    if (broken) return { ...broken, head: { seq: state.seq, hash: state.prevHash } };
    if (page.length < pageSize) break;
  }
  const walked: Head = { seq: state.seq, hash: state.prevHash };
  const stored = (await repo.head(db, ref)) ?? genesis;
  // A head beyond the last entry: entries were removed from the end of the chain.
  if (stored.seq !== walked.seq || stored.hash !== walked.hash) return { ok: false, checked: state.checked, reason: 'head_mismatch', head: walked };
  if (checkpoint) {
    if (checkpoint.seq > walked.seq) return { ok: false, checked: state.checked, reason: 'behind_checkpoint', head: walked };
    const there = checkpoint.seq === 0 ? { id: undefined, hash: GENESIS_HASH } : await repo.entryAt(db, ref, checkpoint.seq);
    if (!there || there.hash !== checkpoint.hash) {
      return { ok: false, checked: state.checked, reason: 'checkpoint_mismatch', firstBrokenId: there?.id, head: walked };
    }
  }
  return { ok: true, checked: state.checked, head: walked };
}
