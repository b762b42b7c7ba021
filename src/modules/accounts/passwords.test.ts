import { createRequire } from 'node:module';
import * as zxcvbnEsm from '@zxcvbn-ts/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_SCORED_LENGTH, checkPassword, hashPassword, verifyPassword } from './passwords.js';

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

  describe('long passwords cost a bounded amount of scoring', () => {
    // zxcvbn's cost grows with the length (seconds of CPU for 256 l33t-like characters): the
    // scorer must never see more than PASSWORD_SCORED_LENGTH characters, whatever is sent.
    // Spied in the package's ES module and CommonJS builds (one and the same in Node), whichever passwords.ts loads.
    const cjs = createRequire(import.meta.url)('@zxcvbn-ts/core') as typeof zxcvbnEsm;
    const builds = [...new Set([zxcvbnEsm.ZxcvbnFactory.prototype, cjs.ZxcvbnFactory.prototype])];
    const spies = () => builds.map((proto) => vi.spyOn(proto, 'check'));
    const scored = (s: ReturnType<typeof spies>) => s.flatMap((spy) => spy.mock.calls.map((call) => call[0]));
    afterEach(() => vi.restoreAllMocks());

    it('scores at most the first PASSWORD_SCORED_LENGTH characters of the longest password allowed', () => {
      const s = spies();
      const leet = '4@13!|0$5+7a4@e3i1!o0s5$t7+l|';
      const longest = Array.from({ length: PASSWORD_MAX_LENGTH }, (_, i) => leet[i % leet.length]).join('');
      checkPassword(longest);
      checkPassword(`violet-harbour-lantern-42-${'q'.repeat(PASSWORD_MAX_LENGTH - 26)}`, ['n'.repeat(10_000)]);
      const seen = scored(s);
      expect(seen).toHaveLength(2);
      expect(seen).toEqual([longest.slice(0, PASSWORD_SCORED_LENGTH), `violet-harbour-lantern-42-${'q'.repeat(PASSWORD_SCORED_LENGTH - 26)}`]);
    });

    it('refuses a password over the maximum without scoring it', () => {
      const s = spies();
      expect(checkPassword('4@13!|0$5+7'.repeat(910))).toBe('too_long'); // 10,010 characters
      expect(scored(s)).toEqual([]);
    });

    it('judges a long password by its scored start: a guessable start is refused whatever follows', () => {
      expect(checkPassword(`${'a'.repeat(PASSWORD_SCORED_LENGTH)}violet-harbour-lantern-42`)).toBe('too_common');
      expect(checkPassword(`violet-harbour-lantern-42${'a'.repeat(100)}`)).toBe(null);
    });
  });
});
