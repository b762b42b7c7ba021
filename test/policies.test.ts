import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { collectNotices, policyNotices } from '../src/modules/policies/notices.service.js';
import { POLICY_NOTIFY_JOB, notifyPolicyBatch, type Recipient } from '../src/modules/policies/policies.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, TEST_OPERATOR_TOKEN, signUp } from './factories.js';

const operator = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` };
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

let seq = 0;
/** A version name unique in this file (versions are unique per kind). */
const v = (tag: string) => `2026-12-${String(++seq).padStart(2, '0')}-${tag}`;

async function publish(env: TestEnv, body: Record<string, unknown>) {
  return env.app.inject({ method: 'POST', url: '/v1/operator/policies', headers: operator, payload: body });
}

async function signIn(env: TestEnv, email: string) {
  const client = new Client(env.app);
  const res = await client.post('/v1/auth/login', { email, password: STRONG_PASSWORD }, { 'user-agent': UA });
  expect(res.statusCode).toBe(200);
  return { client, res };
}

async function mailsTo(env: TestEnv, to: string, subject: string) {
  return (await env.ctx.database.query<{ n: number }>('select count(*)::int n from emails where "to" = $1 and subject like $2', [to, `${subject}%`])).rows[0].n;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 600; i++) { // 30 s: a loaded machine mails every page of people slowly
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeEachDb('policy versions', (use) => {
  it('the operator publishes a version: it is current on the public page with its date, the history links the old one', async () => {
    const env = use();
    const before = (await env.app.inject({ method: 'GET', url: '/v1/legal/privacy' })).json();
    const version = v('p');
    const r = await publish(env, { kind: 'privacy', version, body: '# Privacy\n\nWe keep **less** now.\n\n<script>alert(1)</script>', lastUpdated: '2026-12-01', material: false });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'privacy', version, title: 'Privacy Policy', lastUpdated: '2026-12-01', material: false, current: true });
    expect(r.json().id).toMatch(/^pol_/);

    const page = (await env.app.inject({ method: 'GET', url: '/v1/legal/privacy' })).json();
    expect(page).toMatchObject({ kind: 'privacy', version, lastUpdated: '2026-12-01', current: true });
    expect(page.body).toContain('We keep **less** now.'); // Markdown as written: the web app renders it without raw HTML
    expect(page.history[0]).toMatchObject({ version, url: '/legal/privacy', material: false });
    expect(page.history[1]).toMatchObject({ version: before.version, url: `/legal/privacy/${before.version}` });
    expect(page.history).toHaveLength(before.history.length + 1);

    const old = await env.app.inject({ method: 'GET', url: `/v1/legal/privacy/versions/${before.version}` });
    expect(old.json()).toMatchObject({ version: before.version, body: before.body, current: false });
    expect((await env.app.inject({ method: 'GET', url: '/v1/legal/privacy/versions/1999-01-01' })).statusCode).toBe(404);

    const listed = (await env.app.inject({ method: 'GET', url: '/v1/operator/policies', headers: operator })).json().data;
    expect(listed.filter((d: { kind: string; current: boolean }) => d.kind === 'privacy' && d.current).map((d: { version: string }) => d.version)).toEqual([version]);
    const audit = await env.ctx.database.query<{ n: number }>("select count(*)::int n from platform_audit_events where action = 'policy.published'");
    expect(audit.rows[0].n).toBeGreaterThan(0);
  });

  it('refuses bad input and non-operators', async () => {
    const env = use();
    const good = { kind: 'terms', body: 'Terms.', lastUpdated: '2026-12-02', material: false };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, lastUpdated: '2026-02-30' }, 'lastUpdated'],
      [{ ...good, lastUpdated: 'yesterday' }, 'lastUpdated'],
      [{ ...good, kind: 'cookies' }, 'kind'],
      [{ ...good, body: '   ' }, 'body'],
      [{ ...good, version: 'has spaces' }, 'version'],
      [{ ...good, material: 'yes' }, 'material'],
      [{ ...good, extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const r = await publish(env, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().error.code).toBe('validation_failed');
      if (field) expect(r.json().error.details.field).toBe(field);
    }
    const version = v('t');
    expect((await publish(env, { ...good, version })).statusCode).toBe(201);
    const dup = await publish(env, { ...good, version });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('version_exists');
    const user = await signUp(env.app);
    expect((await user.client.post('/v1/operator/policies', { ...good, version: v('x') })).statusCode).toBe(401);
    expect((await env.app.inject({ method: 'POST', url: '/v1/operator/policies', payload: good })).statusCode).toBe(401);
  });

  it('a material change asks every existing user to accept again at sign-in; acceptance is recorded with version, IP and user agent', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const { key } = (await owner.client.post('/v1/api-keys', { name: 'integration' })).json();
    expect((await owner.client.get('/v1/me')).json().policyAcceptanceRequired).toBe(false);

    const version = v('m');
    expect((await publish(env, { kind: 'terms', version, body: 'New terms.', lastUpdated: '2026-12-05', material: true })).statusCode).toBe(201);

    const { client, res } = await signIn(env, owner.email);
    expect(res.json().policyAcceptanceRequired).toBe(true);
    expect((await client.get('/v1/me')).json().policyAcceptanceRequired).toBe(true);
    const pending = (await client.get('/v1/policies/acceptance')).json();
    expect(pending).toEqual({ required: true, documents: [{ kind: 'terms', version, title: 'Terms of Service', lastUpdated: '2026-12-05', url: '/legal/terms' }] });

    // An API key is never blocked.
    const api = new Client(env.app, key);
    expect((await api.get('/v1/me')).json().policyAcceptanceRequired).toBe(false);
    expect((await api.get('/v1/members')).statusCode).toBe(200);
    expect((await api.post('/v1/policies/accept', { accept: [{ kind: 'terms', version }] })).json().error.code).toBe('session_required');

    // Someone who signs up after the material version accepted it at sign-up.
    const newcomer = await signUp(env.app);
    expect((await newcomer.client.get('/v1/me')).json().policyAcceptanceRequired).toBe(false);

    // Accepting an old version is refused; the current one clears the flag.
    const stale = await client.post('/v1/policies/accept', { accept: [{ kind: 'terms', version: '2026-11-01' }] }, { 'user-agent': UA });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('policy_not_current');
    const ok = await client.post('/v1/policies/accept', { accept: [{ kind: 'terms', version }] }, { 'user-agent': UA });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ accepted: [{ kind: 'terms', version }] });
    expect((await client.get('/v1/me')).json().policyAcceptanceRequired).toBe(false);
    expect((await signIn(env, owner.email)).res.json().policyAcceptanceRequired).toBe(false);
    // Accepting twice records once.
    await client.post('/v1/policies/accept', { accept: [{ kind: 'terms', version }] }, { 'user-agent': UA });

    const rows = await env.ctx.database.query<{ version: string; ip: string; user_agent: string; accepted_at: Date; account_id: string }>(
      `select d.version, a.ip, a.user_agent, a.accepted_at, a.account_id from policy_acceptances a join policy_documents d on d.id = a.document_id
       where a.user_id = $1 and d.version = $2`, [fromPublicId('user', owner.userId), version]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ version, ip: '127.0.0.1', user_agent: UA, account_id: fromPublicId('account', owner.accountId) });
    expect(new Date(rows.rows[0].accepted_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const audit = await env.ctx.database.query<{ n: number }>("select count(*)::int n from audit_events where account_id = $1 and action = 'policy.accepted'", [fromPublicId('account', owner.accountId)]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('a non-material change blocks nobody but shows a banner (until accepted or 30 days) and mails every user through the job', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const version = v('n');
    expect((await publish(env, { kind: 'privacy', version, body: 'Clarified wording.', lastUpdated: '2026-12-06', material: false })).statusCode).toBe(201);
    const me = (await owner.client.get('/v1/me')).json();
    expect(me.policyAcceptanceRequired).toBe(false);
    const notices = (await owner.client.get('/v1/notices')).json().data;
    expect(notices).toEqual([expect.objectContaining({ id: `policy:privacy:${version}`, kind: 'policy', title: 'We updated our Privacy Policy', href: '/legal/privacy' })]);
    expect(Date.parse(notices[0].until) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    // Gone after 30 days (a later clock; the session itself would have expired by then) …
    const person = { id: fromPublicId('user', owner.userId)!, createdAt: new Date(Date.now() - 60_000) };
    const at = (days: number) => ({ accountId: fromPublicId('account', owner.accountId)!, person, now: new Date(Date.now() + days * 86_400_000) });
    expect((await collectNotices(env.ctx, at(29), [policyNotices])).map((n) => n.id)).toContain(`policy:privacy:${version}`);
    expect((await collectNotices(env.ctx, at(31), [policyNotices])).map((n) => n.id)).not.toContain(`policy:privacy:${version}`);
    // … and once read and accepted.
    await owner.client.post('/v1/policies/accept', { accept: [{ kind: 'privacy', version }] });
    expect((await owner.client.get('/v1/notices')).json().data).toEqual([]);

    // The job mails every person of every active account, once.
    await env.ctx.jobs.work();
    const subject = 'We updated our Privacy Policy (last updated 2026-12-06)';
    await until(async () => (await mailsTo(env, owner.email, subject)) >= 1, 'the policy email');
    expect(await mailsTo(env, owner.email, subject)).toBe(1);
  });

  it('the notification job mails a page at a time and queues the next page in the same transaction', async () => {
    const env = use();
    const version = v('b');
    const doc = (await publish(env, { kind: 'terms', version, body: 'x', lastUpdated: '2026-12-07', material: false })).json();
    const people: Recipient[] = ['a', 'b', 'c'].map((n, i) => ({ id: `00000000-0000-7000-8000-00000000000${i + 1}`, email: `batch-${n}-${version}@example.com`, name: n, createdAt: new Date(0) }));
    const page = async (_db: unknown, after: string | null, limit: number) => people.filter((p) => !after || p.id > after).slice(0, limit);
    const documentId = fromPublicId('policy', doc.id)!;
    await notifyPolicyBatch(env.ctx, page, { documentId, afterUserId: null }, 2);
    expect(await mailsTo(env, people[0].email, 'We updated')).toBe(1);
    expect(await mailsTo(env, people[1].email, 'We updated')).toBe(1);
    expect(await mailsTo(env, people[2].email, 'We updated')).toBe(0);
    const next = await env.ctx.database.query<{ data: { afterUserId: string } }>(
      `select data from pgboss.job where name = $1 and data->>'documentId' = $2 and data->>'afterUserId' is not null`, [POLICY_NOTIFY_JOB, documentId]);
    expect(next.rows.map((r) => r.data.afterUserId)).toEqual([people[1].id]);
    await notifyPolicyBatch(env.ctx, page, { documentId, afterUserId: people[1].id }, 2);
    expect(await mailsTo(env, people[2].email, 'We updated')).toBe(1);
  });
});

describeEachDb('sub-processors', (use) => {
  it('lists the platform sub-processors publicly with the date of each change', async () => {
    const env = use();
    const r = await env.app.inject({ method: 'GET', url: '/v1/legal/subprocessors' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(new Set(body.data.map((s: { category: string }) => s.category))).toEqual(new Set(['carrier', 'email', 'hosting']));
    expect(body.data.every((s: { since: string }) => /^\d{4}-\d{2}-\d{2}$/.test(s.since))).toBe(true);
    expect(body.lastUpdated).toBe(body.changes[0].date);
  });

  it("shows an account which carriers received its messages, and only its own", async () => {
    const env = use();
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const accountA = fromPublicId('account', a.accountId)!;
    const conn = '019a0000-0000-7000-8000-00000000c0c1';
    await env.ctx.database.query(
      `insert into provider_connections (account_id, id, kind, name, credentials, status, webhook_token_hash, webhook_token)
       values ($1, $2, 'twilio', 'Main Twilio', 'x', 'connected', $3, 'x')`, [accountA, conn, `hash-${conn}`]);
    const insertMessage = (id: string, direction: string, connectionId: string | null, provider: string) => env.ctx.database.query(
      `insert into messages (id, account_id, number_id, direction, "from", "to", body, encoding, segments, status, provider, connection_id)
       values ($1, $2, $3, $4, '+15125550100', '+14155550100', 'hi', 'GSM-7', 1, 'sent', $5, $6)`,
      [id, accountA, '019a0000-0000-7000-8000-0000000000aa', direction, provider, connectionId]);
    await insertMessage('019a0000-0000-7000-8000-0000000000b1', 'outbound', conn, 'twilio');
    await insertMessage('019a0000-0000-7000-8000-0000000000b2', 'outbound', conn, 'twilio');
    await insertMessage('019a0000-0000-7000-8000-0000000000b3', 'inbound', conn, 'twilio');
    await insertMessage('019a0000-0000-7000-8000-0000000000b4', 'outbound', null, 'simulator');

    const r = (await a.client.get('/v1/account/subprocessors')).json();
    expect(r.publicList).toBe('/legal/subprocessors');
    const byProvider = Object.fromEntries(r.carriers.map((c: { provider: string }) => [c.provider, c]));
    expect(byProvider.twilio).toMatchObject({ connectionName: 'Main Twilio', connectionDeleted: false, outbound: 2, inbound: 1 });
    expect(byProvider.twilio.connectionId).toMatch(/^conn_/);
    expect(byProvider.simulator).toMatchObject({ connectionId: null, outbound: 1, inbound: 0 });
    expect((await b.client.get('/v1/account/subprocessors')).json().carriers).toEqual([]);
  });
});
