/**
 * Link tracking rules, pure: which text is a URL (one pattern, run by JavaScript in the preview and
 * by PostgreSQL in the fan-out, so both shorten exactly the same spans), short codes, short URLs,
 * who counts as a click, an account's own domain, and the redirect page.
 */
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { createIsbotFromList, list as botPatterns } from 'isbot';
import { escapeHtml } from '../../lib/text.js';

/** Base62: 12 characters carry 71 bits of randomness. */
export const CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const CODE_LENGTH = 12;
const CODE = new RegExp(`^[0-9A-Za-z]{${CODE_LENGTH}}$`);
/** The code shown in previews: any code has this length, so the preview's segments are exact. */
export const SAMPLE_CODE = 'Xy7Kp2Qm9Rt4';

/** `n` fresh codes from the system's CSPRNG (rejection sampling: every character equally likely). */
export function newCodes(n: number): string[] {
  const out: string[] = [];
  let code = '';
  while (out.length < n) {
    for (const b of randomBytes(Math.max(16, (n - out.length) * CODE_LENGTH * 1.1) | 0)) {
      if (b >= 248) continue; // 248 = 4 × 62
      code += CODE_ALPHABET[b % 62];
      if (code.length === CODE_LENGTH) {
        out.push(code);
        code = '';
        if (out.length === n) break;
      }
    }
  }
  return out;
}

export const isCode = (s: string) => CODE.test(s);

/** Characters that end a URL: whitespace (odd spaces too), and what never stands in one unescaped. */
const STOP = ' \t\n\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000<>"';
/** A URL's last character is not sentence punctuation or a closing bracket ("see https://x.co/a." ends at "a"). */
const TAIL = `.,;:!?'()\\[\\]{}*`;
/**
 * An http(s) URL in a text, for JavaScript (flags `gi`) and PostgreSQL (flags `gi` / `i`) alike:
 * no shorthand classes, no lookaround, no capture groups.
 */
export const URL_PATTERN = `https?://[^${STOP}]*[^${STOP}${TAIL}]`;
const URL_RE = () => new RegExp(URL_PATTERN, 'gi');

/** The URLs of a text, in order. */
export const urlsIn = (text: string): string[] => text.match(URL_RE()) ?? [];

/** Merge fields that never hold a URL (messaging/merge-fields.ts STANDARD_MERGE_FIELDS; custom fields may). */
const PLAIN_FIELDS = new Set(['first_name', 'last_name', 'email', 'phone']);
/**
 * Whether texts made from a campaign body can hold a URL: one in the body (fallbacks included), or a
 * custom merge field whose values might be one. False lets a batch skip looking at its texts.
 */
export function mayHoldUrls(template: string): boolean {
  if (urlsIn(template).length) return true;
  return [...template.matchAll(/\{\{\s*([^|}\s]+)/g)].some((m) => !PLAIN_FIELDS.has(m[1]));
}

/** The text with its i-th URL replaced by `short(i, url)`. */
export function replaceUrls(text: string, short: (i: number, url: string) => string): string {
  let i = 0;
  return text.replace(URL_RE(), (url) => short(i++, url));
}

/** Where short links of an account point: its own domain, else the platform's base (config SHORT_LINK_BASE_URL). */
export function shortBaseOf(platformBase: string, domain: string | null): string {
  if (!domain) return platformBase;
  return `https://${domain}${new URL(platformBase).pathname.replace(/\/$/, '')}`;
}
export const shortUrl = (base: string, code: string) => `${base}/${code}`;

/**
 * Link-preview fetchers and crawlers: isbot's list, less its "headless" pattern — a headless browser
 * really opens the page (automation, browser tests), it is no preview.
 */
const isPreviewBot = createIsbotFromList(botPatterns.filter((p) => p !== 'headless'));

/** HEAD requests, link-preview bots and crawlers, and a request without a user agent are not clicks. */
export function countsAsClick(method: string, userAgent: string | undefined): boolean {
  if (method !== 'GET') return false;
  if (!userAgent?.trim()) return false;
  return !isPreviewBot(userAgent);
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/**
 * An account's own short-link domain, normalised (lower case, no trailing dot), or null when it is
 * not a public host name: at least two labels, a top-level label of letters (no IP address), no
 * port, path or scheme, at most 253 characters.
 */
export function normaliseDomain(input: string): string | null {
  const d = input.trim().toLowerCase().replace(/\.$/, '');
  if (!d || d.length > 253) return null;
  const labels = d.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels[labels.length - 1])) return null;
  return d;
}

/** The host a request was addressed to (Host header), lower case, without port; null when absent. */
export function hostOf(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  const host = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  return host.replace(/\.$/, '') || null;
}

/** A destination as a Location header value (ASCII: host in punycode, the rest percent-encoded), or null when it is no http(s) URL. */
export function locationOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}


/** The redirect's body: names the destination (for a client that does not follow the Location). */
export function redirectPage(location: string): string {
  const e = escapeHtml(location);
  return `<!doctype html><meta charset="utf-8"><title>Redirecting</title><p>Redirecting to <a href="${e}">${e}</a></p>\n`;
}

/** How a fan-out batch makes its short links: codes derived from `secret` (links.service batchLinkRules), URLs `${base}/${code}`. */
export interface BatchLinkRules { accountId: string; campaignId: string; secret: string; base: string; domain: string | null }

/**
 * The `ord`-th short code of a message, in SQL: SHA-256(secret ‖ message id ‖ ord) in base64, its
 * first 42 characters (each one uniform 6 bits), less `+` and `/` (what is left is uniform over the
 * 62 letters and digits: rejection sampling, as newCodes), the first 12 of them — fewer than 12 of
 * 42 passing does not happen in practice (p < 1e-20). `secret` is 32 bytes from the system's CSPRNG,
 * fresh for each batch and never stored, so a code is as unpredictable as one drawn directly (71
 * bits), yet the batch's statement makes them itself, for the URLs it finds in the texts it composes.
 */
export const linkCodeSql = (secret: string, messageId: SQL, ord: SQL): SQL =>
  sql`left(translate(left(encode(sha256(decode(${secret}::text, 'hex') || uuid_send(${messageId}) || int8send(${ord}::bigint)), 'base64'), 42), '+/', ''), ${CODE_LENGTH}::int)`;

/** The text holds a URL (SQL). */
export const hasUrlSql = (text: SQL): SQL => sql`(${text} ~* ${URL_PATTERN}::text)`;

/**
 * CTEs (to follow a `with …,`) over the relation `src` (rn, message_id, contact_id, body: texts that
 * hold a URL, before their messages are written): `lk` one link per URL of each text (its own code,
 * URLs in text order), inserted into links, and `nb` (rn, body) each text with its URLs replaced by
 * its short URLs. The messages are then written once, with their final text.
 */
export function batchLinksSql(src: string, r: BatchLinkRules): SQL {
  const s = sql.raw(src);
  return sql`lk as (
      select s.rn, s.message_id, s.contact_id, u.url[1] as url, u.ord, ${linkCodeSql(r.secret, sql`s.message_id`, sql`u.ord`)} as code
      from ${s} s cross join lateral regexp_matches(s.body, ${URL_PATTERN}::text, 'gi') with ordinality as u(url, ord)
    ), li as (
      insert into links (account_id, code, campaign_id, message_id, contact_id, url, domain)
      select ${r.accountId}::uuid, lk.code, ${r.campaignId}::uuid, lk.message_id, lk.contact_id, lk.url, ${r.domain}::text from lk
    ), nb as (
      select s.rn, string_agg(t.part || coalesce(${r.base}::text || '/' || lk.code, ''), '' order by t.ord) as body
      from ${s} s cross join lateral regexp_split_to_table(s.body, ${URL_PATTERN}::text, 'i') with ordinality as t(part, ord)
      left join lk on lk.rn = s.rn and lk.ord = t.ord
      group by s.rn
    )`;
}

/**
 * A text (SQL) as it reads once its URLs are shortened: each URL replaced by `sampleUrl` (every short
 * URL has its length), for counting segments over an audience before the fan-out makes the real ones.
 */
export const shortenedTextSql = (text: SQL, sampleUrl: string): SQL => sql`regexp_replace(${text}, ${URL_PATTERN}::text, ${sampleUrl}::text, 'gi')`;
