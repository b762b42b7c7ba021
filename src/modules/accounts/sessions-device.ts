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
 * The network part of an IP address a device signs in from: the /24 of an IPv4 address (an
 * IPv4-mapped IPv6 one too), the /48 of an IPv6 address; null when absent or unparseable.
 */
export function ipPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(ip.trim());
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) ? `${v4.slice(1, 4).map(Number).join('.')}.0/24` : null;
  if (!ip.includes(':') || !/^[0-9a-f:]+$/i.test(ip.trim())) return null;
  const [head, tail = ''] = ip.trim().toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (ip.includes('::') ? left.length + right.length > 7 : left.length !== 8) return null;
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  if (groups.some((g) => g.length > 4)) return null;
  return `${groups.slice(0, 3).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/48`;
}

/**
 * The device fingerprint of a sign-in: a keyed hash of browser family + OS family + device
 * type (no versions: a browser update is not a new device) + the network prefix of the IP
 * address (ipPrefix). Stored instead of anything finer.
 */
export function deviceHash(secretKey: string, userAgent: string | null | undefined, ip?: string | null): string {
  const d = deviceOf(userAgent);
  return hashToken(secretKey, `device:${d.browser ?? '?'}|${d.os ?? '?'}|${d.type ?? '?'}|${ipPrefix(ip) ?? '?'}`);
}
