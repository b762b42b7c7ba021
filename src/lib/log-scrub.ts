/**
 * What may never reach a log line: password hashes, tokens, session and API keys, phone numbers
 * (and the local part of email addresses). Pure functions, used by the logger configuration.
 */

const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear in a logged object. */
const SECRET_KEY = /pass(word|wd)|secret|token|authori[sz]ation|cookie|csrf|api[-_]?key|key[-_]?hash|otp|signature/i;
/** Keys a database error carries with the statement's bound values: dropped. */
const VALUE_KEYS = new Set(['params', 'parameters', 'values', 'bindings', 'queryOptions']);
/** Query parameters worth keeping in a logged URL; every other value is redacted. */
const SAFE_QUERY_KEYS = new Set(['limit', 'sort', 'order', 'status', 'format', 'direction', 'kind', 'type']);

const ARGON2 = /\$argon2(?:id|i|d)\$[^\s"',;)]*/g;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const API_KEY = /\bwm_[A-Za-z0-9_-]{16,}/g;
const TOKEN_PARAM = /([?&;]\s*(?:token|key|code|secret|password|session|signature|sig)=)[^&\s"'#]+/gi;
const LONG_OPAQUE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g;
/** +, then a digit, then 6–14 more digits, optionally split by spaces, dots, dashes or brackets. */
const PHONE = /(?<![\w+])(?:\+|%2B)[1-9](?:[\s.()-]{0,2}\d){6,14}(?!\d)/gi;
const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

function maskPhone(match: string): string {
  const digits = match.replace(/\D/g, '');
  const lead = match.startsWith('%') ? '%2B' : '+';
  return `${lead}${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** Masks secrets and personal data inside any text: messages, URLs, SQL, stack traces. */
export function scrubText(text: string): string {
  return text
    .replace(ARGON2, '$argon2[redacted]')
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(API_KEY, `wm_${REDACTED}`)
    .replace(TOKEN_PARAM, `$1${REDACTED}`)
    .replace(LONG_OPAQUE, (m) => (/\d/.test(m) && /[A-Za-z]/.test(m) ? REDACTED : m))
    .replace(PHONE, maskPhone)
    .replace(EMAIL, '$1***@$2');
}

/** A campaign short link's code (`/l/<12 base62>`, any one-segment prefix but /v1): it names a recipient. */
const SHORT_LINK_PATH = /^(\/(?!v1\/)[A-Za-z0-9_-]{1,20}\/)[0-9A-Za-z]{12}$/;

/** A request URL with every query value redacted except a few harmless ones (limit, sort…). */
export function scrubUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return scrubText(url.replace(SHORT_LINK_PATH, `$1${REDACTED}`));
  const path = url.slice(0, q).replace(SHORT_LINK_PATH, `$1${REDACTED}`);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch { /* keep it raw */ }
      return SAFE_QUERY_KEYS.has(name) ? pair : `${key}=${REDACTED}`;
    })
    .join('&');
  return scrubText(`${path}?${query}`);
}

/** SQL text: string literals become '?' (bound values never appear: they are dropped). */
export function scrubSql(sql: string): string {
  return scrubText(sql.replace(/'(?:[^']|'')*'/g, "'?'"));
}

/**
 * A database error message: drops Drizzle's "params: …" tail and the value PostgreSQL quotes after
 * a colon (`invalid input syntax for type integer: "…"`) or in a key (`Key (email)=(…)`).
 */
export function scrubErrorMessage(message: string): string {
  const cut = message.search(/\n\s*params:/);
  const head = cut >= 0 ? message.slice(0, cut) : message;
  const withSql = head.replace(/^(Failed query: )([\s\S]*)$/, (_m, p: string, sql: string) => p + scrubSql(sql));
  return scrubText(withSql.replace(/(: |\bvalue |\bToken )"(?:[^"]|"")*"/g, `$1"${REDACTED}"`).replace(/\)=\((?:[^)]*)\)/g, `)=(${REDACTED})`));
}

const MAX_DEPTH = 6;

/** An error as a plain, safe object: message, stack frames and fields, minus bound values. */
export function scrubError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrubText(String(err)) };
  const type = err.constructor?.name ?? 'Error';
  const message = scrubErrorMessage(err.message ?? '');
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const out: Record<string, unknown> = { type, message, stack: scrubText([`${type}: ${message}`, ...frames].join('\n')) };
  const fields = err as unknown as Record<string, unknown>;
  for (const key of Object.keys(err)) {
    if (key === 'message' || key === 'stack' || key === 'cause' || VALUE_KEYS.has(key)) continue;
    const value = fields[key];
    if (SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (key === 'query' || key === 'internalQuery') out[key] = typeof value === 'string' ? scrubSql(value) : REDACTED;
    else if (key === 'detail' || key === 'where' || key === 'hint') out[key] = typeof value === 'string' ? scrubErrorMessage(value) : REDACTED;
    else out[key] = scrubValue(value, depth + 1);
  }
  if (err.cause !== undefined && depth < MAX_DEPTH) out.cause = scrubError(err.cause, depth + 1);
  if (err instanceof AggregateError && depth < MAX_DEPTH) out.errors = err.errors.map((e) => scrubError(e, depth + 1));
  return out;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Any logged value: strings masked, errors made safe, plain objects and arrays walked (secret
 * keys redacted, bound-value keys dropped). Other objects (a request, a reply) are left to their
 * serializers.
 */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return scrubError(value, depth);
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (VALUE_KEYS.has(key)) continue;
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null ? REDACTED : scrubValue(v, depth + 1);
  }
  return out;
}
