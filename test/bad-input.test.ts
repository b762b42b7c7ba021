import { beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb } from './harness.js';
import { multipart, signUp, type SignedUp } from './factories.js';

/** Issue 7, finding 5: each input that gave a 500 now gets a specific 4xx and changes nothing. */
describeEachDb('hostile input gets a clear 4xx', (use) => {
  let t: SignedUp;
  let numberId: string;
  beforeAll(async () => {
    t = await signUp(use().app);
    await t.client.post('/v1/custom-fields', { label: 'Birthday', type: 'date' });
    numberId = (await t.client.post('/v1/numbers', { provider: 'simulator' })).json().id;
  });
  const error = (r: { json: () => { error: { code: string; details: Record<string, unknown> } } }) => r.json().error;

  it('refuses a NUL or an unpaired surrogate in body, query, path and headers, naming the place', async () => {
    const c = t.client;
    const nul = await c.post('/v1/contacts', { phone: '+1 212 555 0101', firstName: 'Ma\u0000ry' });
    expect(nul.statusCode).toBe(400);
    expect(error(nul)).toMatchObject({ code: 'invalid_characters', details: { path: 'body.firstName', reason: 'nul' } });
    const lone = await c.post('/v1/contacts', { phone: '+1 212 555 0101', fields: { birthday: '\ud800' } });
    expect(error(lone)).toMatchObject({ code: 'invalid_characters', details: { path: 'body.fields.birthday', reason: 'lone_surrogate' } });
    expect(error(await c.get('/v1/contacts?query=a%00b'))).toMatchObject({ code: 'invalid_characters', details: { path: 'query.query' } });
    expect(error(await c.patch(`/v1/numbers/${numberId}%00`, { mps: 2 }))).toMatchObject({ code: 'invalid_characters', details: { path: 'params.id' } });
    const header = await c.post('/v1/contacts', { phone: '+1 212 555 0101' }, { 'user-agent': 'x\u0000' });
    expect(error(header)).toMatchObject({ code: 'invalid_characters', details: { path: 'headers.user-agent' } });
    expect((await c.get('/v1/contacts')).json().data).toEqual([]);
  });

  it('refuses impossible and out-of-range dates', async () => {
    const c = t.client;
    const contact = (await c.post('/v1/contacts', { phone: '+1 212 555 0102' })).json();
    for (const occurredAt of ['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2024-02-30T10:00:00Z']) {
      const r = await c.post(`/v1/contacts/${contact.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { occurredAt } });
      expect(r.statusCode, occurredAt).toBe(422);
    }
    const r = await c.post('/v1/segments/count', { filter: { conditions: [{ type: 'created_at', op: 'after', value: '0000-01-01' }] } });
    expect(error(r).code).toBe('validation_failed');
  });

  it('checks segment conditions against the field type when saving, so counts never fail later', async () => {
    const c = t.client;
    const numberForDate = await c.post('/v1/segments', { name: 'x', filter: { conditions: [{ type: 'field', key: 'birthday', op: 'gt', value: 5 }] } });
    expect(numberForDate.statusCode).toBe(422);
    expect(error(numberForDate)).toMatchObject({ code: 'invalid_condition', details: { field: 'filter.conditions.0' } });
    const numberForCreated = await c.post('/v1/segments', { name: 'x', filter: { conditions: [{ type: 'created_at', op: 'before', value: 123 }] } });
    expect(error(numberForCreated).code).toBe('validation_failed');
    expect((await c.get('/v1/segments')).json().data).toEqual([]);

    // A segment stored before these checks existed answers 422, not 500.
    const ok = (await c.post('/v1/segments', { name: 'old', filter: { conditions: [{ type: 'field', key: 'birthday', op: 'gt', value: '2000-01-01' }] } })).json();
    await use().ctx.database.query(`update segments set filter = $2 where id = $1`, [fromPublicId('segment', ok.id), JSON.stringify({ match: 'all', conditions: [{ type: 'created_at', op: 'before', value: 123 }] })]);
    expect(error(await c.get(`/v1/segments/${ok.id}/count`)).code).toBe('invalid_segment');
    expect(error(await c.get(`/v1/contacts?segment=${ok.id}`)).code).toBe('invalid_segment');
    expect(error(await c.post('/v1/contacts/export', { segment: ok.id })).code).toBe('invalid_segment');
  });

  it('answers an empty PATCH with empty_patch and bounds mps', async () => {
    const c = t.client;
    expect(error(await c.patch(`/v1/numbers/${numberId}`, {}))).toMatchObject({ code: 'empty_patch' });
    const field = (await c.get('/v1/custom-fields')).json().data[0];
    expect(error(await c.patch(`/v1/custom-fields/${field.id}`, {}))).toMatchObject({ code: 'empty_patch' });
    for (const mps of [5e-324, 0, -1, 1e308]) expect((await c.patch(`/v1/numbers/${numberId}`, { mps })).statusCode, String(mps)).toBe(422);
    expect((await c.post('/v1/numbers', { provider: 'simulator', mps: 5e-324 })).statusCode).toBe(422);
    expect((await c.patch(`/v1/numbers/${numberId}`, { mps: 0.01 })).json().mps).toBeCloseTo(0.01);
  });

  it('refuses malformed cursors with invalid_cursor', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const uuid = '01900000-0000-7000-8000-000000000000';
    for (const cursor of [b64(`+275760-09-13T00:00:00.000Z|${uuid}`), b64(`0000-01-01T00:00:00Z|${uuid}`), 'garbage']) {
      expect(error(await t.client.get(`/v1/contacts?cursor=${cursor}`)).code, cursor).toBe('invalid_cursor');
      expect(error(await t.client.get(`/v1/conversations?cursor=${cursor}`)).code, cursor).toBe('invalid_cursor');
    }
    expect(error(await t.client.get('/v1/suppressions?cursor=%%%')).code).toBe('invalid_cursor');
    expect(error(await t.client.get('/v1/suppressions?cursor=a%00b')).code).toBe('invalid_characters');
  });

  it('refuses an upload with a NUL in its file name or fields, and a refused import keeps no file', async () => {
    const { ctx } = use();
    const uploads = async () => Number((await ctx.database.query<{ n: string }>(`select count(*) as n from uploads where account_id = $1`, [fromPublicId('account', t.accountId)])).rows[0].n);
    const before = await uploads();
    const named = await multipart({}, { content: 'phone\n+1 415 555 0199\n', filename: 'a\u0000b.csv' });
    const r1 = await t.client.request('POST', '/v1/imports/preview', named.payload, { 'content-type': named.contentType });
    expect(error(r1)).toMatchObject({ code: 'invalid_characters', details: { path: 'file.filename' } });
    const opts = await multipart({ options: '{"consent":{"basis":"unknown","description":"a\\u0000b"}}' }, { content: 'phone\n+1 415 555 0199\n' });
    const r2 = await t.client.request('POST', '/v1/imports', opts.payload, { 'content-type': opts.contentType });
    expect(error(r2)).toMatchObject({ code: 'invalid_characters', details: { path: 'options.consent.description' } });
    const noPhone = await multipart({ options: { consent: { basis: 'unknown' } } }, { content: 'name\nAda\n' });
    expect(error(await t.client.request('POST', '/v1/imports', noPhone.payload, { 'content-type': noPhone.contentType })).code).toBe('no_phone_column');
    expect(await uploads()).toBe(before);
  });
});
