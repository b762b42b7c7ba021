import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { makeClientAccount, makePartner } from './partner-fixtures.js';

describeEachDb('sla by partner', (use) => {
  it('records the partner whose agent met a target; the report groups by partner with in-house apart', { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const n0 = (await a.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const n1 = (await a.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await a.client.post('/v1/sla-policies', { name: 'Default', firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: null, businessHours: false })).statusCode).toBe(201);
    expect((await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [n0.id], permissions: ['reply'] })).statusCode).toBe(201);
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).json().actingIn).toBe(a.accountId);

    const text = async (to: string, from: string) => {
      const r = await a.client.post('/v1/simulator/inbound', { from, to, body: 'Help please' });
      expect([r.statusCode, r.body]).toEqual([201, expect.anything()]);
      return r.json().conversationId as string;
    };
    const granted = await text(n0.phoneNumber, '+1 212 555 0191');
    const inHouse = await text(n1.phoneNumber, '+1 212 555 0192');
    const waiting = await text(n1.phoneNumber, '+1 212 555 0193'); // never answered: not decided, not counted
    expect((await p.agent.post(`/v1/conversations/${granted}/messages`, { body: 'Your support desk here' })).statusCode).toBe(201);
    expect((await a.client.post(`/v1/conversations/${inHouse}/messages`, { body: 'On it' })).statusCode).toBe(201);
    expect((await a.client.get(`/v1/conversations/${waiting}/sla`)).json().targets).toMatchObject([{ kind: 'first_response', status: 'active', metAt: null }]);

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const report = await a.client.get(`/v1/reports/sla?from=${from}&to=${to}&groupBy=partner`);
    expect(report.statusCode).toBe(200);
    const rows = (report.json().rows as Array<{ key: string | null; label: string; total: number; met: number; percentMet: number }>).map((r) => [r.key, r.label, r.total, r.met, r.percentMet]);
    expect(rows).toEqual(expect.arrayContaining([[p.id, p.name, 1, 1, 100], [null, 'In-house', 1, 1, 100]]));
    expect(rows).toHaveLength(2);
    expect(report.json()).toMatchObject({ groupBy: 'partner', totals: { total: 2, met: 2 } });
    // Other groupings are unchanged by the partner's reply.
    expect((await a.client.get(`/v1/reports/sla?from=${from}&to=${to}&groupBy=day`)).json().totals).toMatchObject({ total: 2, met: 2 });
  });
}, {}, { simulator: true });
