/**
 * X-Twilio-Signature (pure): base64 HMAC-SHA1, keyed with the account's auth token, over the full
 * URL Twilio called followed by every POST parameter sorted by name, each as name + value
 * (a repeated parameter: its distinct values sorted, each as name + value).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type FormParams = Record<string, string | string[]>;

/** application/x-www-form-urlencoded → params; a repeated name becomes an array. Null when not decodable. */
export function parseForm(raw: Buffer | string): FormParams | null {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const out: FormParams = Object.create(null) as FormParams; // "__proto__" is a plain name here
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    let k: string;
    let v: string;
    try {
      k = decodeURIComponent((eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      v = eq === -1 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return null; // a bad %-escape or invalid UTF-8
    }
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The string Twilio signs. Names sort by UTF-16 code units (what Twilio's libraries do). */
export function signingString(url: string, params: FormParams): string {
  return url + paramsPart(params);
}

/** The part of the signed string after the URL (the same for every form of the URL). */
function paramsPart(params: FormParams): string {
  let data = '';
  for (const name of Object.keys(params).sort()) {
    const v = params[name];
    const values = Array.isArray(v) ? [...new Set(v)].sort() : [v];
    for (const value of values) data += name + value;
  }
  return data;
}

export function expectedSignature(authToken: string, url: string, params: FormParams): string {
  return createHmac('sha1', authToken).update(signingString(url, params), 'utf8').digest('base64');
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

/** The URL with its port removed, and with the scheme's default port added (when it had none). */
export function portVariants(url: string): string[] {
  const m = AUTHORITY.exec(url);
  if (!m) return [url];
  const [, scheme, authority, rest] = m;
  const at = authority.lastIndexOf('@') + 1;
  const hostPort = authority.slice(at);
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const base = scheme + authority.slice(0, at) + host;
  const withPort = colon === -1 ? base + (scheme.toLowerCase() === 'https://' ? ':443' : ':80') : base + hostPort.slice(colon);
  return [...new Set([base + rest, withPort + rest])];
}

/** Every form of the URL Twilio may have signed: as received and as `new URL()` normalises it, with and without the port. */
export function candidateUrls(url: string): string[] {
  const out = new Set(portVariants(url));
  try {
    for (const u of portVariants(new URL(url).toString())) out.add(u);
  } catch { /* not a URL: only the as-received forms */ }
  return [...out];
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * True when the header matches the signature of one of the URL's forms (constant-time compare each).
 * The URL as received is tried first — what a carrier signs nearly always — and the other forms only
 * when it does not match (which form matched tells nothing secret: the URL is the caller's own).
 */
export function verifySignature(authToken: string, header: string, url: string, params: FormParams): boolean {
  if (!authToken || !header) return false;
  const rest = paramsPart(params);
  const matches = (u: string) => sameSignature(header, createHmac('sha1', authToken).update(u + rest, 'utf8').digest('base64'));
  if (matches(url)) return true;
  let ok = false;
  for (const u of candidateUrls(url)) if (u !== url) ok = matches(u) || ok;
  return ok;
}
