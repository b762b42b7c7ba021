import type { Db } from '../../db/client.js';
import { stringify } from 'csv-stringify/sync';
import { withTx } from '../../db/tx.js';
import { escapeCsvCell } from '../../lib/csv.js';
import { conflict } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import {
  GENESIS_HASH, canonicalJson, checkChainPage, checkpointSignatureValid, hashEntry, signCheckpoint,
  type ChainCheck, type CheckpointBody, type StoredEntry, type WalkState,
} from './audit-chain.js';
import { currentAuditKey } from './audit-key.js';
import * as repo from './audit.repo.js';
import { targetNames } from './audit-targets.repo.js';
import { publicRef } from './audit-filter.js';
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
  const head = await repo.lockHead(tx, ref);
  await appendAfter(tx, ref, head, entryOf(input));
}

type EntryFields = Omit<StoredEntry, 'seq' | 'prevHash' | 'hash'>;

function entryOf(input: Omit<AuditInput, 'accountId'>): EntryFields {
  return {
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
  };
}

/** Appends one entry after `head` (locked by the caller) and returns the new head. */
async function appendAfter(tx: Db, ref: ChainRef, head: Head, entry: EntryFields): Promise<Head> {
  const fields = { ...entry, seq: head.seq + 1, prevHash: head.hash };
  const hash = hashEntry(currentAuditKey(), { ...fields, chain: chainName(ref) });
  await repo.append(tx, ref, { ...fields, hash });
  return { seq: fields.seq, hash };
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

/**
 * Records a read of personal data (a contact opened, its timeline read) without touching the
 * chain's head: one insert into the pending access log, so concurrent readers never queue
 * behind the account's chain lock. `sealReads` (a job every minute, and before the owner
 * lists the log) moves them into the chain in order.
 */
export async function recordAccess(db: Db, input: AuditInput): Promise<void> {
  const { accountId, ...rest } = input;
  await repo.insertPending(db, { accountId, ...entryOf(rest) });
}

/** Reads a sealing transaction moves at most (one head lock for all of them). */
export const SEAL_BATCH = 500;

/**
 * Moves an account's pending reads into its chain: lock the head once, append them in the
 * order they happened (their own times kept), delete them, commit. Returns how many moved.
 * Concurrent sealers of one account queue on the head and the second finds nothing left.
 */
export async function sealReads(db: Db, accountId: string, batch = SEAL_BATCH): Promise<number> {
  let moved = 0;
  for (;;) {
    const n = await withTx(db, async (tx) => {
      const ref = { accountId };
      let head = await repo.lockHead(tx, ref);
      const rows = await repo.pendingOf(tx, accountId, batch);
      for (const r of rows) {
        head = await appendAfter(tx, ref, head, {
          id: r.id, actorType: r.actorType, actorId: r.actorId, actorLabel: r.actorLabel, action: r.action, targetType: r.targetType,
          targetId: r.targetId, ip: r.ip, userAgent: r.userAgent, details: r.details, createdAt: r.createdAt,
        });
      }
      await repo.deletePending(tx, accountId, rows.map((r) => r.id));
      return rows.length;
    });
    moved += n;
    if (n < batch) return moved;
  }
}

/** The job: every account's pending reads, a bounded number of accounts per run. */
export async function sealAllReads(db: Db, maxAccounts = 1000): Promise<number> {
  let moved = 0;
  for (const accountId of await repo.accountsWithPending(db, maxAccounts)) moved += await sealReads(db, accountId);
  return moved;
}

export const pendingReads = (db: Db, accountId: string) => repo.countPending(db, accountId);

export type AuditFilter = repo.AuditFilter;
export type NamedAuditRow = AuditRow & { targetName: string | null };

/**
 * One page of the account's log, newest first, filtered, with each target's name (one query
 * for the whole page). Pending reads are sealed first, so the owner sees every read so far.
 */
/** Whether the account's audit log names any of these users (actor or target): its exports' audit_log would. */
export const auditNamesUsers = (db: Db, accountId: string, userIds: string[]) => userIds.length ? repo.namesUsers(db, accountId, userIds) : Promise.resolve(false);

export async function listAudit(db: Db, accountId: string, beforeSeq: number | null, limit: number, filter: AuditFilter = {}) {
  if (beforeSeq === null) await sealReads(db, accountId);
  const rows = await repo.listPage(db, { accountId }, beforeSeq, limit + 1, filter);
  const page = rows.slice(0, limit);
  const targets = page.filter((e) => e.targetType && e.targetId).map((e) => ({ type: e.targetType!, id: e.targetId! }));
  const names = await targetNames(db, accountId, targets);
  const named: NamedAuditRow[] = page.map((e) => ({ ...e, targetName: names.get(`${e.targetType}:${e.targetId}`) ?? null }));
  return { rows: named, nextSeq: rows.length > limit ? page[page.length - 1].seq : null };
}

/** One page of a platform chain (e.g. the operators' log), newest first. */
export async function listPlatformAudit(db: Db, chain: string, beforeSeq: number | null, limit: number): Promise<{ rows: AuditRow[]; nextSeq: number | null }> {
  const rows = await repo.listPage(db, { platform: chain }, beforeSeq, limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextSeq: rows.length > limit ? page[page.length - 1].seq : null };
}

/** Every matching entry, page by page (the CSV export), at most `max`. */
export async function* auditRowsFor(db: Db, accountId: string, filter: AuditFilter, max = 100_000, pageSize = 1000): AsyncGenerator<NamedAuditRow> {
  let before: number | null = null;
  let sent = 0;
  for (;;) {
    const page = await listAudit(db, accountId, before, pageSize, filter);
    for (const r of page.rows) {
      if (sent++ >= max) return;
      yield r;
    }
    if (page.nextSeq === null) return;
    before = page.nextSeq;
  }
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

export const AUDIT_CSV_COLUMNS = ['time', 'action', 'actor_type', 'actor_id', 'actor', 'target_type', 'target_id', 'target_name', 'ip', 'user_agent', 'details', 'event_id'];

/** One CSV line per entry; cells are neutralised against spreadsheet formulas. */
export function auditCsvRow(e: NamedAuditRow): string[] {
  return [
    e.createdAt.toISOString(), e.action, e.actorType, e.actorId ? publicRef(e.actorType, e.actorId) : '', e.actorLabel,
    e.targetType, e.targetType && e.targetId ? publicRef(e.targetType, e.targetId) : '', e.targetName, e.ip, e.userAgent, e.details,
    publicRef('audit', e.id),
  ].map(escapeCsvCell);
}

/**
 * The CSV export of the account's log: the export is itself recorded first (it carries
 * personal data: names, IPs), then the rows stream page by page.
 */
export async function exportAudit(
  db: Db, who: { accountId: string; actor: Actor; meta: RequestMeta }, filter: AuditFilter, query: Record<string, unknown>,
): Promise<AsyncGenerator<string>> {
  await withTx(db, (tx) => recordAudit(tx, { accountId: who.accountId, actor: who.actor, action: 'audit.exported', meta: who.meta, details: { filter: query } }));
  async function* lines() {
    yield stringify([AUDIT_CSV_COLUMNS]);
    let batch: string[][] = [];
    for await (const e of auditRowsFor(db, who.accountId, filter)) {
      batch.push(auditCsvRow(e));
      if (batch.length >= 500) {
        yield stringify(batch);
        batch = [];
      }
    }
    if (batch.length) yield stringify(batch);
  }
  return lines();
}
