import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { scrubErrorMessage, scrubSql, scrubText, scrubUrl } from './log-scrub.js';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE';
const TOKEN = 'Qm9uam91ci1sZS1tb25kZS1jZWNpLWVzdC11bi10b2tlbjEy';

function capture() {
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(s) });
  return { log, text: () => lines.join('') };
}

describe('scrubText', () => {
  it.each([
    ['an argon2 hash', `hash was ${HASH}`, HASH.slice(10)],
    ['an E.164 number', 'texting +14155550134 now', '4155550134'],
    ['a spaced international number', 'call +1 415 555 0134', '415 555 01'],
    ['a URL-encoded number', '/v1/contacts?q=%2B14155550134', '4155550134'],
    ['an API key', 'key wm_abcdefghijklmnopqrstuvwxyz0123456789', 'abcdefghijklmnopqrstuvwxyz'],
    ['a bearer token', 'Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['a token in a link', 'open https://x.test/reset-password?token=short-one', 'short-one'],
    ['a long opaque token', `session ${TOKEN}`, TOKEN],
    ['an email local part', 'owner ada.lovelace@example.com', 'ada.lovelace'],
  ])('masks %s', (_name, input, secret) => {
    const out = scrubText(input);
    expect(out).not.toContain(secret);
  });

  it.each([
    ['a timestamp with an offset', '2026-11-01T10:00:00+01:00'],
    ['a request id', 'req 0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6071'],
    ['a short number', 'retry 3 of +5'],
    ['a file path in a stack frame', '    at run (/work/main/src/modules/imports/import-runner.ts:120:7)'],
  ])('keeps %s', (_name, input) => {
    expect(scrubText(input)).toBe(input);
  });
});

describe('scrubUrl, scrubSql, scrubErrorMessage', () => {
  it('keeps the path and harmless query values, redacts the rest', () => {
    expect(scrubUrl(`/v1/invitations/lookup?token=${TOKEN}`)).toBe('/v1/invitations/lookup?token=[redacted]');
    expect(scrubUrl('/v1/contacts?q=ada&limit=50')).toBe('/v1/contacts?q=[redacted]&limit=50');
    expect(scrubUrl('/inbox')).toBe('/inbox');
    expect(scrubUrl('/l/Xy7Kp2Qm9Rt4')).toBe('/l/[redacted]');
    expect(scrubUrl('/l/Xy7Kp2Qm9Rt4?utm=x')).toBe('/l/[redacted]?utm=[redacted]');
    expect(scrubUrl('/v1/campaigns')).toBe('/v1/campaigns');
  });

  it('replaces string literals in SQL', () => {
    expect(scrubSql("select * from users where email = 'ada@example.com' and n = 1")).toBe("select * from users where email = '?' and n = 1");
  });

  it("drops Drizzle's params and PostgreSQL's quoted values", () => {
    const m = scrubErrorMessage(`Failed query: update users set password_hash = $1 where id = $2\nparams: ${HASH},usr_1`);
    expect(m).toBe('Failed query: update users set password_hash = $1 where id = $2');
    expect(scrubErrorMessage('invalid input syntax for type integer: "secret value"')).toBe('invalid input syntax for type integer: "[redacted]"');
    expect(scrubErrorMessage('value "99999999999" is out of range for type integer')).toBe('value "[redacted]" is out of range for type integer');
    expect(scrubErrorMessage('Token "secret" is invalid.')).toBe('Token "[redacted]" is invalid.');
    expect(scrubErrorMessage('Key (account_id, phone)=(acc_1, +14155550134) already exists.')).toBe('Key (account_id, phone)=([redacted]) already exists.');
  });
});

describe('the process logger', () => {
  it('logs a failed query without its bound values, its quoted value or its cause\'s params', () => {
    const { log, text } = capture();
    const cause = Object.assign(new Error(`invalid input syntax for type integer: "${HASH}"`), {
      code: '22P02', query: "select $1::int, 'x@y.example'", params: [HASH, '+14155550134'], detail: 'Key (phone)=(+14155550134) already exists.',
    });
    const err = Object.assign(new Error(`Failed query: select $1::int\nparams: ${HASH},+14155550134`), { query: 'select $1::int', params: [HASH, '+14155550134'], cause });
    log.error({ err }, 'request failed');
    const out = text();
    expect(out).toContain('request failed');
    expect(out).toContain('22P02');
    expect(out).toContain('select $1::int');
    expect(out).not.toContain('argon2id$v');
    expect(out).not.toContain('4155550134');
    expect(out).not.toContain('x@y.example');
    expect(JSON.parse(out).err.params).toBeUndefined();
    expect(JSON.parse(out).err.cause.params).toBeUndefined();
  });

  it('redacts secret-named fields, headers and numbers in messages', () => {
    const { log, text } = capture();
    log.info({ user: { email: 'ada@example.com', passwordHash: HASH }, headers: { authorization: `Bearer ${TOKEN}`, cookie: `wm_session=${TOKEN}` }, to: '+447700900123' }, 'texting +447700900123');
    const out = text();
    expect(out).toContain('texting +**********23');
    expect(out).not.toContain(HASH);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('7700900');
    expect(JSON.parse(out).user.passwordHash).toBe('[redacted]');
  });
});
