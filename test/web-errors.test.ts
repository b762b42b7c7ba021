/**
 * What the web app's banners and toasts say of an API refusal (web/src/fieldIssue.ts humanError,
 * used by errorMessage): the API's own words when they are written for people, and otherwise a
 * sentence for people — never the request path ("Invalid request: body.name Too small: expected
 * string to have >=1 characters"), a header or cookie name, an endpoint, a regular expression or a
 * carrier's raw error. Field messages (fieldIssue) get the same wording for schema refusals.
 */
import { describe, expect, it } from 'vitest';
import { fieldIssue, fieldIssues, humanError } from '../web/src/fieldIssue.js';

type Refusal = Parameters<typeof humanError>[0];
const refusal = (status: number, code: string, message: string, details: Record<string, unknown> = {}): Refusal => ({ status, code, message, details });
const schema = (issues: { path: string; message: string }[]): Refusal =>
  refusal(422, 'validation_failed', `Invalid request: ${issues[0].path} ${issues[0].message}`, { issues, field: issues[0].path.split('.').pop() });

describe('humanError: what a banner shows of a refusal', () => {
  const cases: { name: string; error: Refusal; shown: string }[] = [
    { name: 'an empty required text', error: schema([{ path: 'body.name', message: 'Too small: expected string to have >=1 characters' }]), shown: 'Name is required.' },
    {
      name: 'an item of a list that is too long',
      error: schema([{ path: 'body.tags.0', message: 'Too big: expected string to have <=50 characters' }]),
      shown: 'Tag 1 must be at most 50 characters.',
    },
    {
      name: 'every problem of the request, in words',
      error: schema([
        { path: 'body.label', message: 'Too small: expected string to have >=1 characters' },
        { path: 'body.key', message: 'Invalid string: must match pattern /^[a-z][a-z0-9_]{0,39}$/' },
        { path: 'body.type', message: 'Invalid option: expected one of "text"|"number"|"date"|"boolean"|"choice"' },
      ]),
      shown: 'Label is required. Key is not in an accepted format. Type must be one of: text, number, date, boolean, choice.',
    },
    { name: 'a missing object', error: schema([{ path: 'body.filter', message: 'Invalid input: expected object, received undefined' }]), shown: 'Filter is required.' },
    { name: 'an issue written for people keeps its words, with the field named', error: schema([{ path: 'body.owner.email', message: 'Enter a valid email address.' }]), shown: 'Email: Enter a valid email address.' },
    { name: 'a camelCase field name becomes words', error: schema([{ path: 'body.firstName', message: 'Too big: expected string to have <=100 characters' }]), shown: 'First name must be at most 100 characters.' },
    { name: 'more than three problems', error: schema(['a', 'b', 'c', 'd', 'e'].map((p) => ({ path: `body.${p}`, message: 'Too small: expected string to have >=1 characters' }))), shown: 'A is required. B is required. C is required. And 2 more problems.' },
    { name: 'a conflict written for people is kept', error: refusal(409, 'segment_name_taken', 'A segment named "VIP" already exists. Choose another name.', { field: 'name' }), shown: 'A segment named "VIP" already exists. Choose another name.' },
    { name: 'no endpoint in a message', error: refusal(422, 'no_sender_number', 'The account has no sending number yet: get one first (POST /v1/numbers).'), shown: 'You have no number to text from yet. Get one in Settings → Numbers.' },
    { name: 'a failed CSRF check', error: refusal(403, 'csrf_failed', 'Send the x-csrf-token header with the value of the wm_csrf cookie.'), shown: 'Your session could not be verified. Reload the page and try again.' },
    { name: 'a route this server does not have', error: refusal(404, 'route_not_found', 'No route POST /v1/labels.'), shown: 'This server does not offer this yet (the app and the server may be different versions). Reload the page and try again.' },
    { name: 'a proxy answering without our shape', error: refusal(502, 'http_502', 'Request failed (502 Bad Gateway).'), shown: 'The server is not answering right now. Try again in a moment.' },
    { name: 'a carrier error stays out of sight', error: refusal(502, 'carrier_unavailable', 'The carrier could not provision a number: connect ECONNREFUSED 10.0.0.7:443'), shown: 'The phone carrier could not do this right now. Try again in a moment; if it keeps failing, check Settings → Connections.' },
    { name: 'too many requests, with the wait', error: refusal(429, 'rate_limited', 'Too many requests: at most 20 at once and 5 per second', { retryAfterSeconds: 3 }), shown: 'Too many requests at once. Try again in 3 seconds.' },
    {
      name: 'a refusal listing several problems written for people (a sign-up): each of them, as written',
      error: refusal(422, 'disposable_email', 'Sign up with a permanent email address.', { field: 'owner.email', issues: [
        { path: 'body.owner.email', code: 'disposable_email', message: 'Sign up with a permanent email address.' },
        { path: 'body.owner.password', code: 'weak_password', message: 'Use at least 12 characters.' },
      ] }),
      shown: 'Sign up with a permanent email address. Use at least 12 characters.',
    },
    { name: 'a body the server could not read', error: refusal(400, 'malformed_json', 'The body is not valid JSON.'), shown: 'The server could not read this request. Reload the page and try again.' },
  ];
  for (const c of cases) it(c.name, () => expect(humanError(c.error)).toBe(c.shown));
});

describe('fieldIssues: every problem of a refusal, for the form to put on its fields', () => {
  it('paths without "body.", schema wording in words, other refusals as written', () => {
    const e = schema([{ path: 'body.owner.email', message: 'Enter a valid email address.' }, { path: 'body.business.name', message: 'Too small: expected string to have >=1 characters' }]);
    expect(fieldIssues(e).map((i) => [i.path, i.text])).toEqual([['owner.email', 'Enter a valid email address.'], ['business.name', 'Required.']]);
    const signup = refusal(422, 'weak_password', 'Use at least 12 characters.', { issues: [{ path: 'body.owner.password', code: 'weak_password', message: 'Use at least 12 characters.' }] });
    expect(fieldIssues(signup).map((i) => [i.path, i.code, i.text])).toEqual([['owner.password', 'weak_password', 'Use at least 12 characters.']]);
  });
});

describe('fieldIssue: schema wording under a field', () => {
  it('a pattern is not shown as a regular expression', () => {
    const e = schema([{ path: 'body.shortcut', message: 'Invalid string: must match pattern /^[a-z0-9_-]{1,40}$/' }]);
    expect(fieldIssue({ ...e, field: 'shortcut' })).toBe('Not in an accepted format.');
  });
  it('a length limit in words', () => {
    const e = schema([{ path: 'body.name', message: 'Too big: expected string to have <=80 characters' }]);
    expect(fieldIssue({ ...e, field: 'name' })).toBe('At most 80 characters.');
  });
  it('an empty required text', () => {
    const e = schema([{ path: 'body.name', message: 'Too small: expected string to have >=1 characters' }]);
    expect(fieldIssue({ ...e, field: 'name' })).toBe('Required.');
  });
});
