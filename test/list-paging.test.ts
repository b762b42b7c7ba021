import { connect, type AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';
import { describeEachDb } from './harness.js';

type Item = { id: string };

/** Every page of a list with `limit`, following nextCursor; fails on a page that is not 200. */
async function walk(client: Client, url: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await client.get(`${url}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    ids.push(...r.json().data.map((i: Item) => i.id));
    cursor = r.json().nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describeEachDb('cursor paging on every list', (use) => {
  it('members, invitations, API keys, segments and custom fields page in a stable order, several pages, same items as one page', { timeout: 120_000 }, async () => {
    const { app, ctx, config } = use();
    const owner = await signUp(app);
    const c = owner.client;
    for (let i = 0; i < 5; i++) {
      expect((await c.post('/v1/api-keys', { name: `key ${i}` })).statusCode).toBe(201);
      expect((await c.post('/v1/segments', { name: `segment ${i}`, filter: { conditions: [{ type: 'tag', op: 'has', value: `t${i}` }] } })).statusCode).toBe(201);
      expect((await c.post('/v1/custom-fields', { label: `Field ${i}`, type: 'text' })).statusCode).toBe(201);
    }
    const emails = Array.from({ length: 7 }, (_, i) => `person${i}-${Date.now().toString(36)}@example.com`);
    for (const email of emails) expect((await c.post('/v1/invitations', { email, role: 'agent' })).statusCode).toBe(201);
    // Two accept: four members in all (the owner first), five invitations still pending.
    for (const email of emails.slice(0, 2)) {
      const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
      expect((await new Client(app).post('/v1/invitations/accept', { token, name: 'Agent', phone: '+14155550123', password: STRONG_PASSWORD })).statusCode).toBe(201);
    }
    // Rows created within one millisecond: the order and the cursor must hold to the microsecond.
    const account = fromPublicId('account', owner.accountId);
    await ctx.database.query(`update api_keys set created_at = '2026-01-01T00:00:00.000001Z'::timestamptz + (random() * 3)::int * interval '1 microsecond' where account_id = $1`, [account]);
    await ctx.database.query(`update segments set created_at = '2026-01-01T00:00:00.000001Z' where account_id = $1`, [account]);

    const lists: Array<[string, number]> = [['/v1/members', 3], ['/v1/invitations', 5], ['/v1/api-keys', 5], ['/v1/segments', 5], ['/v1/custom-fields', 5]];
    for (const [url, n] of lists) {
      const whole = (await c.get(`${url}?limit=200`)).json();
      expect(whole.nextCursor, url).toBeNull();
      expect(whole.data, url).toHaveLength(n);
      const paged = await walk(c, url, 2);
      expect(paged.pages, url).toBe(Math.ceil(n / 2));
      expect(paged.ids, url).toEqual(whole.data.map((i: Item) => i.id));
      expect((await walk(c, url, 1)).ids, url).toEqual(whole.data.map((i: Item) => i.id));
      const bad = await c.get(`${url}?cursor=${Buffer.from('x|y').toString('base64url')}`);
      expect([bad.statusCode, bad.json().error.code], url).toEqual([400, 'invalid_cursor']);
      expect((await c.get(`${url}?limit=0`)).statusCode, url).toBe(422);
      expect((await c.get(`${url}?limit=201`)).statusCode, url).toBe(422);
    }
    // The orders the screens rely on: members and fields oldest first, keys and invitations newest first.
    const members = (await c.get('/v1/members')).json().data;
    expect(members[0].id).toBe(owner.userId);
    const invitations = (await c.get('/v1/invitations')).json().data;
    expect(invitations.map((i: { email: string }) => i.email)).toEqual(emails.slice(2).reverse());
    const fieldsList = (await c.get('/v1/custom-fields')).json().data;
    expect(fieldsList.map((f: { label: string }) => f.label)).toEqual(['Field 0', 'Field 1', 'Field 2', 'Field 3', 'Field 4']);
  });

  it('conversations whose last activity falls in one millisecond page without skipping any (cursor exact to the microsecond)', async () => {
    const { app, ctx } = use();
    const owner = await signUp(app);
    const c = owner.client;
    expect((await c.post('/v1/numbers', { provider: 'simulator' })).statusCode).toBe(201);
    for (const to of ['+1 212 555 0161', '+1 212 555 0162', '+1 212 555 0163', '+1 212 555 0164']) {
      expect((await c.post('/v1/messages', { to, body: 'Hello' })).statusCode).toBe(201);
    }
    const account = fromPublicId('account', owner.accountId);
    await ctx.database.query(
      `update conversations c set last_message_at = '2026-01-01T00:00:00.000100Z'::timestamptz + x.k * interval '1 microsecond'
         from (select id, row_number() over (order by id) as k from conversations where account_id = $1) x where c.id = x.id`, [account]);
    const whole = (await c.get('/v1/conversations?state=all&limit=200')).json();
    expect(whole.data).toHaveLength(4);
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const r = await c.get(`/v1/conversations?state=all&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.statusCode, r.body).toBe(200);
      ids.push(...r.json().data.map((i: Item) => i.id));
      cursor = r.json().nextCursor;
      if (!cursor) break;
    }
    expect(ids).toEqual(whole.data.map((i: Item) => i.id));
  });

  it('contacts created within one millisecond page without skipping any in the default order', async () => {
    const { app, ctx } = use();
    const owner = await signUp(app);
    const c = owner.client;
    for (const phone of ['+1 212 555 0171', '+1 212 555 0172', '+1 212 555 0173', '+1 212 555 0174']) {
      expect((await c.post('/v1/contacts', { phone })).statusCode).toBe(201);
    }
    const account = fromPublicId('account', owner.accountId);
    await ctx.database.query(
      `update contacts c set created_at = '2026-01-01T00:00:00.000100Z'::timestamptz + x.k * interval '1 microsecond'
         from (select id, row_number() over (order by id) as k from contacts where account_id = $1) x where c.id = x.id`, [account]);
    const whole = (await c.get('/v1/contacts?limit=200')).json();
    expect(whole.data).toHaveLength(4);
    const paged = await walk(c, '/v1/contacts', 1);
    expect(paged.ids).toEqual(whole.data.map((i: Item) => i.id));
  });

  it('campaigns created within one millisecond page newest first without skipping any; past 200 nothing is cut off', { timeout: 120_000 }, async () => {
    const { app, ctx } = use();
    const owner = await signUp(app);
    const c = owner.client;
    for (let i = 0; i < 5; i++) {
      expect((await c.post('/v1/campaigns', { name: `campaign ${i}`, body: 'Hello', audience: { tags: ['vip'] } })).statusCode).toBe(201);
    }
    const account = fromPublicId('account', owner.accountId);
    await ctx.database.query(`update campaigns set created_at = '2026-01-01T00:00:00.000001Z'::timestamptz + (random() * 2)::int * interval '1 microsecond' where account_id = $1`, [account]);
    const whole = (await c.get('/v1/campaigns?limit=200')).json();
    expect(whole.nextCursor).toBeNull();
    expect(whole.data).toHaveLength(5);
    const paged = await walk(c, '/v1/campaigns', 2);
    expect(paged.pages).toBe(3);
    expect(paged.ids).toEqual(whole.data.map((i: Item) => i.id));
    expect((await walk(c, '/v1/campaigns', 1)).ids).toEqual(whole.data.map((i: Item) => i.id));
    const bad = await c.get(`/v1/campaigns?cursor=${Buffer.from('x|y').toString('base64url')}`);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'invalid_cursor']);
    expect((await c.get('/v1/campaigns?limit=0')).statusCode).toBe(422);
    expect((await c.get('/v1/campaigns?limit=201')).statusCode).toBe(422);
    // 205 campaigns (copies of one draft): every one is reachable by the cursor, none is cut off at 200.
    await ctx.database.query(
      `insert into campaigns select (jsonb_populate_record(null::campaigns, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'name', 'copy ' || g, 'created_at', c.created_at - g * interval '1 second'))).*
         from campaigns c, generate_series(1, 200) g where c.account_id = $1 and c.name = 'campaign 0'`, [account]);
    const all = await walk(c, '/v1/campaigns', 200);
    expect(all.pages).toBe(2);
    expect(new Set(all.ids).size).toBe(205);
    expect((await c.get('/v1/campaigns')).json().data.length).toBeLessThan(205);
  });

  it("a cursor from another account's list shows nothing of that account", async () => {
    const { app } = use();
    const a = await signUp(app);
    const b = await signUp(app);
    for (let i = 0; i < 3; i++) await b.client.post('/v1/api-keys', { name: `b ${i}` });
    await a.client.post('/v1/api-keys', { name: 'a' });
    const bPage = (await b.client.get('/v1/api-keys?limit=1')).json();
    const bIds = (await b.client.get('/v1/api-keys')).json().data.map((k: Item) => k.id);
    const seen = (await a.client.get(`/v1/api-keys?cursor=${bPage.nextCursor}`)).json().data.map((k: Item) => k.id);
    expect(seen.filter((id: string) => bIds.includes(id))).toEqual([]);
  });
});

describeEachDb('requests the HTTP parser refuses', (use) => {
  /** One raw request over TCP: what Node's parser refuses never reaches a route. */
  async function rawHttp(request: string) {
    const { app } = use();
    if (!app.server.address()) await app.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.write(request);
    await new Promise<void>((resolve) => { socket.on('close', () => resolve()); socket.on('end', () => resolve()); });
    socket.destroy();
    const [head, body] = [data.slice(0, data.indexOf('\r\n\r\n')), data.slice(data.indexOf('\r\n\r\n') + 4)];
    return { status: Number(head.split(' ')[1]), contentType: /content-type: *([^\r\n;]+)/i.exec(head)?.[1], body: JSON.parse(body) as unknown };
  }

  it('a very long address (over the header limit) or a malformed request is a 4xx in the API error shape', async () => {
    const long = await rawHttp(`GET /v1/contacts?cursor=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(long).toEqual({ status: 431, contentType: 'application/json', body: { error: { code: 'header_too_large', message: expect.any(String), details: {} } } });
    const garbage = await rawHttp('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toEqual({ status: 400, contentType: 'application/json', body: { error: { code: 'bad_request', message: expect.any(String), details: {} } } });
  });
});
