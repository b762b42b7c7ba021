import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, TEST_OPERATOR_TOKEN, emailsTo, lastEmailTo, signUp, tokenFrom } from './factories.js';
import { fromPublicId } from '../src/lib/ids.js';
import { TRANSFER_NOTIFY_JOB, notifyTransferPage, transferNoticesFor } from '../src/modules/disclosures/transfers.service.js';
import { activePeoplePage } from '../src/modules/accounts/people.service.js';
import { collectNotices } from '../src/modules/policies/notices.service.js';

const DAY = 86_400_000;

describeEachDb('business transfers', (use) => {
  const operator = () => new Client(use().app, TEST_OPERATOR_TOKEN);
  const body = (account: string | null) => ({ account, kind: 'acquisition', acquirer: 'Globex Corporation', description: 'Globex buys the plumbing business with its customer list.', effectiveOn: '2026-12-01' });

  async function teamOf() {
    const { app } = use();
    const owner = await signUp(app);
    const email = `agent-${Math.random().toString(36).slice(2)}@example.com`;
    await owner.client.post('/v1/invitations', { email, role: 'agent' });
    const token = tokenFrom((await lastEmailTo(app, email, TEST_OPERATOR_TOKEN)).text);
    const agent = new Client(app);
    expect((await agent.post('/v1/invitations/accept', { token, name: 'Agent', phone: '+44 20 7946 0958', password: STRONG_PASSWORD })).statusCode).toBe(201);
    return { owner, agent, agentEmail: email };
  }

  it("mails every user of the account, shows a banner for 30 days, and records the owner's acceptance", async () => {
    const env = use();
    const { owner, agent, agentEmail } = await teamOf();
    const other = await signUp(env.app);
    const r = await operator().post('/v1/operator/transfers', body(owner.accountId));
    expect(r.statusCode).toBe(201);
    const t = r.json();
    expect(t).toMatchObject({ id: expect.stringMatching(/^xfer_/), account: owner.accountId, acquirer: 'Globex Corporation' });

    const ownerMail = await lastEmailTo(env.app, owner.email, TEST_OPERATOR_TOKEN, { subject: /new owner/ });
    expect(ownerMail.text).toContain('Globex Corporation');
    expect(ownerMail.text).toContain('accept it under the new owner');
    const agentMail = await lastEmailTo(env.app, agentEmail, TEST_OPERATOR_TOKEN, { subject: /new owner/ });
    expect(agentMail.text).not.toContain('accept it under the new owner');
    expect((await emailsTo(env.app, other.email, TEST_OPERATOR_TOKEN)).filter((m) => /new owner/.test(m.subject))).toEqual([]);

    for (const c of [owner.client, agent]) {
      const notices = (await c.get('/v1/notices')).json().data;
      expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ id: `transfer:${t.id}`, kind: 'transfer', title: expect.stringContaining('Globex') })]));
    }
    expect((await other.client.get('/v1/notices')).json().data.filter((n: { kind: string }) => n.kind === 'transfer')).toEqual([]);

    // 30 days of banner: there on day 29, gone on day 31 (the service clock; a session would not last).
    const accountId = fromPublicId('account', owner.accountId)!;
    const shown = async (days: number) => (await collectNotices(env.ctx, { accountId, person: null, now: new Date(Date.now() + days * DAY) }, [transferNoticesFor])).length;
    expect(await shown(29)).toBe(1);
    expect(await shown(31)).toBe(0);

    expect((await owner.client.get('/v1/transfers')).json().data).toEqual([expect.objectContaining({ id: t.id, acceptanceRequired: true, acceptedAt: null })]);
    expect((await agent.post(`/v1/transfers/${t.id}/accept`)).statusCode).toBe(403);
    const accepted = await owner.client.post(`/v1/transfers/${t.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ acceptanceRequired: false, acceptedAt: expect.any(String) });
    expect((await owner.client.get('/v1/transfers')).json().data[0]).toMatchObject({ acceptanceRequired: false });
    // The acceptance names the Privacy Policy version, the person, and where from (IP, user agent).
    const current = (await use().app.inject({ method: 'GET', url: '/v1/policies/current' })).json().privacy.version;
    const log = (await owner.client.get('/v1/audit-events?limit=200')).json().data;
    expect(log.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['transfer.noticed', 'transfer.accepted']));
    expect(log.find((e: { action: string }) => e.action === 'transfer.accepted')).toMatchObject({
      actor: { type: 'user', id: owner.userId }, target: { type: 'transfer', id: t.id, name: 'Globex Corporation' }, details: { privacyVersion: current }, ip: expect.any(String),
    });
  });

  it('a transfer of the platform reaches every user by email and banner', async () => {
    const env = use();
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const t = (await operator().post('/v1/operator/transfers', body(null))).json();
    expect(t.account).toBeNull();
    // The mail goes out through a job, a page of people per run (queued with the record; run here as the worker would).
    const queued = await env.ctx.database.query(`select 1 from pgboss.job where name = $1 and data->>'transferId' = $2`, [TRANSFER_NOTIFY_JOB, fromPublicId('transfer', t.id)]);
    expect(queued.rows.length).toBe(1);
    await notifyTransferPage(env.ctx, activePeoplePage, { transferId: fromPublicId('transfer', t.id)!, afterUserId: null }, 1000);
    for (const s of [a, b]) {
      expect((await lastEmailTo(env.app, s.email, TEST_OPERATOR_TOKEN, { subject: /West Message has a new owner/ })).text).toContain('Globex');
      expect((await s.client.get('/v1/notices')).json().data).toEqual(expect.arrayContaining([expect.objectContaining({ id: `transfer:${t.id}` })]));
    }
  });

  it("is the account's own: another account sees nothing and cannot accept it; bad input is refused", async () => {
    const { owner } = await teamOf();
    const other = await signUp(use().app);
    const t = (await operator().post('/v1/operator/transfers', body(owner.accountId))).json();
    expect((await other.client.get('/v1/transfers')).json().data).toEqual([]);
    expect((await other.client.post(`/v1/transfers/${t.id}/accept`)).statusCode).toBe(404);
    expect((await owner.client.post('/v1/transfers/xfer_01h455vb4pex5vsknk084sn02q/accept')).statusCode).toBe(404);
    expect((await operator().post('/v1/operator/transfers', body('acct_01h455vb4pex5vsknk084sn02q'))).json().error.code).toBe('unknown_account');
    for (const bad of [{ ...body(null), kind: 'gift' }, { ...body(null), effectiveOn: '2026-13-01' }, { ...body(null), acquirer: '' }, { ...body(null), extra: 1 }]) {
      expect([400, 422]).toContain((await operator().post('/v1/operator/transfers', bad)).statusCode);
    }
    expect((await owner.client.post('/v1/operator/transfers', body(owner.accountId))).statusCode).toBe(401);
  });
});
