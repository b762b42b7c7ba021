import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, checkChainPage, hashEntry, type ChainedFields } from './audit-chain.js';

function chain(n: number) {
  const out: Array<ChainedFields & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const f: ChainedFields = {
      id: `id${i}`, chain: 'c', seq: i, accountId: 'a', actorType: 'user', actorId: 'u', actorLabel: 'U', action: `a${i}`,
      targetType: null, targetId: null, ip: '1.2.3.4', userAgent: 'ua', details: '{}', createdAt: new Date(1_700_000_000_000 + i), prevHash: prev,
    };
    const hash = hashEntry(f);
    out.push({ ...f, hash });
    prev = hash;
  }
  return out;
}
const check = (entries: ReturnType<typeof chain>) => checkChainPage(entries, { prevHash: GENESIS_HASH, seq: 0, checked: 0 });

describe('audit hash chain', () => {
  it('accepts an intact chain', () => expect(check(chain(5))).toBeNull());

  const tampers: Array<[string, (c: ReturnType<typeof chain>) => ReturnType<typeof chain>, string, string]> = [
    ['an edited field', (c) => c.map((e, i) => (i === 2 ? { ...e, ip: '6.6.6.6' } : e)), 'id3', 'hash_mismatch'],
    ['edited details', (c) => c.map((e, i) => (i === 1 ? { ...e, details: '{"x":1}' } : e)), 'id2', 'hash_mismatch'],
    ['a removed entry', (c) => c.filter((_, i) => i !== 1), 'id3', 'sequence_gap'],
    ['a recomputed hash', (c) => c.map((e, i) => (i === 2 ? { ...e, action: 'x', hash: hashEntry({ ...e, action: 'x' }) } : e)), 'id4', 'link_broken'],
    ['swapped entries', (c) => [c[0], c[2], c[1], c[3]], 'id3', 'sequence_gap'],
  ];
  it.each(tampers)('finds %s', (_label, tamper, id, reason) => {
    expect(check(tamper(chain(4)))).toMatchObject({ ok: false, firstBrokenId: id, reason });
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});
