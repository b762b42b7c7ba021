import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, emailsTo, lastEmailTo, signUp, signupBody, tokenFrom } from './factories.js';

async function rowCounts(env: ReturnType<Parameters<Parameters<typeof describeEachDb>[1]>[0]>) {
  const r = await env.ctx.database.query<{ a: number; u: number; s: number; at: number; sr: number; e: number }>(
    `select (select count(*) from accounts) a, (select count(*) from users) u, (select count(*) from sessions) s, (select count(*) from consent_attestations) at,
            (select count(*) from signup_requests) sr, (select count(*) from emails) e`,
  );
  return r.rows[0];
}

describeEachDb('sign-up', (use) => {
  it('answers 202 and creates nothing until the emailed link is confirmed; then the account, owner, session and the evidence of the submit', async () => {
    const env = use();
    const { app, ctx, config } = env;
    const body = signupBody();
    const before = await rowCounts(env);
    const res = await new Client(app).post('/v1/auth/signup', body, { 'user-agent': 'vitest-agent' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ ok: true });
    const after = await rowCounts(env);
    expect(after).toMatchObject({ a: before.a, u: before.u, s: before.s, at: before.at, sr: Number(before.sr) + 1 });
    const pending = await ctx.database.query<{ row: string; password_hash: string }>(
      'select row_to_json(r)::text as row, password_hash from signup_requests r where email = $1', [body.owner.email],
    );
    expect(pending.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(pending.rows[0].row).not.toContain(STRONG_PASSWORD);

    const mail = await lastEmailTo(app, body.owner.email, config.operatorToken);
    expect(mail.text).toContain('http://localhost:3000/signup/confirm?token=');
    const token = tokenFrom(mail.text);
    expect(pending.rows[0].row).not.toContain(token);
    const client = new Client(app);
    const confirmed = await client.post('/v1/auth/signup/confirm', { token }, { 'user-agent': 'confirming-agent' });
    expect(confirmed.statusCode).toBe(201);
    const json = confirmed.json();
    expect(json.account.id).toMatch(/^acct_/);
    expect(json.existingLogin).toBe(false);
    expect(json.user).toMatchObject({ role: 'owner', phone: '+14155550134', email: body.owner.email });
    expect(client.cookies.wm_session).toBeTruthy();
    const setCookie = String(confirmed.headers['set-cookie']);
    expect(setCookie).toMatch(/wm_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const me = await client.get('/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().account.name).toBe(body.business.name);

    // The evidence is of the moment the person affirmed (the submit), not of the confirmation.
    const att = await ctx.database.query<{ wording: string; ip: string; user_agent: string; at_submit: boolean }>(
      `select a.wording, a.ip, a.user_agent, a.attested_at = r.created_at as at_submit from consent_attestations a join users u on u.id = a.user_id
       join signup_requests r on lower(r.email) = lower(u.email) where lower(u.email) = lower($1)`,
      [body.owner.email],
    );
    expect(att.rows[0].wording).toContain("consent to receive text messages");
    expect(att.rows[0].user_agent).toBe('vitest-agent');
    expect(att.rows[0].at_submit).toBe(true);
    const acc = await ctx.database.query<{ kind: string; version: string; user_agent: string }>(
      `select d.kind, d.version, p.user_agent from policy_acceptances p join policy_documents d on d.id = p.document_id
       join users u on u.id = p.user_id where lower(u.email) = lower($1) order by d.kind`,
      [body.owner.email],
    );
    expect(acc.rows.map((r) => r.kind)).toEqual(['privacy', 'terms']);
    expect(acc.rows.map((r) => r.user_agent)).toEqual(['vitest-agent', 'vitest-agent']);
    // The session token is stored hashed, never as issued.
    const stored = await ctx.database.query<{ n: number }>('select count(*)::int n from sessions where token_hash = $1', [client.cookies.wm_session]);
    expect(stored.rows[0].n).toBe(0);
    // The link works once, and the password chosen at the submit signs in.
    expect((await new Client(app).post('/v1/auth/signup/confirm', { token })).json().error.code).toBe('invalid_token');
    expect((await new Client(app).post('/v1/auth/login', { email: body.owner.email, password: STRONG_PASSWORD })).statusCode).toBe(200);
  });

  it('answers a taken email exactly like a fresh one; the login is told and may add the business to itself', async () => {
    const env = use();
    const { app, config } = env;
    const first = await signUp(app);
    const before = await rowCounts(env);
    const freshBody = signupBody();
    const takenBody = signupBody({ email: first.email.toUpperCase(), business: 'Second Shop' });
    takenBody.owner.password = 'someone-elses-password-93';
    const fresh = await new Client(app).post('/v1/auth/signup', freshBody);
    const taken = await new Client(app).post('/v1/auth/signup', takenBody);
    expect({ status: taken.statusCode, body: taken.body, cookies: taken.cookies.length }).toEqual({ status: fresh.statusCode, body: fresh.body, cookies: fresh.cookies.length });
    expect(taken.statusCode).toBe(202);
    expect(await rowCounts(env)).toMatchObject({ a: before.a, u: before.u, s: before.s, at: before.at, sr: Number(before.sr) + 2, e: Number(before.e) + 2 });

    const notice = await lastEmailTo(app, first.email.toUpperCase(), config.operatorToken);
    expect(notice.text).toContain('already has a West Message login');
    const token = tokenFrom(notice.text);
    const client = new Client(app);
    const confirmed = await client.post('/v1/auth/signup/confirm', { token });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json()).toMatchObject({ existingLogin: true, csrfToken: null, account: { name: 'Second Shop' }, user: { id: first.userId, role: 'owner' } });
    expect(client.cookies.wm_session).toBeUndefined(); // an existing login signs in with its own password
    const memberships = (await first.client.get('/v1/me')).json().memberships;
    expect(memberships.map((m: { accountName: string; role: string }) => [m.accountName, m.role])).toEqual(expect.arrayContaining([['Second Shop', 'owner']]));
    // The password typed with the taken email changed nothing.
    expect((await new Client(app).post('/v1/auth/login', { email: first.email, password: 'someone-elses-password-93' })).statusCode).toBe(401);
    expect((await new Client(app).post('/v1/auth/login', { email: first.email, password: STRONG_PASSWORD })).statusCode).toBe(200);
    expect((await rowCounts(env)).u).toBe(before.u);
  });

  it('kills the other links of an email once one is confirmed, and refuses an expired link', async () => {
    const { app, ctx, config } = use();
    const body = signupBody();
    expect((await new Client(app).post('/v1/auth/signup', body)).statusCode).toBe(202);
    const one = await lastEmailTo(app, body.owner.email, config.operatorToken);
    expect((await new Client(app).post('/v1/auth/signup', { ...body, business: { ...body.business, name: 'Typo Shop' } })).statusCode).toBe(202);
    const two = await lastEmailTo(app, body.owner.email, config.operatorToken, { except: [one.id] });
    expect((await new Client(app).post('/v1/auth/signup/confirm', { token: tokenFrom(two.text) })).statusCode).toBe(201);
    const stale = await new Client(app).post('/v1/auth/signup/confirm', { token: tokenFrom(one.text) });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('invalid_token');

    const late = signupBody();
    expect((await new Client(app).post('/v1/auth/signup', late)).statusCode).toBe(202);
    const mail = await lastEmailTo(app, late.owner.email, config.operatorToken);
    await ctx.database.query(`update signup_requests set expires_at = now() - interval '1 minute' where email = $1`, [late.owner.email]);
    expect((await new Client(app).post('/v1/auth/signup/confirm', { token: tokenFrom(mail.text) })).json().error.code).toBe('invalid_token');
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

  it('reports every problem of a sign-up at once (details.issues, one per field), the first as the error, and writes nothing', async () => {
    const env = use();
    const before = await rowCounts(env);
    const b = signupBody();
    const res = await new Client(env.app).post('/v1/auth/signup', {
      ...b, owner: { ...b.owner, email: 'someone@mailinator.com', phone: '+1 555 12', password: 'short' }, attestConsent: false, acceptTerms: false,
    });
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect([error.code, error.details.field]).toEqual(['consent_attestation_required', 'attestConsent']);
    expect(error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['body.attestConsent', 'consent_attestation_required'],
      ['body.acceptTerms', 'terms_acceptance_required'],
      ['body.owner.email', 'disposable_email'],
      ['body.owner.phone', 'invalid_phone'],
      ['body.owner.password', 'weak_password'],
    ]);
    for (const i of error.details.issues) expect(i.message).toBeTruthy();
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

  it('changes the email only from the link mailed to the new address; a taken address gets the same answer and a notice', async () => {
    const { app, ctx, config } = use();
    const a = await signUp(app);
    const b = await signUp(app);
    const newAddress = `moved-${Date.now().toString(36)}@example.com`;
    const free = await a.client.patch('/v1/me', { email: newAddress, currentPassword: STRONG_PASSWORD });
    const taken = await a.client.patch('/v1/me', { email: b.email.toUpperCase(), currentPassword: STRONG_PASSWORD });
    expect(free.statusCode).toBe(200);
    expect(taken.statusCode).toBe(free.statusCode);
    expect(free.json()).toMatchObject({ pendingEmail: newAddress, user: { email: a.email } });
    expect(taken.json()).toEqual({ ...free.json(), pendingEmail: b.email.toUpperCase() });
    expect((await a.client.get('/v1/me')).json().user.email).toBe(a.email); // nothing applied yet

    // The taken address hears that someone tried; it gets no link.
    const notice = await lastEmailTo(app, b.email.toUpperCase(), config.operatorToken);
    expect(notice.text).toContain('already has a West Message login');
    expect(tokenFrom(notice.text)).toBe('');
    // A reset link mailed to the old address before the change dies with it.
    await ctx.jobs.work();
    expect((await new Client(app).post('/v1/auth/password-reset/request', { email: a.email })).statusCode).toBe(202);
    const reset = tokenFrom((await lastEmailTo(app, a.email, config.operatorToken, { subject: /reset/i })).text);

    const confirm = await lastEmailTo(app, newAddress, config.operatorToken);
    expect(confirm.text).toContain('http://localhost:3000/confirm-email?token=');
    const token = tokenFrom(confirm.text);
    const applied = await new Client(app).post('/v1/auth/email-change/confirm', { token });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toEqual({ email: newAddress });
    expect((await a.client.get('/v1/me')).json().user.email).toBe(newAddress);
    expect((await new Client(app).post('/v1/auth/email-change/confirm', { token })).json().error.code).toBe('invalid_token');
    const told = await lastEmailTo(app, a.email, config.operatorToken, { subject: /changed/i });
    expect(told.text).toContain(newAddress);
    expect((await new Client(app).post('/v1/auth/password-reset/confirm', { token: reset, password: 'granite-meadow-falcon-31' })).json().error.code).toBe('invalid_token');
    expect((await new Client(app).post('/v1/auth/login', { email: newAddress, password: STRONG_PASSWORD })).statusCode).toBe(200);
  });

  it('refuses to apply an email change whose address was taken in the meantime, or after a password change', async () => {
    const { app, config } = use();
    const a = await signUp(app);
    const wanted = `wanted-${Date.now().toString(36)}@example.com`;
    expect((await a.client.patch('/v1/me', { email: wanted, currentPassword: STRONG_PASSWORD })).statusCode).toBe(200);
    const first = await lastEmailTo(app, wanted, config.operatorToken);
    await signUp(app, { email: wanted }); // someone else takes the address first
    const raced = await new Client(app).post('/v1/auth/email-change/confirm', { token: tokenFrom(first.text) });
    expect(raced.statusCode).toBe(409);
    expect(raced.json().error.code).toBe('email_taken');
    expect((await a.client.get('/v1/me')).json().user.email).toBe(a.email);

    const other = `other-${Date.now().toString(36)}@example.com`;
    expect((await a.client.patch('/v1/me', { email: other, currentPassword: STRONG_PASSWORD })).statusCode).toBe(200);
    const link = tokenFrom((await lastEmailTo(app, other, config.operatorToken)).text);
    expect((await a.client.post('/v1/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'amber-canyon-whistle-77' })).statusCode).toBe(204);
    expect((await new Client(app).post('/v1/auth/email-change/confirm', { token: link })).json().error.code).toBe('invalid_token');
  });

  it('resets a password through the emailed one-time link', async () => {
    const { app, config, ctx } = use();
    await ctx.jobs.work();
    const { email, client } = await signUp(app);
    const unknown = await new Client(app).post('/v1/auth/password-reset/request', { email: 'ghost@example.com' });
    expect(unknown.statusCode).toBe(202);
    expect((await new Client(app).post('/v1/auth/password-reset/request', { email })).statusCode).toBe(202);
    const mail = await lastEmailTo(app, email, config.operatorToken, { subject: /reset/i });
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
