import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The fields of an audit entry that its MAC covers. `chain` names the chain the entry
 * belongs to (`account:<uuid>` or `platform:<name>`), so an entry cannot be moved from
 * one chain to another.
 */
export interface ChainedFields {
  chain: string;
  seq: number;
  id: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: string;
  createdAt: Date;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The serialisation an entry's MAC covers (what an attacker also knows: the code is public). */
export function canonicalEntry(e: ChainedFields): string {
  return JSON.stringify([
    'west-message/audit-entry/v2', e.chain, e.seq, e.id, e.prevHash, e.actorType, e.actorId, e.actorLabel, e.action,
    e.targetType, e.targetId, e.ip, e.userAgent, e.details, e.createdAt.toISOString(),
  ]);
}

/**
 * HMAC-SHA256 of the entry under the audit key. The database never holds the key, so
 * whoever can write the tables but not read the server's configuration cannot produce a
 * valid entry.
 */
export function hashEntry(key: Buffer, e: ChainedFields): string {
  return createHmac('sha256', key).update(canonicalEntry(e)).digest('hex');
}

/** Details are stored as canonical JSON text (sorted keys) so that their MAC is stable. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export type ChainProblem =
  | 'hash_mismatch'
  | 'link_broken'
  | 'sequence_gap'
  | 'head_mismatch'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_other_chain'
  | 'behind_checkpoint'
  | 'checkpoint_mismatch';

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenId?: string;
  reason?: ChainProblem;
}

export interface WalkState {
  prevHash: string;
  seq: number;
  checked: number;
}

export type StoredEntry = Omit<ChainedFields, 'chain'> & { hash: string };

/**
 * Walks entries in sequence order and reports the first one whose MAC, link to its
 * predecessor or sequence number does not hold. `state` carries over between pages.
 */
export function checkChainPage(key: Buffer, chain: string, entries: StoredEntry[], state: WalkState): ChainCheck | null {
  for (const e of entries) {
    state.checked += 1;
    const broken = (reason: ChainProblem): ChainCheck => ({ ok: false, checked: state.checked, firstBrokenId: e.id, reason });
    if (e.seq !== state.seq + 1) return broken('sequence_gap');
    if (e.prevHash !== state.prevHash) return broken('link_broken');
    if (!sameHex(hashEntry(key, { ...e, chain }), e.hash)) return broken('hash_mismatch');
    state.prevHash = e.hash;
    state.seq = e.seq;
  }
  return null;
}

/** A signed statement "chain X had N entries ending in hash H at time T". */
export interface CheckpointBody {
  chain: string;
  seq: number;
  hash: string;
  at: string;
}

export function signCheckpoint(key: Buffer, c: CheckpointBody): string {
  return createHmac('sha256', key).update(JSON.stringify(['west-message/audit-checkpoint/v1', c.chain, c.seq, c.hash, c.at])).digest('hex');
}

export function checkpointSignatureValid(key: Buffer, c: CheckpointBody, signature: string): boolean {
  return sameHex(signCheckpoint(key, c), signature);
}

/** Constant-time comparison of two hex MACs. */
function sameHex(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(actual, 'hex');
  return a.length === b.length && b.length > 0 && actual.length === expected.length && timingSafeEqual(a, b);
}
