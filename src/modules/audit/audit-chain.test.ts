import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH, canonicalEntry, canonicalJson, checkChainPage, checkpointSignatureValid, hashEntry, signCheckpoint,
  type StoredEntry,
} from './audit-chain.js';
import { deriveAuditKey } from './audit-key.js';

const KEY = deriveAuditKey({ auditKey: undefined, secretKey: 'k'.repeat(40) });
const CHAIN = 'account:0190f1a2-0000-7000-8000-000000000001';

function chain(n: number, key = KEY, name = CHAIN): StoredEntry[] {
  const out: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const f = {
      seq: i, id: `id${i}`, actorType: 'user', actorId: 'u', actorLabel: 'U', action: `a${i}`, targetType: null, targetId: null,
      ip: '1.2.3.4', userAgent: 'ua', details: '{}', createdAt: new Date(1_700_000_000_000 + i), prevHash: prev,
    };
    const hash = hashEntry(key, { ...f, chain: name });
    out.push({ ...f, hash });
    prev = hash;
  }
  return out;
}
const check = (entries: StoredEntry[], key = KEY, name = CHAIN) =>
  checkChainPage(key, name, entries, { prevHash: GENESIS_HASH, seq: 0, checked: 0 });
/** What someone who can read the code but not the key computes. */
const plainSha = (e: StoredEntry) => createHash('sha256').update(canonicalEntry({ ...e, chain: CHAIN })).digest('hex');

describe('audit hash chain', () => {
  it('accepts an intact chain', () => expect(check(chain(5))).toBeNull());

  const tampers: Array<[string, (c: StoredEntry[]) => StoredEntry[], string, string]> = [
    ['an edited field', (c) => c.map((e, i) => (i === 2 ? { ...e, ip: '6.6.6.6' } : e)), 'id3', 'hash_mismatch'],
    ['edited details', (c) => c.map((e, i) => (i === 1 ? { ...e, details: '{"x":1}' } : e)), 'id2', 'hash_mismatch'],
    ['a removed entry', (c) => c.filter((_, i) => i !== 1), 'id3', 'sequence_gap'],
    ['a re-MACed entry (key known) not relinked', (c) => c.map((e, i) => (i === 2 ? { ...e, action: 'x', hash: hashEntry(KEY, { ...e, action: 'x', chain: CHAIN }) } : e)), 'id4', 'link_broken'],
    ['swapped entries', (c) => [c[0], c[2], c[1], c[3]], 'id3', 'sequence_gap'],
    ['a tail rewritten with plain SHA-256', (c) => c.map((e, i) => (i === 3 ? { ...e, action: 'x', hash: plainSha({ ...e, action: 'x' }) } : e)), 'id4', 'hash_mismatch'],
  ];
  it.each(tampers)('finds %s', (_label, tamper, id, reason) => {
    expect(check(tamper(chain(4)))).toMatchObject({ ok: false, firstBrokenId: id, reason });
  });

  it('refuses a chain made with another key or moved to another chain', () => {
    const other = deriveAuditKey({ auditKey: 'a'.repeat(40), secretKey: 'k'.repeat(40) });
    expect(check(chain(2, other))).toMatchObject({ reason: 'hash_mismatch', firstBrokenId: 'id1' });
    expect(check(chain(2), KEY, 'platform:platform')).toMatchObject({ reason: 'hash_mismatch', firstBrokenId: 'id1' });
  });

  it('derives a key of its own from SECRET_KEY, or uses AUDIT_KEY', () => {
    const fromSecret = deriveAuditKey({ auditKey: undefined, secretKey: 'k'.repeat(40) });
    expect(fromSecret.equals(KEY)).toBe(true);
    expect(fromSecret.toString('utf8')).not.toContain('k'.repeat(40));
    expect(deriveAuditKey({ auditKey: 'a'.repeat(40), secretKey: 'k'.repeat(40) }).equals(KEY)).toBe(false);
  });

  it('signs checkpoints and refuses edited ones', () => {
    const body = { chain: CHAIN, seq: 4, hash: chain(4)[3].hash, at: '2026-01-01T00:00:00.000Z' };
    const signature = signCheckpoint(KEY, body);
    expect(checkpointSignatureValid(KEY, body, signature)).toBe(true);
    for (const edited of [{ ...body, seq: 2 }, { ...body, hash: GENESIS_HASH }, { ...body, chain: 'account:x' }, { ...body, at: '2027-01-01T00:00:00.000Z' }]) {
      expect(checkpointSignatureValid(KEY, edited, signature)).toBe(false);
    }
    expect(checkpointSignatureValid(KEY, body, signature.slice(0, 62))).toBe(false);
    expect(checkpointSignatureValid(deriveAuditKey({ auditKey: 'a'.repeat(40), secretKey: '' }), body, signature)).toBe(false);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});
