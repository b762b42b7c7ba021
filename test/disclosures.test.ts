import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, TEST_OPERATOR_TOKEN, emailsTo, lastEmailTo, signUp } from './factories.js';
import { sendDueNotices } from '../src/modules/disclosures/disclosures.service.js';

const DAY = 86_400_000;
const dayFrom = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describeEachDb('legal disclosures', (use) => {
  const operator = () => new Client(use().app, TEST_OPERATOR_TOKEN);
  const request = (accounts: string[], extra: Record<string, unknown> = {}) => ({
    authority: 'Superior Court of Springfield', legalBasis: 'Subpoena 24-1187', scope: 'Subscriber information and messages of March 2026',
    receivedOn: '2026-03-02', outcome: 'partially_disclosed', disclosed: 'Subscriber name and email', accounts, nonDisclosureOrder: null, ...extra,
  });
  const actions = async (c: Client) => (await c.get('/v1/audit-events?action=legal_request.')).json().data.map((e: { action: string }) => e.action);

  async function at<T>(env: TestEnv, days: number, work: () => Promise<T>): Promise<T> {
    const real = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + days * DAY);
    try {
      return await work();
    } finally {
      env.ctx.now = real;
    }
  }

  it('without an order the owner is told at once; with one, only by the daily job after its end date, once', async () => {
    const env = use();
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const open = await operator().post('/v1/operator/legal-requests', request([a.accountId]));
    expect(open.statusCode).toBe(201);
    expect(open.json()).toMatchObject({ id: expect.stringMatching(/^lreq_/), nonDisclosureOrder: null, accounts: [{ id: a.accountId, noticeSentAt: expect.any(String) }] });
    const mail = await lastEmailTo(env.app, a.email, TEST_OPERATOR_TOKEN, { subject: /legal request/ });
    expect(mail.text).toContain('Superior Court of Springfield');
    expect(mail.text).toContain('Subscriber name and email');
    expect(await actions(a.client)).toEqual(['legal_request.notified']);

    const end = dayFrom(10);
    const gagged = await operator().post('/v1/operator/legal-requests', request([b.accountId], { nonDisclosureOrder: { until: end }, outcome: 'disclosed' }));
    expect(gagged.json()).toMatchObject({ nonDisclosureOrder: { until: end }, accounts: [{ id: b.accountId, noticeSentAt: null }] });
    const told = async () => (await emailsTo(env.app, b.email, TEST_OPERATOR_TOKEN)).filter((m) => /legal request/.test(m.subject)).length;
    expect(await told()).toBe(0);
    expect(await actions(b.client)).toEqual([]); // the owner reads this log: nothing shows while the order runs
    expect(await at(env, 0, () => sendDueNotices(env.ctx))).toBe(0);
    expect(await at(env, 10, () => sendDueNotices(env.ctx))).toBe(0); // the end date itself: still under the order
    expect(await at(env, 11, () => sendDueNotices(env.ctx))).toBe(1);
    expect(await at(env, 12, () => sendDueNotices(env.ctx))).toBe(0);
    await lastEmailTo(env.app, b.email, TEST_OPERATOR_TOKEN, { subject: /legal request/ });
    expect(await told()).toBe(1);
    expect(await actions(b.client)).toEqual(['legal_request.notified']);
  });

  it('an order without an end date holds notice until the operator sets one', async () => {
    const env = use();
    const a = await signUp(env.app);
    const r = (await operator().post('/v1/operator/legal-requests', request([a.accountId], { nonDisclosureOrder: { until: null }, outcome: 'rejected', disclosed: '' }))).json();
    expect(r.nonDisclosureOrder).toEqual({ until: null });
    expect(await at(env, 3650, () => sendDueNotices(env.ctx))).toBe(0);
    const lifted = await operator().patch(`/v1/operator/legal-requests/${r.id}`, { nonDisclosureOrder: { until: dayFrom(-1) } });
    expect(lifted.json().nonDisclosureOrder).toEqual({ until: dayFrom(-1) });
    expect(await sendDueNotices(env.ctx)).toBe(1);
    expect((await lastEmailTo(env.app, a.email, TEST_OPERATOR_TOKEN, { subject: /legal request/ })).text).toContain('We refused the request and disclosed nothing');
    const listed = (await operator().get('/v1/operator/legal-requests')).json().data.find((x: { id: string }) => x.id === r.id);
    expect(listed.accounts[0].noticeSentAt).toEqual(expect.any(String));
  });

  it('publishes a transparency report by half-year: requests, accounts affected, disclosed and rejected', async () => {
    const env = use();
    const [a, b, c] = [await signUp(env.app), await signUp(env.app), await signUp(env.app)];
    const op = operator();
    await op.post('/v1/operator/legal-requests', request([a.accountId, b.accountId], { receivedOn: '2019-02-01', outcome: 'disclosed' }));
    await op.post('/v1/operator/legal-requests', request([a.accountId], { receivedOn: '2019-06-30', outcome: 'rejected', disclosed: '', nonDisclosureOrder: { until: '2099-01-01' } }));
    await op.post('/v1/operator/legal-requests', request([c.accountId], { receivedOn: '2019-07-01' }));
    const report = await env.app.inject({ method: 'GET', url: '/v1/transparency-report' });
    expect(report.statusCode).toBe(200);
    const periods = report.json().periods.filter((p: { period: string }) => p.period.startsWith('2019'));
    expect(periods).toEqual([
      { period: '2019-H2', from: '2019-07-01', to: '2019-12-31', requests: 1, accountsAffected: 1, disclosed: 0, partiallyDisclosed: 1, rejected: 0 },
      { period: '2019-H1', from: '2019-01-01', to: '2019-06-30', requests: 2, accountsAffected: 2, disclosed: 1, partiallyDisclosed: 0, rejected: 1 },
    ]);
    expect(report.body).not.toContain(a.accountId);
    expect(report.body).not.toContain('Superior Court');
  });

  it('refuses bad input and anyone but the operator; writes nothing then', async () => {
    const env = use();
    const a = await signUp(env.app);
    const op = operator();
    const before = (await op.get('/v1/operator/legal-requests')).json().data.length;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [request(['acct_01h455vb4pex5vsknk084sn02q']), 422, 'unknown_account'],
      [request([a.accountId], { outcome: 'rejected', disclosed: 'everything' }), 422, 'disclosed_on_rejection'],
      [request([a.accountId], { disclosed: '' }), 422, 'disclosed_required'],
      [request([a.accountId], { receivedOn: '2026-02-30' }), 400, 'validation_failed'],
      [request([]), 400, 'validation_failed'],
      [request([a.accountId], { nonDisclosureOrder: { until: '2026-01-01', forever: true } }), 400, 'validation_failed'],
      [request([a.accountId], { secret: true }), 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const r = await op.post('/v1/operator/legal-requests', body);
      expect([status, status === 400 ? 422 : status], JSON.stringify(body)).toContain(r.statusCode);
      expect(r.json().error.code).toBe(code);
    }
    expect((await op.get('/v1/operator/legal-requests')).json().data.length).toBe(before);
    expect((await a.client.post('/v1/operator/legal-requests', request([a.accountId]))).statusCode).toBe(401);
    expect((await a.client.get('/v1/operator/legal-requests')).statusCode).toBe(401);
    expect((await op.patch('/v1/operator/legal-requests/lreq_01h455vb4pex5vsknk084sn02q', { nonDisclosureOrder: null })).statusCode).toBe(404);
  });
});
