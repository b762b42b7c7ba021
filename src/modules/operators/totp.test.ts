import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';

/** RFC 4226/6238 written out here, independently of the `otpauth` package the server uses. */
function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

describe('TOTP', () => {
  // RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (the last 6 digits of the 8-digit values).
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s the RFC 6238 code %s matches its own step', (seconds, code) => {
    expect(hotp(base32Decode(RFC_SECRET), Math.floor(seconds / 30))).toBe(code);
    expect(matchingStep(RFC_SECRET, code, new Date(seconds * 1000))).toBe(Math.floor(seconds / 30));
  });

  it('accepts one step of drift either way, not two; refuses malformed codes', () => {
    const secret = newTotpSecret();
    const key = base32Decode(secret);
    const now = new Date('2026-06-01T12:00:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(matchingStep(secret, hotp(key, step - 1), now)).toBe(step - 1);
    expect(matchingStep(secret, hotp(key, step + 1), now)).toBe(step + 1);
    expect(matchingStep(secret, hotp(key, step + 2), now)).toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456']) expect(matchingStep(secret, bad, now)).toBeNull();
  });

  it('new secrets are 160-bit base32 and the URI names the issuer and account', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, 'ops@example.com')).toBe(`otpauth://totp/West%20Message:ops%40example.com?issuer=West%20Message&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
  });
});
