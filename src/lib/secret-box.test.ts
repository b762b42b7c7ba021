import { describe, expect, it } from 'vitest';
import { SecretBoxError, secretBox } from './secret-box.js';

const SECRET = 'test-secret-key-0123456789-abcdefghijklmnop';
const OTHER = 'another-secret-key-0123456789-abcdefghijkl';

describe('secret box', () => {
  it('round-trips text, including non-ASCII, and never shows it in the sealed form', () => {
    const box = secretBox(SECRET, 'email.body');
    for (const text of ['', 'hello', 'token=abc_DEF-123 ✓ 😀', 'x'.repeat(100_000)]) {
      const sealed = box.encrypt(text);
      expect(sealed).toMatch(/^wm1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      if (text.length > 3) expect(sealed).not.toContain(text.slice(0, 20));
      expect(box.decrypt(sealed)).toBe(text);
      expect(box.isBox(sealed)).toBe(true);
    }
    expect(box.isBox('plain text')).toBe(false);
  });

  it('uses a fresh IV: the same text seals differently each time', () => {
    const box = secretBox(SECRET, 'email.body');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a value sealed for another purpose, another row or under another secret', () => {
    const sealed = secretBox(SECRET, 'email.body').encrypt('secret', 'row-1');
    expect(() => secretBox(SECRET, 'provider.credentials').decrypt(sealed, 'row-1')).toThrow(SecretBoxError);
    expect(() => secretBox(SECRET, 'email.body').decrypt(sealed, 'row-2')).toThrow(SecretBoxError);
    expect(() => secretBox(OTHER, 'email.body').decrypt(sealed, 'row-1')).toThrow(/not configured/);
    expect(secretBox(SECRET, 'email.body').decrypt(sealed, 'row-1')).toBe('secret');
  });

  it('detects tampering and malformed values', () => {
    const box = secretBox(SECRET, 'email.body');
    const sealed = box.encrypt('pay 10 dollars');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(() => box.decrypt(tampered)).toThrow(/altered/);
    for (const bad of ['', 'wm1', 'wm2.a.b.c', `wm1.${parts[1]}.AAAA.AAAA`, 'wm1.a.b']) expect(() => box.decrypt(bad)).toThrow(SecretBoxError);
  });

  it('rotates: the new secret seals, old values still open, values of a dropped secret do not', () => {
    const old = secretBox(OTHER, 'email.body').encrypt('from before');
    const rotated = secretBox([SECRET, OTHER], 'email.body');
    expect(rotated.decrypt(old)).toBe('from before');
    const fresh = rotated.encrypt('after');
    expect(secretBox(SECRET, 'email.body').decrypt(fresh)).toBe('after');
    expect(() => secretBox(SECRET, 'email.body').decrypt(old)).toThrow(SecretBoxError);
  });

  it('refuses to work without a secret or with an odd purpose label', () => {
    expect(() => secretBox([], 'email.body')).toThrow(SecretBoxError);
    expect(() => secretBox(SECRET, 'has spaces in it')).toThrow(SecretBoxError);
  });
});
