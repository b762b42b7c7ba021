import { describe, expect, it, vi } from 'vitest';
import { TypeID } from 'typeid-js';
import { ID_PREFIX, fromPublicId, newUuid, toPublicId } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newUuid', () => {
  it('is a UUIDv7 of the current millisecond', () => {
    const before = Date.now();
    const id = newUuid();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('only ever increases within the process, also many ids in one millisecond and when the clock goes back', () => {
    const now = vi.spyOn(Date, 'now');
    try {
      const ids: string[] = [];
      now.mockReturnValue(1_800_000_000_000);
      for (let i = 0; i < 20_000; i++) ids.push(newUuid());
      now.mockReturnValue(1_799_999_999_000); // the clock went back a second
      for (let i = 0; i < 100; i++) ids.push(newUuid());
      now.mockReturnValue(1_800_000_000_001);
      ids.push(newUuid());
      expect(ids.findIndex((id, i) => i > 0 && !(id > ids[i - 1]))).toBe(-1);
      expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      // Set back 10 s or more (as tests with a controlled clock do), the ids follow the clock, as the uuid package's did.
      now.mockReturnValue(1_700_000_000_000);
      expect(parseInt(newUuid().replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
    } finally {
      now.mockRestore();
    }
  });

  it('has random bits: two processes (two fresh milliseconds) do not collide', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = newUuid();
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
  });
});

describe('public ids: the same strings and refusals as typeid-js TypeID', () => {
  const uuids = [newUuid(), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0190f0a1-2b3c-7d4e-8f50-617283940a1b'];
  it.each(uuids)('toPublicId / fromPublicId round trip %s', (uuid) => {
    for (const kind of ['message', 'contact', 'conversation', 'number', 'apiKey'] as const) {
      const id = toPublicId(kind, uuid);
      expect(id).toBe(TypeID.fromUUID(ID_PREFIX[kind], uuid).toString());
      expect(fromPublicId(kind, id)).toBe(uuid);
    }
  });

  const good = toPublicId('message', uuids[3]);
  const suffix = good.slice(good.indexOf('_') + 1);
  const malformed: Array<[string, string]> = [
    ['another kind', toPublicId('contact', uuids[3])],
    ['no prefix', suffix],
    ['empty', ''],
    ['prefix only', 'msg_'],
    ['suffix too short', `msg_${suffix.slice(1)}`],
    ['suffix too long', `msg_${suffix}0`],
    ['first character above 7 (overflow)', `msg_8${suffix.slice(1)}`],
    ['a character outside the alphabet', `msg_${suffix.slice(0, 25)}u`],
    ['upper case', `msg_${suffix.toUpperCase()}`],
    ['empty prefix before the underscore', `_${suffix}`],
    ['a uuid', uuids[3]],
  ];
  it.each(malformed)('fromPublicId refuses %s as TypeID does', (_label, input) => {
    let old: string | null;
    try {
      old = TypeID.fromString(input, 'msg').toUUID();
    } catch {
      old = null;
    }
    expect(fromPublicId('message', input)).toBe(old);
    expect(old).toBeNull();
  });
});
