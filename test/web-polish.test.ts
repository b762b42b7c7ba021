/**
 * Issue 11, "web app polish" defects that the API answers: a duplicate segment name is refused
 * (409 segment_name_taken); the contacts list counts every match (`total=true`) and sorts
 * (`sort=`), paging through each order without skipping or repeating a contact.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp, type SignedUp } from './factories.js';

describeEachDb('web polish (segments, contacts list)', (use) => {
  let t: SignedUp;
  const names = ['maría', 'Bob', 'alice', 'Zoë', 'carl', 'Dana', 'eve'];
  beforeAll(async () => {
    t = await signUp(use().app);
    for (const [i, firstName] of names.entries()) {
      const r = await t.client.post('/v1/contacts', { firstName, phone: `+1 305 555 04${String(i).padStart(2, '0')}`, tags: i % 2 ? ['odd'] : [] });
      expect(r.statusCode).toBe(201);
    }
    await t.client.post('/v1/contacts', { phone: '+1 305 555 0499' }); // no name
  });

  it('refuses a second segment with the same name (any case, outer spaces) on create and rename', async () => {
    const filter = { conditions: [] };
    const first = await t.client.post('/v1/segments', { name: 'VIP customers', filter });
    expect(first.statusCode).toBe(201);
    for (const name of ['VIP customers', 'vip CUSTOMERS', '  VIP customers ']) {
      const r = await t.client.post('/v1/segments', { name, filter });
      expect(r.statusCode, name).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'segment_name_taken', details: { field: 'name' } });
    }
    const other = (await t.client.post('/v1/segments', { name: 'Newcomers', filter })).json();
    const rename = await t.client.patch(`/v1/segments/${other.id}`, { name: 'vip customers' });
    expect(rename.statusCode).toBe(409);
    expect((await t.client.patch(`/v1/segments/${first.json().id}`, { name: 'VIP Customers' })).statusCode).toBe(200); // its own name, recased
    expect((await t.client.patch(`/v1/segments/${other.id}`, { filter })).statusCode).toBe(200);
    const list = (await t.client.get('/v1/segments')).json().data.map((s: { name: string }) => s.name);
    expect(list).toEqual(['VIP Customers', 'Newcomers']);
  });

  it('two segments of one name cannot both be stored, even past the service check (simultaneous creates: one 201, the others 409)', async () => {
    const env = use();
    const filter = { conditions: [] };
    const results = await Promise.all([0, 1, 2, 3].map(() => t.client.post('/v1/segments', { name: 'Same time', filter })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('segment_name_taken');
    // The database itself refuses the second row (a unique index on the account and the folded name).
    const account = (await env.ctx.database.query<{ account_id: string }>(`select account_id from segments where name = 'Same time'`)).rows[0].account_id;
    await expect(env.ctx.database.query(`insert into segments (id, account_id, name, filter) values (gen_random_uuid(), $1, ' SAME time', '{}')`, [account])).rejects.toThrow(/segments_name_uq/);
  });

  it('suggests the tags in use, most used first, by prefix', async () => {
    await t.client.post('/v1/contacts', { phone: '+1 305 555 0498', tags: ['odd', 'Oddball', '100%_real'] });
    const all = (await t.client.get('/v1/contacts/tags')).json().data;
    expect(all[0]).toEqual({ tag: 'odd', count: 4 });
    expect(all.map((x: { tag: string }) => x.tag).sort()).toEqual(['100%_real', 'Oddball', 'odd']);
    expect((await t.client.get('/v1/contacts/tags?prefix=ODD')).json().data.map((x: { tag: string }) => x.tag)).toEqual(['odd', 'Oddball']);
    expect((await t.client.get('/v1/contacts/tags?prefix=100%25_')).json().data.map((x: { tag: string }) => x.tag)).toEqual(['100%_real']);
    expect((await t.client.get('/v1/contacts/tags?prefix=1_')).json().data).toEqual([]); // _ is not a wildcard
    const other = await signUp(use().app);
    expect((await other.client.get('/v1/contacts/tags')).json().data).toEqual([]);
  });

  it('counts every match and sorts by name, creation and last message, page by page', async () => {
    const all = await t.client.get('/v1/contacts?limit=3&total=true');
    expect(all.json().total).toBe(9);
    expect(all.json().data).toHaveLength(3);
    expect((await t.client.get('/v1/contacts?total=true&tag=odd')).json().total).toBe(4);
    expect((await t.client.get('/v1/contacts')).json().total).toBeUndefined();

    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const r = await t.client.get(`/v1/contacts?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.statusCode, r.body).toBe(200);
        seen.push(...r.json().data.map((c: { firstName: string | null }) => c.firstName ?? '(none)'));
        cursor = r.json().nextCursor;
        if (!cursor) break;
      }
      return seen;
    };
    const byName = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const asc = await walk('name_asc');
    expect(asc).toHaveLength(9);
    expect(asc.slice(0, 2)).toEqual(['(none)', '(none)']); // an empty name sorts first
    expect(asc.slice(2).map((n) => n.toLowerCase())).toEqual(byName.map((n) => n.toLowerCase()).sort());
    expect(await walk('name_desc')).toEqual([...asc].reverse());
    const created = await walk('created_asc');
    expect(created).toEqual([...names, '(none)', '(none)']);
    expect(await walk('created_desc')).toEqual([...created].reverse());
    expect(await walk('last_message_desc')).toHaveLength(9);

    const bad = await t.client.get('/v1/contacts?sort=shoe_size');
    expect(bad.statusCode).toBe(422);
    const page1 = (await t.client.get('/v1/contacts?limit=2&sort=name_asc')).json();
    const wrongOrder = await t.client.get(`/v1/contacts?limit=2&sort=created_asc&cursor=${page1.nextCursor}`);
    expect(wrongOrder.statusCode).toBe(400);
    expect(wrongOrder.json().error.code).toBe('invalid_cursor');
  });
});
