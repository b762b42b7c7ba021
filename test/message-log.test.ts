import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { Client } from './factories.js';
import { describeEachDb } from './harness.js';
import { makeClientAccount, makePartner } from './partner-fixtures.js';

type Msg = { id: string; direction: string; status: string; createdAt: string; contactId: string | null; from: string; to: string };

/** Every page of a list, following nextCursor. */
async function walk(client: Client, url: string): Promise<{ items: Msg[]; pages: number }> {
  const items: Msg[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await client.get(`${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    items.push(...r.json().data);
    cursor = r.json().nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { items, pages };
}

describeEachDb('message log (GET /v1/messages)', (use) => {
  it('pages newest first in a stable order (ties in time broken by id, exact to the microsecond), filters, and refuses a bad cursor', { timeout: 120_000 }, async () => {
    const { app, ctx } = use();
    const a = await makeClientAccount(app);
    const [n0, n1] = a.numbers;
    for (let i = 0; i < 3; i++) {
      const r = await a.client.post('/v1/simulator/inbound', { from: `+1 212 555 01${20 + i}`, to: n0.phoneNumber, body: `question ${i}` });
      expect(r.statusCode, r.body).toBe(201);
    }
    await a.client.post('/v1/messages', { from: n1.phoneNumber, to: '+1 212 555 0199', body: 'one more' });
    // Rows written in one millisecond (three different microseconds) and rows with the very same time: a cursor cut
    // to milliseconds would skip or repeat some of them.
    const account = fromPublicId('account', a.accountId);
    const ids = (await ctx.database.query<{ id: string }>('select id from messages where account_id = $1 order by id', [account])).rows.map((r) => r.id);
    expect(ids.length).toBe(6);
    const times = ['2026-03-01T10:00:00.123001Z', '2026-03-01T10:00:00.123002Z', '2026-03-01T10:00:00.123003Z', '2026-03-01T10:00:00.500000Z', '2026-03-01T10:00:00.500000Z', '2026-03-01T10:00:00.500000Z'];
    for (const [i, id] of ids.entries()) await ctx.database.query('update messages set created_at = $3 where account_id = $1 and id = $2', [account, id, times[i]]);

    const all = (await a.client.get('/v1/messages?limit=200')).json();
    expect(all.nextCursor).toBeNull();
    expect(all.data).toHaveLength(6);
    const expected = ids.map((id, i) => ({ id, at: times[i] })).sort((x, y) => (x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1));
    expect(all.data.map((m: Msg) => fromPublicId('message', m.id))).toEqual(expected.map((e) => e.id));

    const walked = await walk(a.client, '/v1/messages');
    expect(walked.pages).toBe(3);
    expect(walked.items.map((m) => m.id)).toEqual(all.data.map((m: Msg) => m.id));

    // Filters, each also paged.
    const inbound = await walk(a.client, '/v1/messages?direction=inbound');
    expect(inbound.items).toHaveLength(3);
    expect(inbound.items.every((m) => m.direction === 'inbound' && m.status === 'received')).toBe(true);
    expect((await walk(a.client, '/v1/messages?status=received')).items.map((m) => m.id)).toEqual(inbound.items.map((m) => m.id));
    const onN1 = (await walk(a.client, `/v1/messages?numberId=${n1.id}`)).items;
    expect(onN1).toHaveLength(2);
    expect(onN1.every((m) => m.from === n1.phoneNumber)).toBe(true);
    const contact = (await walk(a.client, `/v1/messages?contactId=${a.contactIds[0]}`)).items;
    expect(contact).toHaveLength(1);
    expect(contact[0].contactId).toBe(a.contactIds[0]);
    const window = (await a.client.get(`/v1/messages?since=${encodeURIComponent('2026-03-01T10:00:00.123002Z')}&until=${encodeURIComponent('2026-03-01T10:00:00.5Z')}`)).json().data;
    expect(window.map((m: Msg) => m.createdAt)).toEqual(['2026-03-01T10:00:00.123Z', '2026-03-01T10:00:00.123Z']);

    // Bad input: 4xx with the error shape, never a 500 or a silent first page.
    for (const cursor of ['nope', Buffer.from('123|not-a-uuid').toString('base64url'), Buffer.from('12.5|00000000-0000-0000-0000-000000000000').toString('base64url')]) {
      const r = await a.client.get(`/v1/messages?cursor=${cursor}`);
      expect([r.statusCode, r.json().error.code]).toEqual([400, 'invalid_cursor']);
    }
    expect((await a.client.get('/v1/messages?numberId=ct_nope')).json().error.code).toBe('invalid_filter');
    expect((await a.client.get('/v1/messages?status=lost')).statusCode).toBe(422);
    expect((await a.client.get('/v1/messages?since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z')).json().error.code).toBe('invalid_filter');
    expect((await a.client.get('/v1/messages?from=%2B12125550120')).json().error).toMatchObject({ code: 'unknown_parameter', details: { parameters: ['from'] } });
  });

  it("is scoped to the account: another account's messages never show, even with its cursor", { timeout: 120_000 }, async () => {
    const { app } = use();
    const a = await makeClientAccount(app);
    const b = await makeClientAccount(app);
    const bPage = (await b.client.get('/v1/messages?limit=1')).json();
    expect(bPage.nextCursor).not.toBeNull();
    const aIds = (await a.client.get('/v1/messages')).json().data.map((m: Msg) => m.id);
    const bIds = (await b.client.get('/v1/messages')).json().data.map((m: Msg) => m.id);
    expect(aIds).toHaveLength(2);
    expect(aIds.filter((id: string) => bIds.includes(id))).toEqual([]);
    const withB = (await a.client.get(`/v1/messages?cursor=${bPage.nextCursor}`)).json().data.map((m: Msg) => m.id);
    expect(withB.filter((id: string) => bIds.includes(id))).toEqual([]);
    expect((await a.client.get(`/v1/messages?numberId=${b.numbers[0].id}`)).json().data).toEqual([]);
  });

  it("a partner agent sees only the messages of the grant's numbers, masked as the grant says", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const [n0, n1] = a.numbers;
    expect((await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [n0.id], permissions: ['reply'], maskedFields: ['phone'] })).statusCode).toBe(201);
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).json().actingIn).toBe(a.accountId);
    const onN0 = (await a.client.get(`/v1/messages?numberId=${n0.id}`)).json().data;
    const seen = (await p.agent.get('/v1/messages')).json();
    expect(seen.data.map((m: Msg) => m.id)).toEqual(onN0.map((m: Msg) => m.id));
    expect(onN0[0].to).toMatch(/^\+1212555\d{4}$/);
    expect(seen.data[0].to).not.toBe(onN0[0].to);
    expect((await p.agent.get(`/v1/messages?numberId=${n1.id}`)).json().data).toEqual([]);
    expect((await a.client.get('/v1/messages')).json().data).toHaveLength(2);
  });
}, {}, { simulator: true });
