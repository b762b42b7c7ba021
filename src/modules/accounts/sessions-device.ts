import Bowser from 'bowser';
import { hashToken } from '../../lib/tokens.js';

/** What a person sees of a device: parsed from the user agent (bowser), never trusted for access. */
export interface Device {
  browser: string | null;
  os: string | null;
  /** desktop | mobile | tablet | tv | bot | null */
  type: string | null;
  /** "Chrome 120 on macOS", "Safari on iOS (mobile)", "Unknown device". */
  label: string;
}

const major = (v: string | undefined) => (v ? v.split('.')[0] : null);

/** The device behind a user agent; an absent or unparseable one is "Unknown device". */
export function deviceOf(userAgent: string | null | undefined): Device {
  const ua = (userAgent ?? '').slice(0, 500);
  if (!ua.trim()) return { browser: null, os: null, type: null, label: 'Unknown device' };
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(ua);
  } catch {
    return { browser: null, os: null, type: null, label: 'Unknown device' };
  }
  const browser = parsed.browser.name ?? null;
  const os = parsed.os.name ?? null;
  const type = parsed.platform.type ?? null;
  const version = major(parsed.browser.version);
  const b = browser ? (version ? `${browser} ${version}` : browser) : null;
  const where = os ? `${os}${type && type !== 'desktop' ? ` (${type})` : ''}` : type;
  const label = b && where ? `${b} on ${where}` : b ?? where ?? 'Unknown device';
  return { browser, os, type, label };
}

/**
 * The device fingerprint of a sign-in: a keyed hash of browser family + OS family + device
 * type (no versions: a browser update is not a new device). Stored instead of anything finer.
 */
export function deviceHash(secretKey: string, userAgent: string | null | undefined): string {
  const d = deviceOf(userAgent);
  return hashToken(secretKey, `device:${d.browser ?? '?'}|${d.os ?? '?'}|${d.type ?? '?'}`);
}
