import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, verifyPassword } from './passwords.js';

describe('password policy', () => {
  const cases: Array<[string, string[], ReturnType<typeof checkPassword>]> = [
    ['short', [], 'too_short'],
    ['Xk9#mQ2!aB', [], 'too_short'],
    ['password1234', [], 'too_common'],
    ['qwertyuiop123', [], 'too_common'],
    ['aaaaaaaaaaaaaaaa', [], 'too_common'],
    ['iloveyou12345', [], 'too_common'],
    ['ada.lovelace@example.com', ['ada.lovelace@example.com'], 'too_common'],
    ['x'.repeat(300), [], 'too_long'],
    ['violet-harbour-lantern-42', [], null],
    ['correct horse battery staple', [], null],
  ];
  it.each(cases)('%s → %s', (pw, inputs, expected) => expect(checkPassword(pw, inputs)).toBe(expected));

  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('violet-harbour-lantern-42');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'violet-harbour-lantern-42')).toBe(true);
    expect(await verifyPassword(h, 'violet-harbour-lantern-43')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
