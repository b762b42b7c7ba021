import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for values the server must read back (outgoing mail bodies, provider
 * credentials): AES-256-GCM with a key derived by HKDF-SHA256 from a configured secret and a
 * purpose label, so one SECRET_KEY yields independent keys per use and a ciphertext made for
 * one purpose never opens under another.
 *
 * Format: `wm1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts). `keyId` names the derived
 * key, so after a rotation (new secret first, old ones kept in the list) old values still
 * open and new ones are written under the new key. Optional associated data (e.g. the row
 * id) binds a ciphertext to its row: copied onto another row it does not open.
 */
export interface SecretBox {
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(box: string, associatedData?: string): string;
  /** True when `box` was written by this helper (any key). */
  isBox(value: string): boolean;
}

const VERSION = 'wm1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

interface DerivedKey { id: string; key: Buffer }

function derive(secret: string, purpose: string): DerivedKey {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from(`west-message/${purpose}`, 'utf8'), 32));
  // The id is a fingerprint of the derived key: it names the key without revealing it.
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return { id, key };
}

/**
 * A box for one purpose. `secrets[0]` encrypts; every secret in the list decrypts (rotation:
 * put the new secret first, keep the old ones until their values are re-encrypted).
 */
export function secretBox(secrets: string | string[], purpose: string): SecretBox {
  const list = (Array.isArray(secrets) ? secrets : [secrets]).filter((s) => s.length > 0);
  if (list.length === 0) throw new SecretBoxError('secret box: no secret given');
  if (!/^[a-z0-9._:-]{1,100}$/i.test(purpose)) throw new SecretBoxError('secret box: the purpose is a short label');
  const keys = list.map((s) => derive(s, purpose));
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const aad = (associatedData: string | undefined) => Buffer.from(`${purpose}\u0000${associatedData ?? ''}`, 'utf8');

  return {
    encrypt(plaintext, associatedData) {
      const { id, key } = keys[0];
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(box, associatedData) {
      const parts = box.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('secret box: not a sealed value');
      const key = byId.get(parts[1]);
      if (!key) throw new SecretBoxError('secret box: sealed with a key that is not configured');
      const iv = Buffer.from(parts[2], 'base64url');
      const body = Buffer.from(parts[3], 'base64url');
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SecretBoxError('secret box: malformed value');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(associatedData));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('secret box: the value was altered or belongs elsewhere');
      }
    },
    isBox(value) {
      return value.startsWith(`${VERSION}.`) && value.split('.').length === 4;
    },
  };
}
