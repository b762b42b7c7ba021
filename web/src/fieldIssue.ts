/**
 * What people see of an API refusal. fieldIssue: a schema refusal's (422 validation_failed) words for the field it blames: the error's
 * message says "Invalid request: body.url Enter an http(s) URL.", the field shows "Enter an
 * http(s) URL." (zod's own wording, "Too big: expected string to have <=80 characters", in words:
 * "At most 80 characters."). Undefined for other refusals (their message is already for people).
 * No imports: the server-side tests run it as it is.
 */
export function fieldIssue(e: { code: string; field?: string; details: Record<string, unknown> }): string | undefined {
  if (e.code !== 'validation_failed' || !e.field) return undefined;
  const issue = issuesOf(e.details).find((i) => i.path.split('.').pop() === e.field);
  if (!issue?.message) return undefined;
  const rule = ruleFor(issue.message);
  return rule ? rule.field : issue.message;
}

/** A refusal as the web app holds it (ApiError: status, code, message, details). */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/**
 * What a banner or toast says of an API refusal: the API's own words when they are written for
 * people; for a schema refusal, one sentence per problem ("Name is required."); for refusals whose
 * words are for developers (a header, an endpoint, a carrier's raw error), a sentence for people.
 */
export function humanError(e: Refusal): string {
  const issues = issuesOf(e.details);
  if (e.code === 'validation_failed' || issues.length > 1) {
    // A schema refusal's issues are zod's words (translated); other refusals' issues are already sentences for people.
    const sentences = issues.map((i) => (e.code === 'validation_failed' ? issueSentence(i) : i.message));
    if (sentences.length > 3) return `${sentences.slice(0, 3).join(' ')} And ${sentences.length - 3} more problems.`;
    if (sentences.length) return sentences.join(' ');
  }
  const byCode = CODE_TEXT[e.code];
  if (byCode) return typeof byCode === 'function' ? byCode(e) : byCode;
  if (/^http_5\d\d$/.test(e.code)) return 'The server is not answering right now. Try again in a moment.';
  if (/^http_4\d\d$/.test(e.code)) return 'The server refused this request. Reload the page and try again.';
  return tidy(e.message);
}

interface Issue {
  path: string;
  message: string;
  code?: string;
}

/**
 * Every issue of a refusal that blames a field, for a form that shows them all at once: its path
 * without "body." ("owner.email"), its code when the API gave one, the text to show under the field,
 * and the issue as the API sent it.
 */
export function fieldIssues(e: { code: string; details: Record<string, unknown> }): { path: string; code?: string; text: string; issue: Issue }[] {
  return issuesOf(e.details).map((issue) => ({
    path: issue.path.split('.').slice(1).join('.'),
    code: issue.code,
    text: e.code === 'validation_failed' ? (ruleFor(issue.message)?.field ?? issue.message) : issue.message,
    issue,
  }));
}

function issuesOf(details: Record<string, unknown>): Issue[] {
  const raw = Array.isArray(details.issues) ? (details.issues as { path?: unknown; message?: unknown }[]) : [];
  return raw.filter((i): i is Issue => typeof i.path === 'string' && typeof i.message === 'string' && i.message !== '');
}

/** A schema issue's wording (zod's), as a predicate after the field's name and as the text under the field. */
interface Rule {
  sentence: string;
  field: string;
}
const REQUIRED: Rule = { sentence: 'is required', field: 'Required.' };
const plural = (n: string, word: string) => `${n} ${word}${n === '1' ? '' : 's'}`;
const RULES: [RegExp, (m: RegExpMatchArray) => Rule][] = [
  [/^Required$|^Too small: expected string to have >=1 characters?$|^Invalid input: expected \w+, received undefined$/, () => REQUIRED],
  [/^Too small: expected string to have >=(\d+) characters?$/, (m) => ({ sentence: `must be at least ${plural(m[1], 'character')}`, field: `At least ${plural(m[1], 'character')}.` })],
  [/^Too big: expected string to have <=(\d+) characters?$/, (m) => ({ sentence: `must be at most ${plural(m[1], 'character')}`, field: `At most ${plural(m[1], 'character')}.` })],
  [/^Too small: expected array to have >=(\d+) items?$/, (m) => ({ sentence: `needs at least ${plural(m[1], 'item')}`, field: `Add at least ${plural(m[1], 'item')}.` })],
  [/^Too big: expected array to have <=(\d+) items?$/, (m) => ({ sentence: `can have at most ${plural(m[1], 'item')}`, field: `At most ${plural(m[1], 'item')}.` })],
  [/^Too small: expected number to be (>=?)(\S+)$/, (m) => { const w = m[1] === '>' ? `more than ${m[2]}` : `at least ${m[2]}`; return { sentence: `must be ${w}`, field: `Must be ${w}.` }; }],
  [/^Too big: expected number to be (<=?)(\S+)$/, (m) => { const w = m[1] === '<' ? `less than ${m[2]}` : `at most ${m[2]}`; return { sentence: `must be ${w}`, field: `Must be ${w}.` }; }],
  [/^Invalid option: expected one of (.+)$/, (m) => { const list = m[1].split('|').map((o) => o.replace(/^"|"$/g, '')).join(', '); return { sentence: `must be one of: ${list}`, field: `Choose one of: ${list}.` }; }],
  [/^Invalid string: must match pattern/, () => ({ sentence: 'is not in an accepted format', field: 'Not in an accepted format.' })],
  [/^Invalid email/, () => ({ sentence: 'must be an email address', field: 'Enter an email address.' })],
  [/^Invalid URL/, () => ({ sentence: 'must be a web address (https://…)', field: 'Enter a web address (https://…).' })],
  [/^Invalid ISO (datetime|date|time)/, () => ({ sentence: 'must be a date and time', field: 'Enter a date and time.' })],
  [/^Invalid input: expected (number|int)/, () => ({ sentence: 'must be a number', field: 'Enter a number.' })],
  [/^Invalid input: expected \w+, received \w+$|^Invalid input/, () => ({ sentence: 'is not valid', field: 'Not valid.' })],
  [/^Unrecognized keys?: (.+)$/, (m) => ({ sentence: `has settings this server does not know (${m[1]}): reload the page`, field: 'Reload the page and try again.' })],
];

function ruleFor(message: string): Rule | null {
  for (const [re, make] of RULES) {
    const m = re.exec(message);
    if (m) return make(m);
  }
  return null;
}

/** Field names that read badly as words. */
const LABELS: Record<string, string> = { url: 'URL', body: 'Text', e164: 'Phone number', sendAt: 'Send time', snoozedUntil: 'Snooze until', expiresAt: 'Expiry', timeZone: 'Time zone' };

const words = (key: string) => {
  const w = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return w.charAt(0).toUpperCase() + w.slice(1);
};
const singular = (w: string) => (/ies$/.test(w) ? w.slice(0, -3) + 'y' : /[^s]s$/.test(w) ? w.slice(0, -1) : w);

/** "body.owner.email" → "Email"; "body.tags.0" → "Tag 1"; "body" → "The request". */
function labelOf(path: string): string {
  const parts = path.split('.').slice(1);
  let i = parts.length - 1;
  while (i >= 0 && /^\d+$/.test(parts[i])) i--;
  if (i < 0) return 'The request';
  const name = LABELS[parts[i]] ?? words(parts[i]);
  const index = parts[i + 1];
  return index !== undefined ? `${singular(name)} ${Number(index) + 1}` : name;
}

function issueSentence(issue: Issue): string {
  const label = labelOf(issue.path);
  const rule = ruleFor(issue.message);
  if (rule) return `${label} ${rule.sentence}.`;
  return `${label}: ${/[.!?]$/.test(issue.message) ? issue.message : `${issue.message}.`}`;
}

const seconds = (e: Refusal) => {
  const s = Number(e.details.retryAfterSeconds);
  if (!Number.isFinite(s) || s <= 0) return 'Wait a moment and try again.';
  return s < 90 ? `Try again in ${Math.ceil(s)} second${Math.ceil(s) === 1 ? '' : 's'}.` : `Try again in about ${Math.ceil(s / 60)} minutes.`;
};

const RELOAD = 'The server could not read this request. Reload the page and try again.';
/** Refusals whose API words are for developers (headers, endpoints, raw carrier errors, field names). */
const CODE_TEXT: Record<string, string | ((e: Refusal) => string)> = {
  csrf_failed: 'Your session could not be verified. Reload the page and try again.',
  bad_origin: 'Your session could not be verified. Reload the page and try again.',
  route_not_found: 'This server does not offer this yet (the app and the server may be different versions). Reload the page and try again.',
  malformed_json: RELOAD,
  unsupported_media_type: RELOAD,
  bad_request: RELOAD,
  payload_too_large: 'This is larger than the server accepts.',
  invalid_cursor: 'This list changed since it was loaded. Reload the page.',
  rate_limited: (e) => `Too many requests at once. ${seconds(e)}`,
  no_sender_number: 'You have no number to text from yet. Get one in Settings → Numbers.',
  carrier_unavailable: 'The phone carrier could not do this right now. Try again in a moment; if it keeps failing, check Settings → Connections.',
  simulator_unavailable: 'The test carrier (simulator) is not running on this server.',
  send_at_in_past: 'The send time is in the past.',
  send_at_too_far: 'A text can be scheduled at most 35 days ahead.',
  invalid_snooze: 'Snooze until a time in the future, at most a year ahead.',
  invalid_expiry: 'The expiry must be in the future.',
  invalid_time_zone: 'Choose a time zone from the list (for example America/New_York).',
};

/** An API message with what only a developer needs taken out (the endpoint to call, the request path). */
function tidy(message: string): string {
  return message
    .replace(/\s*\((?:GET|POST|PATCH|PUT|DELETE) \/v1\/[^)]*\)/g, '')
    .replace(/^Invalid request: (?:body|query|params|querystring)\S* /, '');
}
