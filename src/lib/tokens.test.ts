import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken } from './tokens.js';

describe('hashToken', () => {
  // The key object is cached per secret: hashes must be the HMAC of the secret's UTF-8 bytes, whichever secret came last.
  const cases: Array<[string, string]> = [
    ['bench-secret-key-0123456789abcdefghij', 'wm_live_abc'],
    ['another-secret-ümlaut-✓', 'phone:+16465550000'],
    ['bench-secret-key-0123456789abcdefghij', 'csrf:token'],
    ['', 'empty secret'],
  ];
  it.each(cases)('secret %j, value %j', (secret, value) => {
    expect(hashToken(secret, value)).toBe(createHmac('sha256', secret).update(value).digest('base64url'));
  });
});
