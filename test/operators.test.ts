import { expect, it } from 'vitest';
import { Client, TEST_OPERATOR_TOKEN, signUp } from './factories.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { OPERATOR_PASSWORD, OperatorClient, makeOperator, signInOperator, totpCode } from './operator-fixtures.js';

/**
 * Operators (issue 13): bootstrap with the token, TOTP enrolment and sign-in with codes from
 * `otpauth`, replay refused, lockout, roles, isolation from account sessions, the operators'
 * audit chain. The token turn-off is global, so it has a suite of its own below.
 */
/**
 * Tomorrow 10:00 UTC: a whole-minute moment ahead of the real clock (the test client's cookie jar drops
 * cookies whose Expires is before the real time, so a fixed past date broke the sign-in once it had passed).
 */
const T0 = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 36_000_000);

/** Runs `work` with the server's clock at `at` (moved by the test), then gives the real clock back. */
async function atClock<T>(env: TestEnv, at: () => Date, work: () => Promise<T>): Promise<T> {
  const real = env.ctx.now;
  env.ctx.now = at;
  try {
    return await work();
  } finally {
    env.ctx.now = real;
  }
}

const errorCode = (res: { json: () => { error?: { code?: string } } }) => res.json().error?.code;

describeEachDb('operators: sign-in with TOTP, roles, audit', (use) => {
  it('the bootstrap token creates the first operator (an admin) once; then it is refused', async () => {
    const env = use();
    const token = new Client(env.app, TEST_OPERATOR_TOKEN);
    const first = await token.post('/v1/operator/bootstrap', { email: 'first-admin@platform.example', name: 'First Admin', password: OPERATOR_PASSWORD });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ role: 'admin', totpEnrolled: false, id: expect.stringMatching(/^op_/) });
    const again = await token.post('/v1/operator/bootstrap', { email: 'second@platform.example', name: 'Second', password: OPERATOR_PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_bootstrapped');
    // A weak password and no token are refused too.
    expect((await new Client(env.app).post('/v1/operator/bootstrap', { email: 'x@platform.example', name: 'X', password: OPERATOR_PASSWORD })).statusCode).toBe(401);
  });

  it('enrolment: password, then a new TOTP secret (otpauth URI + QR), confirmed by a code from otpauth; the next sign-in asks for a code', async () => {
    const env = use();
    const frozen = env.ctx.now();
    await atClock(env, () => frozen, async () => {
      const client = new OperatorClient(env.app);
      const step = await client.post('/v1/operator/signin', { email: 'first-admin@platform.example', password: OPERATOR_PASSWORD });
      expect(step.statusCode, step.body).toBe(200);
      expect(step.json().next).toBe('enrol');
      // The password step alone reaches no operator route.
      expect((await client.get('/v1/operator/me')).statusCode).toBe(401);
      const enrol = await client.post('/v1/operator/signin/enrol');
      expect(enrol.statusCode, enrol.body).toBe(200);
      const { secret, otpauthUri, qrDataUrl } = enrol.json();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUri).toContain(`secret=${secret}`);
      expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/West%20Message:first-admin%40platform\.example\?/);
      expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
      // The secret is sealed at rest.
      const stored = (await env.ctx.database.query<{ s: string }>(`select totp_secret s from operators where email = 'first-admin@platform.example'`)).rows[0].s;
      expect(stored.startsWith('wm1.')).toBe(true);
      expect(stored).not.toContain(secret);
      expect(errorCode(await client.post('/v1/operator/signin/totp', { code: '000000' === totpCode(secret, frozen) ? '111111' : '000000' }))).toBe('invalid_code');
      const ok = await client.post('/v1/operator/signin/totp', { code: totpCode(secret, frozen) });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().operator).toMatchObject({ totpEnrolled: true, role: 'admin' });
      const me = await client.get('/v1/operator/me');
      expect(me.json()).toMatchObject({ via: 'session', role: 'admin', operator: { email: 'first-admin@platform.example' } });
      // Enrolled: the next sign-in asks for a code and enrolment is refused.
      const next = new OperatorClient(env.app);
      expect((await next.post('/v1/operator/signin', { email: 'first-admin@platform.example', password: OPERATOR_PASSWORD })).json().next).toBe('totp');
      expect(errorCode(await next.post('/v1/operator/signin/enrol'))).toBe('totp_already_enrolled');
    });
  });

  it('a code of a step already used is refused (replay); the next step\'s code is accepted', async () => {
    const env = use();
    const op = await makeOperator(env, { role: 'support' });
    await atClock(env, () => new Date(T0.getTime() + 3_600_000), async () => {
      const at = env.ctx.now();
      const a = new OperatorClient(env.app);
      await a.post('/v1/operator/signin', { email: op.email, password: op.password });
      expect((await a.post('/v1/operator/signin/totp', { code: totpCode(op.secret, at) })).statusCode).toBe(200);
      const b = new OperatorClient(env.app);
      await b.post('/v1/operator/signin', { email: op.email, password: op.password });
      const replay = await b.post('/v1/operator/signin/totp', { code: totpCode(op.secret, at) });
      expect(replay.statusCode).toBe(401);
      expect(errorCode(replay)).toBe('code_already_used');
      // The step before is older still: refused as well.
      expect(errorCode(await b.post('/v1/operator/signin/totp', { code: totpCode(op.secret, new Date(at.getTime() - 30_000)) }))).toBe('code_already_used');
      expect((await b.post('/v1/operator/signin/totp', { code: totpCode(op.secret, new Date(at.getTime() + 30_000)) })).statusCode).toBe(200);
    });
  });

  it('locks the operator out after the configured consecutive failures (423 with the unlock time), even with the right password; unlocks after it', async () => {
    const env = use();
    const op = await makeOperator(env, { role: 'trust_safety' });
    let now = new Date(T0.getTime() + 7_200_000);
    await atClock(env, () => now, async () => {
      const c = new OperatorClient(env.app);
      expect((await c.post('/v1/operator/signin', { email: op.email, password: 'wrong-password-entirely' })).statusCode).toBe(401);
      await c.post('/v1/operator/signin', { email: op.email, password: op.password });
      expect(errorCode(await c.post('/v1/operator/signin/totp', { code: '12345x' }))).toBe('invalid_code');
      const locked = await c.post('/v1/operator/signin/totp', { code: totpCode(op.secret, new Date(now.getTime() - 10 * 60_000)) });
      expect(locked.statusCode).toBe(423);
      expect(locked.json().error).toMatchObject({ code: 'operator_locked', details: { lockedUntil: new Date(now.getTime() + 15 * 60_000).toISOString() } });
      // Right password and right code: still locked.
      const during = await new OperatorClient(env.app).post('/v1/operator/signin', { email: op.email, password: op.password });
      expect(during.statusCode).toBe(423);
      now = new Date(now.getTime() + 15 * 60_000 + 1000);
      expect((await signInOperator(env, op).then((x) => x.get('/v1/operator/me'))).statusCode).toBe(200);
    });
    const audit = (await op.client.get('/v1/operator/audit?limit=200')).json().data as Array<{ action: string; target: { id: string } | null }>;
    const actions = audit.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['operator.locked_out', 'operator.sign_in_failed', 'operator.sign_in_refused']));
  });

  it('roles: support reads but does not write plain operator routes nor manage operators; trust_safety writes; admin manages', async () => {
    const env = use();
    const support = await makeOperator(env, { role: 'support' });
    const ts = await makeOperator(env, { role: 'trust_safety' });
    const admin = await makeOperator(env, { role: 'admin' });
    expect((await support.client.get('/v1/operator/accounts')).statusCode).toBe(200);
    expect((await support.client.get('/v1/operator/outbox')).statusCode).toBe(200);
    const supportWrite = await support.client.patch('/v1/operator/legal-requests/lreq_01h455vb4pex5vsknk084sn02q', { nonDisclosureOrder: null });
    expect(supportWrite.statusCode).toBe(403);
    expect(supportWrite.json().error.details).toMatchObject({ requiredOperatorRole: 'trust_safety' });
    expect((await ts.client.patch('/v1/operator/legal-requests/lreq_01h455vb4pex5vsknk084sn02q', { nonDisclosureOrder: null })).statusCode).not.toBe(403);
    expect((await support.client.get('/v1/operator/operators')).statusCode).toBe(403);
    expect((await ts.client.get('/v1/operator/operators')).statusCode).toBe(403);
    expect((await ts.client.post('/v1/operator/token/disable')).statusCode).toBe(403);
    // Admin: create, change role, reset TOTP, disable.
    const created = await admin.client.post('/v1/operator/operators', { email: `new-${Date.now()}@platform.example`, name: 'New Support', role: 'support', password: OPERATOR_PASSWORD });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await admin.client.patch(`/v1/operator/operators/${id}`, { role: 'trust_safety' })).json().role).toBe('trust_safety');
    expect(errorCode(await admin.client.patch(`/v1/operator/operators/${admin.id}`, { role: 'support' }))).toBe('own_operator');
    // Reset TOTP: the support operator's session ends and the next sign-in enrols again.
    const reset = await admin.client.post(`/v1/operator/operators/${support.id}/reset-totp`);
    expect(reset.json().totpEnrolled).toBe(false);
    expect((await support.client.get('/v1/operator/accounts')).statusCode).toBe(401);
    const again = new OperatorClient(env.app);
    expect((await again.post('/v1/operator/signin', { email: support.email, password: support.password })).json().next).toBe('enrol');
    // Disabled: sessions end, sign-in refused like a wrong password.
    expect((await admin.client.patch(`/v1/operator/operators/${ts.id}`, { disabled: true })).json().disabled).toBe(true);
    expect((await ts.client.get('/v1/operator/accounts')).statusCode).toBe(401);
    expect(errorCode(await new OperatorClient(env.app).post('/v1/operator/signin', { email: ts.email, password: ts.password }))).toBe('invalid_credentials');
    const list = (await admin.client.get('/v1/operator/operators')).json().data as Array<{ id: string; disabled: boolean }>;
    expect(list.find((o) => o.id === ts.id)?.disabled).toBe(true);
  });

  it('isolation: an account session or API key never reaches /v1/operator/*; an operator session is no account session', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const key = (await owner.client.post('/v1/api-keys', { name: 'k' })).json().key as string;
    for (const url of ['/v1/operator/accounts', '/v1/operator/me', '/v1/operator/audit', '/v1/operator/outbox', `/v1/operator/accounts/${owner.accountId}`]) {
      expect((await owner.client.get(url)).statusCode, url).toBe(401);
      expect((await new Client(env.app, key).get(url)).statusCode, url).toBe(401);
    }
    expect((await owner.client.post(`/v1/operator/accounts/${owner.accountId}/notes`, { body: 'x' })).statusCode).toBe(401);
    const op = await makeOperator(env);
    for (const url of ['/v1/me', '/v1/contacts', '/v1/conversations']) expect((await op.client.get(url)).statusCode, url).toBe(401);
    // Writes need the operator CSRF header.
    const noCsrf = await op.client.post(`/v1/operator/accounts/${owner.accountId}/notes`, { body: 'x' }, { 'x-operator-csrf': 'forged' });
    expect(noCsrf.statusCode).toBe(403);
    expect(errorCode(noCsrf)).toBe('csrf_failed');
  });

  it('sessions end after the idle time and at their absolute end', async () => {
    const env = use();
    const op = await makeOperator(env);
    const start = env.ctx.now().getTime();
    await atClock(env, () => new Date(start + 29 * 60_000), async () => expect((await op.client.get('/v1/operator/me')).statusCode).toBe(200));
    await atClock(env, () => new Date(start + 29 * 60_000 + 31 * 60_000), async () => {
      const r = await op.client.get('/v1/operator/me');
      expect(r.statusCode).toBe(401);
      expect(errorCode(r)).toBe('operator_session_expired');
    });
    const op2 = await makeOperator(env);
    const s2 = env.ctx.now().getTime();
    // Active every 20 minutes, still ended at 12 hours.
    for (let m = 20; m < 12 * 60; m += 20) await atClock(env, () => new Date(s2 + m * 60_000), async () => expect((await op2.client.get('/v1/operator/me')).statusCode).toBe(200));
    await atClock(env, () => new Date(s2 + 12 * 3_600_000 + 1000), async () => expect((await op2.client.get('/v1/operator/me')).statusCode).toBe(401));
  }, 120_000);

  it('accounts: search, cursor paging, usage; detail with numbers, connections (no secrets), members, notes; every view and note in the operators\' log, whose chain verifies', async () => {
    const env = use();
    const tag = Date.now().toString(36);
    const accounts = [];
    for (const n of ['Alpha', 'Bravo', 'Charlie']) accounts.push(await signUp(env.app, { business: `Console ${n} ${tag}` }));
    const op = await makeOperator(env, { role: 'support' });
    const found = (await op.client.get(`/v1/operator/accounts?q=${encodeURIComponent(`Bravo ${tag}`)}`)).json();
    expect(found.data.map((a: { name: string }) => a.name)).toEqual([`Console Bravo ${tag}`]);
    expect(found.data[0]).toMatchObject({ status: 'active', ownerEmail: accounts[1].email, messagesLast30Days: { outbound: 0, inbound: 0, failed: 0 } });
    const byEmail = (await op.client.get(`/v1/operator/accounts?q=${encodeURIComponent(accounts[2].email)}`)).json();
    expect(byEmail.data.map((a: { id: string }) => a.id)).toEqual([accounts[2].accountId]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ id: string }>; nextCursor: string | null } = (await op.client.get(`/v1/operator/accounts?q=${encodeURIComponent(`Console`)}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.data.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(accounts.map((a) => a.accountId)));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await op.client.get('/v1/operator/accounts?cursor=nonsense')).statusCode).toBe(400);

    const target = accounts[0];
    const note = await op.client.post(`/v1/operator/accounts/${target.accountId}/notes`, { body: 'Called the owner about consent records.' });
    expect(note.statusCode, note.body).toBe(201);
    expect((await op.client.post(`/v1/operator/accounts/${target.accountId}/notes`, { body: '   ' })).statusCode).toBe(400);
    const detail = await op.client.get(`/v1/operator/accounts/${target.accountId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const d = detail.json();
    expect(d.account).toMatchObject({ id: target.accountId, status: 'active' });
    expect(d.members).toEqual([expect.objectContaining({ email: target.email, role: 'owner' })]);
    expect(d.notes).toEqual([expect.objectContaining({ body: 'Called the owner about consent records.', operator: { id: op.id, name: op.name } })]);
    expect(d).toHaveProperty('sections');
    expect(JSON.stringify(d)).not.toMatch(/wm1\./);
    expect((await op.client.get('/v1/operator/accounts/acct_01h455vb4pex5vsknk084sn02q')).statusCode).toBe(404);
    expect((await op.client.get('/v1/operator/accounts/nonsense')).statusCode).toBe(404);

    const log = (await op.client.get('/v1/operator/audit?limit=20')).json();
    const mine = log.data.filter((e: { actor: { label: string | null } }) => e.actor.label?.includes(op.email));
    expect(mine.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['operator.account_viewed', 'operator.account_note_added', 'operator.signed_in', 'operator.totp_enrolled']));
    const page2 = (await op.client.get(`/v1/operator/audit?limit=2&before=${log.data[1].seq}`)).json();
    expect(page2.data.map((e: { seq: number }) => e.seq)).toEqual([log.data[1].seq - 1, log.data[1].seq - 2]);
    const verified = (await op.client.get('/v1/operator/audit/verify')).json();
    expect(verified).toMatchObject({ ok: true, reason: null });
    expect(verified.checked).toBeGreaterThan(10);
    // An entry altered in the database breaks the chain (the triggers refuse updates, so go around them).
    if (env.kind === 'postgres') {
      await env.ctx.database.query(`alter table platform_audit_events disable trigger user`);
      await env.ctx.database.query(`update platform_audit_events set action = 'operator.nothing' where chain = 'operators' and seq = 2`);
      await env.ctx.database.query(`alter table platform_audit_events enable trigger user`);
      expect((await op.client.get('/v1/operator/audit/verify')).json()).toMatchObject({ ok: false, reason: 'hash_mismatch' });
    }
  });
}, { OPERATOR_LOCKOUT_ATTEMPTS: '3', OPERATOR_LOCKOUT_MINUTES: '15' });

describeEachDb('operators: the bootstrap token turned off', (use) => {
  it('until an admin turns it off the token works (not to turn itself off); afterwards it is refused everywhere, operator sessions go on', async () => {
    const env = use();
    const token = new Client(env.app, TEST_OPERATOR_TOKEN);
    expect((await token.get('/v1/operator/outbox')).statusCode).toBe(200);
    expect((await token.get('/v1/operator/token')).json()).toEqual({ enabled: true, disabledAt: null });
    expect((await token.post('/v1/operator/token/disable')).statusCode).toBe(403);
    const admin = await makeOperator(env, { role: 'admin' });
    const off = await admin.client.post('/v1/operator/token/disable');
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().enabled).toBe(false);
    for (const [method, url] of [['GET', '/v1/operator/outbox'], ['GET', '/v1/operator/accounts'], ['POST', '/v1/operator/bootstrap'], ['GET', '/v1/operator/policies']] as const) {
      const r = await token.request(method, url, method === 'POST' ? { email: 'a@platform.example', name: 'A', password: OPERATOR_PASSWORD } : undefined);
      expect(r.statusCode, url).toBe(401);
      expect(errorCode(r), url).toBe('operator_token_disabled');
    }
    // The old `orOperator` route (create a partner organisation) refuses it too.
    expect((await token.post('/v1/partners', { name: 'BPO', ownerEmail: 'bpo@example.com' })).statusCode).toBe(401);
    expect((await admin.client.get('/v1/operator/outbox')).statusCode).toBe(200);
    expect((await admin.client.get('/v1/operator/token')).json().enabled).toBe(false);
    // Turning it off again changes nothing; the log has it once.
    await admin.client.post('/v1/operator/token/disable');
    const actions = ((await admin.client.get('/v1/operator/audit?limit=200')).json().data as Array<{ action: string }>).map((e) => e.action);
    expect(actions.filter((a) => a === 'operator.token_disabled').length).toBeGreaterThanOrEqual(1);
    expect((await admin.client.get('/v1/operator/audit/verify')).json().ok).toBe(true);
  });
});
