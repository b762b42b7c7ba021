import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { listOperatorAudit } from '../src/modules/operators/operator-audit.service.js';
import { runRiskSignals } from '../src/modules/trust-safety/trust-safety.service.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { lastEmailTo, signUp, TEST_OPERATOR_TOKEN, type Client } from './factories.js';
import { makeOperator } from './operator-fixtures.js';

/**
 * Trust & safety (issue 13, acceptance 1): scripted traffic crosses the risk thresholds and puts
 * the account in the review queue; suspension holds queued messages (the carrier gets none) and
 * reinstatement releases each exactly once; termination stops everything and keeps the evidence;
 * notices and appeals are the account's own; operator routes are operators' only.
 */
describeEachDb('trust & safety', (use) => {
  const count = async (env: TestEnv, sql: string, params: unknown[]) => Number((await env.ctx.database.query<{ n: number }>(sql, params)).rows[0].n);
  const ledgerIds = async (env: TestEnv) => (await env.sim.ledger()).messages.map((l) => l.reference);
  const outbound = async (env: TestEnv, accountId: string) => (await env.ctx.database.query<{ id: string; status: string }>(
    `select id, status from messages where account_id = $1 and direction = 'outbound' and kind <> 'keyword_reply'`, [accountId])).rows;

  /** An account with a number whose queue waits (mps ~0) until `release`. */
  async function heldQueue(env: TestEnv, n: number) {
    const owner = await signUp(env.app);
    const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 0.01 })).json();
    for (let i = 0; i < n; i++) expect((await owner.client.post('/v1/messages', { to: `+1 646 555 02${String(i).padStart(2, '0')}`, body: `Queued ${i}` })).statusCode).toBe(201);
    const release = () => owner.client.patch(`/v1/numbers/${number.id}`, { mps: 1000 });
    return { ...owner, uuid: fromPublicId('account', owner.accountId)!, number, release };
  }

  it('scripted traffic crosses the thresholds and puts the account (once) in the review queue, signals explained with numbers', async () => {
    const env = use();
    const { app, ctx } = env;
    const op = await makeOperator(env, { role: 'trust_safety' });
    const risky = await signUp(app);
    const quiet = await signUp(app);
    const number = (await risky.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    await quiet.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    // 30 texts to sequential numbers, with a third-party shortener, to contacts with no recorded consent.
    const to = (i: number) => `+1 646 555 ${String(3100 + i)}`;
    for (let i = 0; i < 30; i++) expect((await risky.client.post('/v1/messages', { to: to(i), body: `Deal! bit.ly/x${i} now` })).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) await quiet.client.post('/v1/messages', { to: `+1 415 555 ${String(2000 + i * 7)}`, body: 'Your table is ready' });
    await settle(env);
    // 6 of them answer STOP right after the first text.
    for (let i = 0; i < 6; i++) {
      const r = await risky.client.post('/v1/simulator/inbound', { from: to(i), to: number.phoneNumber, body: 'STOP' });
      expect(r.json().keyword.kind).toBe('opt_out');
    }
    await settle(env);

    const first = await runRiskSignals(ctx);
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    const queue = async () => {
      const r = await op.client.get('/v1/operator/reviews?limit=200');
      expect(r.statusCode).toBe(200);
      return r.json().data as Array<{ id: string; accountId: string; signals: Array<{ code: string; crossed: boolean; value: number; threshold: number; numbers: Record<string, number>; explanation: string }> }>;
    };
    const mine = (await queue()).filter((r) => r.accountId === risky.accountId);
    expect(mine).toHaveLength(1);
    expect((await queue()).some((r) => r.accountId === quiet.accountId)).toBe(false);
    const byCode = new Map(mine[0].signals.filter((s) => !('campaignId' in s) || !(s as { campaignId?: string | null }).campaignId).map((s) => [s.code, s]));
    expect([...byCode.keys()]).toEqual(expect.arrayContaining(['opt_out_rate', 'first_message_stop_rate', 'no_consent_share', 'link_shorteners', 'sms_pumping_sequential']));
    const optOut = byCode.get('opt_out_rate')!;
    expect(optOut).toMatchObject({ crossed: true, value: 6 / 30, threshold: 0.05, numbers: { optOuts: 6, sent: 30 } });
    expect(optOut.explanation).toContain('6 of 30 (20.0%)');
    expect(byCode.get('first_message_stop_rate')).toMatchObject({ numbers: { stops: 6, firstTexted: 30 } });
    expect(byCode.get('link_shorteners')!.explanation).toContain('bit.ly');
    expect(byCode.get('sms_pumping_sequential')).toMatchObject({ numbers: { inRuns: 30, destinations: 30, longestRun: 30 } });

    // A second run updates the one open review (never a second one).
    await runRiskSignals(ctx);
    expect((await queue()).filter((r) => r.accountId === risky.accountId)).toHaveLength(1);
    expect(await count(env, `select count(*) n from account_reviews where account_id = $1`, [fromPublicId('account', risky.accountId)])).toBe(1);

    // Thresholds are configurable: raised above these numbers, the quiet account stays quiet and a dismissed review is not reopened by opt-outs alone.
    const th = await op.client.patch('/v1/operator/risk-thresholds', { optOutRate: 0.5 });
    expect(th.statusCode).toBe(200);
    expect(th.json().optOutRate).toBe(0.5);
    expect((await op.client.patch('/v1/operator/risk-thresholds', { optOutRate: 2 })).statusCode).toBe(422);
    const dismissed = await op.client.post(`/v1/operator/reviews/${mine[0].id}/resolve`, { decision: 'dismiss', note: 'Known campaign, consent checked' });
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json().status).toBe('dismissed');
    expect((await op.client.post(`/v1/operator/reviews/${mine[0].id}/resolve`, { decision: 'dismiss', note: 'again' })).statusCode).toBe(409);
    expect((await op.client.get('/v1/operator/reviews?cursor=%%%')).statusCode).toBe(400);
    await op.client.patch('/v1/operator/risk-thresholds', { optOutRate: 0.05 });
  }, 180_000);

  it('suspension holds queued messages (the carrier gets none), notifies the owner who appeals; reinstatement sends each exactly once', async () => {
    const env = use();
    const { app, ctx } = env;
    const op = await makeOperator(env, { role: 'trust_safety' });
    const acct = await heldQueue(env, 5);
    const suspend = await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'suspend', reason: 'Texts without consent' });
    expect(suspend.statusCode).toBe(200);
    expect(suspend.json().state).toBe('suspended');
    await acct.release();
    // Sending while suspended is accepted and held.
    expect((await acct.client.post('/v1/messages', { to: '+1 646 555 0288', body: 'While suspended' })).statusCode).toBe(201);
    await settle(env);
    const rows = await outbound(env, acct.uuid);
    const held = rows.filter((r) => r.status === 'queued');
    expect(held).toHaveLength(6);
    const ledger = new Set(await ledgerIds(env));
    for (const m of held) expect(ledger.has(m.id)).toBe(false);

    // The owner: a notice in the app, an email, an entry in the account's audit log.
    const notices = await acct.client.get('/v1/account/notices');
    expect(notices.statusCode).toBe(200);
    expect(notices.json()).toMatchObject({ state: 'suspended', sendingHeld: true });
    expect(notices.json().data[0]).toMatchObject({ kind: 'suspend', title: 'Sending is suspended' });
    expect(notices.json().data[0].body).toContain('Texts without consent');
    const mail = await lastEmailTo(app, acct.email, TEST_OPERATOR_TOKEN, { subject: /suspended/ });
    expect(mail.text).toContain('Texts without consent');
    const audit = await acct.client.get('/v1/audit-events?limit=50');
    expect(audit.json().data.some((e: { action: string; details: { reason?: string } }) => e.action === 'trust_safety.suspend' && e.details.reason === 'Texts without consent')).toBe(true);
    const opLog = await listOperatorAudit(ctx, null, 200);
    expect(JSON.stringify(opLog)).toContain('account.suspended');

    // The appeal thread, both ways.
    const appeal = await acct.client.post('/v1/account/appeals', { subject: 'We have consent', body: 'Every contact signed up on our form.' });
    expect(appeal.statusCode).toBe(201);
    const appealId = appeal.json().id;
    const listed = await op.client.get('/v1/operator/appeals');
    expect(listed.json().data.some((a: { id: string }) => a.id === appealId)).toBe(true);
    const answer = await op.client.post(`/v1/operator/appeals/${appealId}/messages`, { body: 'Thanks, we checked your forms.' });
    expect(answer.statusCode).toBe(200);
    const thread = (await acct.client.get(`/v1/account/appeals/${appealId}`)).json();
    expect(thread.messages.map((m: { author: string }) => m.author)).toEqual(['account', 'operator']);

    const reinstate = await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'reinstate', reason: 'Consent evidence provided' });
    expect(reinstate.json().state).toBe('active');
    await settle(env);
    const after = await outbound(env, acct.uuid);
    const all = await ledgerIds(env);
    for (const m of after) {
      expect(['sent', 'delivered']).toContain(m.status);
      expect(all.filter((id) => id === m.id)).toHaveLength(1);
    }
    expect((await acct.client.get('/v1/account/notices')).json()).toMatchObject({ state: 'active', sendingHeld: false });
  }, 180_000);

  it('termination stops everything and keeps the evidence; throttle lowers the rate; bad input is refused', async () => {
    const env = use();
    const op = await makeOperator(env, { role: 'trust_safety' });
    const acct = await heldQueue(env, 3);
    expect((await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'terminate', reason: '' })).statusCode).toBe(422);
    expect((await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'explode', reason: 'x' })).statusCode).toBe(422);
    const throttle = await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'throttle', reason: 'Volume spike', throttleMps: 0.5 });
    expect(throttle.json().state).toBe('throttled');
    const term = await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'terminate', reason: 'Phishing' });
    expect(term.statusCode).toBe(200);
    expect(term.json().state).toBe('terminated');
    await acct.release();
    await settle(env);
    // Nothing sent, nothing accepted, no sign-in: the owner's session and new sends are refused.
    expect((await outbound(env, acct.uuid)).filter((m) => m.status === 'queued')).toHaveLength(3);
    expect((await acct.client.post('/v1/messages', { to: '+1 646 555 0277', body: 'After termination' })).statusCode).toBe(401);
    expect((await acct.client.get('/v1/me')).statusCode).toBe(401);
    // Further actions other than reinstate are refused.
    expect((await op.client.post(`/v1/operator/accounts/${acct.accountId}/enforcement`, { action: 'warn', reason: 'x' })).statusCode).toBe(409);
    // Evidence kept: messages, actions, notices, the hold, the audit entries.
    const detail = (await op.client.get(`/v1/operator/accounts/${acct.accountId}/trust-safety`)).json();
    expect(detail).toMatchObject({ state: 'terminated', sendingHeld: true });
    expect(detail.actions.map((a: { action: string }) => a.action)).toEqual(['terminate', 'throttle']);
    expect(await count(env, `select count(*) n from messages where account_id = $1`, [acct.uuid])).toBe(3);
    expect(await count(env, `select count(*) n from account_notices where account_id = $1`, [acct.uuid])).toBe(2);
    expect(await count(env, `select count(*) n from audit_events where account_id = $1 and action like 'trust_safety.%'`, [acct.uuid])).toBe(2);
    // The console's account detail carries the section.
    const consoleDetail = await op.client.get(`/v1/operator/accounts/${acct.accountId}`);
    expect(consoleDetail.statusCode).toBe(200);
    expect(JSON.stringify(consoleDetail.json())).toContain('terminated');
  }, 180_000);

  it('notices and appeals are the account\'s own; account users cannot reach operator routes', async () => {
    const env = use();
    const op = await makeOperator(env, { role: 'trust_safety' });
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    await op.client.post(`/v1/operator/accounts/${a.accountId}/enforcement`, { action: 'warn', reason: 'Opt-out rate' });
    const appeal = (await a.client.post('/v1/account/appeals', { subject: 'About the warning', body: 'Please look again.' })).json();
    const bNotices = (await b.client.get('/v1/account/notices')).json();
    expect(bNotices.data).toHaveLength(0);
    expect((await b.client.get(`/v1/account/appeals/${appeal.id}`)).statusCode).toBe(404);
    expect((await b.client.post(`/v1/account/appeals/${appeal.id}/messages`, { body: 'hi' })).statusCode).toBe(404);
    expect((await b.client.get('/v1/account/appeals')).json().data).toHaveLength(0);
    const aNotice = (await a.client.get('/v1/account/notices')).json().data[0];
    expect((await b.client.post(`/v1/account/notices/${aNotice.id}/acknowledge`)).statusCode).toBe(404);
    expect((await a.client.post(`/v1/account/notices/${aNotice.id}/acknowledge`)).statusCode).toBe(204);
    for (const c of [a.client, b.client] as Client[]) {
      expect([401, 403]).toContain((await c.get('/v1/operator/reviews')).statusCode);
      expect([401, 403]).toContain((await c.post(`/v1/operator/accounts/${b.accountId}/enforcement`, { action: 'suspend', reason: 'x' })).statusCode);
      expect([401, 403]).toContain((await c.get('/v1/operator/appeals')).statusCode);
    }
    // A support operator reads but does not enforce.
    const support = await makeOperator(env, { role: 'support' });
    expect((await support.client.get('/v1/operator/reviews')).statusCode).toBe(200);
    expect((await support.client.post(`/v1/operator/accounts/${b.accountId}/enforcement`, { action: 'suspend', reason: 'x' })).statusCode).toBe(403);
  }, 120_000);
}, {}, { simulator: true });
