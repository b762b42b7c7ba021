import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s) through the `otpauth` package. A code is accepted
 * for the current step or one step either side (clock drift); the caller refuses a step that
 * is not after the last accepted one (replay).
 */
export const TOTP_ISSUER = 'West Message';
const PERIOD = 30;

const totpOf = (secretBase32: string, label = 'operator') =>
  new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });

/** A new random secret (160 bits), base32. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads (from the QR code). */
export const totpUri = (secretBase32: string, label: string): string => totpOf(secretBase32, label).toString();

/** The time step a code matches at `now` (null: it matches none within ±1 step). */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}
