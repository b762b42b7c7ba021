import { createHash } from 'node:crypto';

/** The fields of an audit entry that its hash covers, in a fixed order. */
export interface ChainedFields {
  id: string;
  chain: string;
  seq: number;
  accountId: string | null;
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

export function hashEntry(e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.prevHash, e.id, e.chain, e.seq, e.accountId, e.actorType, e.actorId, e.actorLabel, e.action,
    e.targetType, e.targetId, e.ip, e.userAgent, e.details, e.createdAt.toISOString(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Details are stored as canonical JSON text (sorted keys) so that their hash is stable. */
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

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenId?: string;
  reason?: 'hash_mismatch' | 'link_broken' | 'sequence_gap' | 'head_mismatch';
}

/**
 * Walks entries in sequence order and reports the first one whose hash, link to its
 * predecessor or sequence number does not hold. `state` carries over between pages.
 */
export function checkChainPage(
  entries: Array<ChainedFields & { hash: string }>,
  state: { prevHash: string; seq: number; checked: number },
): ChainCheck | null {
  for (const e of entries) {
    state.checked += 1;
    if (e.seq !== state.seq + 1) return { ok: false, checked: state.checked, firstBrokenId: e.id, reason: 'sequence_gap' };
    if (e.prevHash !== state.prevHash) return { ok: false, checked: state.checked, firstBrokenId: e.id, reason: 'link_broken' };
    if (hashEntry(e) !== e.hash) return { ok: false, checked: state.checked, firstBrokenId: e.id, reason: 'hash_mismatch' };
    state.prevHash = e.hash;
    state.seq = e.seq;
  }
  return null;
}
