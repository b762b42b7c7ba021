import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, emailsTo, lastEmailTo, signUp, signupBody, tokenFrom } from './factories.js';

async function rowCounts(env: ReturnType<Parameters<Parameters<typeof describeEachDb>[1]>[0]>) {
  const r = await env.ctx.database.query<{ a: number; u: number; s: number; at: number }>(
    'select (select count(*) from accounts) a, (select count(*) from users) u, (select count(*) from sessions) s, (select count(*) from consent_attestations) at',
  );
  return r.rows[0];
}

describeEachDb('sign-up', (use) => {
  it('creates the account, the owner, a session and records attestation and policy acceptance', async () => {
    const { app, ctx } = use();
    const client = new Client(app);
    const body = signupBody();
    const res = await client.post('/v1/auth/signup', body, { 'user-agent': 'vitest-agent' });
    expect(res.statusCode).toBe(201);
    const json = res.json();
    expect(json.account.id).toMatch(/^acct_/);
    expect(json.user).toMatchObject({ role: 'owner', phone: '+14155550134', email: body.owner.email });
    expect(client.cookies.wm_session).toBeTruthy();
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/wm_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const me = await client.get('/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().account.name).toBe(body.business.name);

    const att = await ctx.database.query<{ wording: string; ip: string; user_agent: string }>(
      'select wording, ip, user_agent from consent_attestations a join users u on u.id = a.user_id where lower(u.email) = lower($1)',
      [body.owner.email],
    );
    expect(att.rows[0].wording).toContain("consent to receive text messages");
    expect(att.rows[0].user_agent).toBe('vitest-agent');
    const acc = await ctx.database.query<{ kind: string; version: string }>(
      `select d.kind, d.version from policy_acceptances p join policy_documents d on d.id = p.document_id
       join users u on u.id = p.user_id where lower(u.email) = lower($1) order by d.kind`,
      [body.owner.email],
    );
    expect(acc.rows.map((r) => r.kind)).toEqual(['privacy', 'terms']);
    // The session token is stored hashed, never as issued.
    const stored = await ctx.database.query<{ n: number }>('select count(*)::int n from sessions where token_hash = $1', [client.cookies.wm_session]);
    expect(stored.rows[0].n).toBe(0);
  });

  const bad: Array<[string, (b: ReturnType<typeof signupBody>) => unknown, number, string]> = [
    ['missing attestation', (b) => ({ ...b, attestConsent: undefined }), 422, 'consent_attestation_required'],
    ['attestation false', (b) => ({ ...b, attestConsent: false }), 422, 'consent_attestation_required'],
    ['terms not accepted', (b) => ({ ...b, acceptTerms: false }), 422, 'terms_acceptance_required'],
    ['weak password', (b) => ({ ...b, owner: { ...b.owner, password: 'password1234' } }), 422, 'weak_password'],
    ['short password', (b) => ({ ...b, owner: { ...b.owner, password: 'Xk9#mQ2!' } }), 422, 'weak_password'],
    ['invalid phone', (b) => ({ ...b, owner: { ...b.owner, phone: '+1 555 12' } }), 422, 'invalid_phone'],
    ['invalid email', (b) => ({ ...b, owner: { ...b.owner, email: 'not-an-email' } }), 422, 'validation_failed'],
    ['missing business name', (b) => ({ ...b, business: { ...b.business, name: '' } }), 422, 'validation_failed'],
  ];
  for (const [label, mutate, status, code] of bad) {
    it(`refuses ${label} with ${status} ${code} and writes nothing`, async () => {
      const env = use();
      const before = await rowCounts(env);
      const res = await new Client(env.app).post('/v1/auth/signup', mutate(signupBody()));
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toBeTruthy();
      expect(await rowCounts(env)).toEqual(before);
    });
  }

  it('refuses a duplicate email (any case) with 409 email_taken and writes nothing', async () => {
    const env = use();
    const first = await signUp(env.app);
    const before = await rowCounts(env);
    const res = await new Client(env.app).post('/v1/auth/signup', signupBody({ email: first.email.toUpperCase() }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'email_taken', details: { field: 'email' } });
    expect(await rowCounts(env)).toEqual(before);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const { app } = use();
    const malformed = await app.inject({ method: 'POST', url: '/v1/auth/signup', headers: { 'content-type': 'application/json' }, payload: '{"business": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const huge = await app.inject({ method: 'POST', url: '/v1/auth/signup', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });
});

describeEachDb('sign-in and sessions', (use) => {
  it('signs in, reads /me, signs out; the old cookie is then refused', async () => {
    const { app } = use();
    const { email } = await signUp(app);
    const client = new Client(app);
    const login = await client.post('/v1/auth/login', { email, password: STRONG_PASSWORD });
    expect(login.statusCode).toBe(200);
    const token = client.cookies.wm_session;
    expect((await client.get('/v1/me')).statusCode).toBe(200);
    expect((await client.post('/v1/auth/logout')).statusCode).toBe(204);
    const replay = await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: `wm_session=${token}` } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('unauthenticated');
  });

  it('refuses a forged session and an expired one with 401', async () => {
    const { app, ctx } = use();
    const forged = await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: 'wm_session=forged-token-value' } });
    expect(forged.statusCode).toBe(401);
    const { client, userId } = await signUp(app);
    expect(userId).toMatch(/^usr_/);
    await ctx.database.query(`update sessions set expires_at = now() - interval '1 minute'`);
    expect((await client.get('/v1/me')).statusCode).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    const noCsrf = await client.patch('/v1/me', { name: 'Changed' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    expect((await client.patch('/v1/me', { name: 'Changed' })).statusCode).toBe(200);
  });

  it('refuses a cross-site sign-in', async () => {
    const { app } = use();
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { origin: 'https://evil.example' }, payload: { email: 'a@b.co', password: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('bad_origin');
  });

  it('locks an email out after 5 failures, even with the right password, and audits failures', async () => {
    const { app } = use();
    const { email, client: owner } = await signUp(app);
    const c = new Client(app);
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/v1/auth/login', { email, password: `wrong-password-${i}` }, { 'x-forwarded-for': '10.0.0.1' });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('invalid_credentials');
    }
    const locked = await c.post('/v1/auth/login', { email, password: STRONG_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await owner.get('/v1/audit-events?limit=50');
    expect(audit.json().data.filter((e: { action: string }) => e.action === 'auth.login_failed')).toHaveLength(5);
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const { app } = use();
    const r = await new Client(app).post('/v1/auth/login', { email: 'nobody-here@example.com', password: 'whatever-it-is' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('invalid_credentials');
  });
});

describeEachDb('passwords', (use) => {
  it('changes the password: other sessions end, this one stays, the old password stops working', async () => {
    const { app } = use();
    const { client, email } = await signUp(app);
    const other = new Client(app);
    await other.post('/v1/auth/login', { email, password: STRONG_PASSWORD });
    const wrong = await client.post('/v1/auth/password', { currentPassword: 'not-my-password', newPassword: 'amber-canyon-whistle-77' });
    expect(wrong.json().error.code).toBe('wrong_password');
    const weak = await client.post('/v1/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'qwertyuiop12' });
    expect(weak.json().error.code).toBe('weak_password');
    const ok = await client.post('/v1/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'amber-canyon-whistle-77' });
    expect(ok.statusCode).toBe(204);
    expect((await client.get('/v1/me')).statusCode).toBe(200);
    expect((await other.get('/v1/me')).statusCode).toBe(401);
    expect((await new Client(app).post('/v1/auth/login', { email, password: STRONG_PASSWORD })).statusCode).toBe(401);
    expect((await new Client(app).post('/v1/auth/login', { email, password: 'amber-canyon-whistle-77' })).statusCode).toBe(200);
  });

  it('answers a reset request the same for a known and an unknown email; only the job mails, and only the known one', async () => {
    const { app, ctx, config } = use();
    const { email } = await signUp(app);
    const ghost = `ghost-${Date.now().toString(36)}@example.com`;
    const counts = async () => (await ctx.database.query<{ r: number; e: number }>(
      'select (select count(*)::int from password_resets) r, (select count(*)::int from emails where lower("to") in (lower($1), lower($2))) e', [email, ghost],
    )).rows[0];
    // The worker is not running yet (tests start it): what the request writes is all there is.
    const before = await counts();
    // The unknown one is queued first: once the known one's mail is there, its job has run too.
    const unknown = await new Client(app).post('/v1/auth/password-reset/request', { email: ghost });
    const known = await new Client(app).post('/v1/auth/password-reset/request', { email });
    expect(known.statusCode).toBe(202);
    expect({ status: unknown.statusCode, body: unknown.body }).toEqual({ status: known.statusCode, body: known.body });
    expect(await counts()).toEqual(before);
    await ctx.jobs.work();
    await lastEmailTo(app, email, config.operatorToken, { subject: /reset/i });
    expect(await emailsTo(app, ghost, config.operatorToken)).toEqual([]);
  });

  it('resets a password through the emailed one-time link', async () => {
    const { app, config, ctx } = use();
    await ctx.jobs.work();
    const { email, client } = await signUp(app);
    const unknown = await new Client(app).post('/v1/auth/password-reset/request', { email: 'ghost@example.com' });
    expect(unknown.statusCode).toBe(202);
    expect((await new Client(app).post('/v1/auth/password-reset/request', { email })).statusCode).toBe(202);
    const mail = await lastEmailTo(app, email, config.operatorToken);
    expect(mail.text).toContain('http://localhost:3000/reset-password?token=');
    const token = tokenFrom(mail.text);
    const bad = await new Client(app).post('/v1/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'amber-canyon-whistle-77' });
    expect(bad.json().error.code).toBe('invalid_token');
    const own = await new Client(app).post('/v1/auth/password-reset/confirm', { token, password: email });
    expect(own.json().error.code).toBe('weak_password'); // and the link still works afterwards:
    const ok = await new Client(app).post('/v1/auth/password-reset/confirm', { token, password: 'amber-canyon-whistle-77' });
    expect(ok.statusCode).toBe(204);
    const again = await new Client(app).post('/v1/auth/password-reset/confirm', { token, password: 'another-canyon-whistle-78' });
    expect(again.json().error.code).toBe('invalid_token');
    expect((await client.get('/v1/me')).statusCode).toBe(401); // sessions ended
    expect((await new Client(app).post('/v1/auth/login', { email, password: 'amber-canyon-whistle-77' })).statusCode).toBe(200);
  });
  it('stores the reset mail sealed: the emails table holds neither the token nor the body, the outbox link works', async () => {
    const { app, ctx, config } = use();
    await ctx.jobs.work();
    const { email } = await signUp(app);
    expect((await new Client(app).post('/v1/auth/password-reset/request', { email })).statusCode).toBe(202);
    const mail = await lastEmailTo(app, email, config.operatorToken, { subject: /reset/i });
    const token = tokenFrom(mail.text);
    expect(token.length).toBeGreaterThan(30);
    const raw = await ctx.database.query<{ row: string }>('select row_to_json(e)::text as row from emails e where lower("to") = lower($1)', [email]);
    expect(raw.rows.length).toBeGreaterThan(0);
    for (const r of raw.rows) {
      expect(r.row).not.toContain(token);
      expect(r.row).not.toContain('reset-password');
      expect(r.row).not.toContain('Someone asked to reset');
    }
    const ok = await new Client(app).post('/v1/auth/password-reset/confirm', { token, password: 'amber-canyon-whistle-77' });
    expect(ok.statusCode).toBe(204);
  });

  it('kills an older reset token once a newer one was used, and every token on a password change', async () => {
    const { app, config, ctx } = use();
    await ctx.jobs.work();
    const { email, client } = await signUp(app);
    const resetLink = async (except: string[]) => {
      expect((await new Client(app).post('/v1/auth/password-reset/request', { email })).statusCode).toBe(202);
      const mail = await lastEmailTo(app, email, config.operatorToken, { subject: /reset/i, except });
      return { id: mail.id, token: tokenFrom(mail.text) };
    };
    const older = await resetLink([]);
    const newer = await resetLink([older.id]);
    expect(newer.token).not.toBe(older.token);
    expect((await new Client(app).post('/v1/auth/password-reset/confirm', { token: newer.token, password: 'amber-canyon-whistle-77' })).statusCode).toBe(204);
    const stale = await new Client(app).post('/v1/auth/password-reset/confirm', { token: older.token, password: 'granite-meadow-falcon-31' });
    expect(stale.json().error.code).toBe('invalid_token');

    // A password change (from a signed-in session) kills a link mailed before it.
    const signedIn = new Client(app);
    expect((await signedIn.post('/v1/auth/login', { email, password: 'amber-canyon-whistle-77' })).statusCode).toBe(200);
    const beforeChange = await resetLink([older.id, newer.id]);
    expect((await signedIn.post('/v1/auth/password', { currentPassword: 'amber-canyon-whistle-77', newPassword: 'copper-lagoon-thistle-58' })).statusCode).toBe(204);
    const dead = await new Client(app).post('/v1/auth/password-reset/confirm', { token: beforeChange.token, password: 'granite-meadow-falcon-31' });
    expect(dead.json().error.code).toBe('invalid_token');
    expect((await new Client(app).post('/v1/auth/login', { email, password: 'copper-lagoon-thistle-58' })).statusCode).toBe(200);
    expect((await client.get('/v1/me')).statusCode).toBe(401); // the reset ended the first session
  });

});
