import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/** A high-entropy random token (256 bits), URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Tokens (sessions, API keys, invitation and reset links) are stored as a keyed hash: the
 * token has 256 bits of entropy, so a fast HMAC is safe, and a leaked table is useless
 * without SECRET_KEY.
 */
export function hashToken(secretKey: string, token: string): string {
  return createHmac('sha256', hmacKey(secretKey)).update(token).digest('base64url');
}

/** The secret as a key object, made once (a string key is converted on every HMAC); the same bytes, so the same hashes. */
let lastSecret: string | null = null;
let lastKey: KeyObject | null = null;
function hmacKey(secretKey: string): KeyObject {
  if (secretKey !== lastSecret || !lastKey) {
    lastKey = createSecretKey(Buffer.from(secretKey, 'utf8'));
    lastSecret = secretKey;
  }
  return lastKey;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
