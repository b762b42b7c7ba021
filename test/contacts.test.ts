import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, signUp } from './factories.js';

describeEachDb('contacts', (use) => {
  async function owner() {
    return (await signUp(use().app)).client;
  }

  it('creates a contact: E.164, type, country, time zone from the area code, consent unknown', async () => {
    const c = await owner();
    const r = await c.post('/v1/contacts', { phone: '(212) 555-0142', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', tags: ['VIP', 'vip', ' new '] });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      id: expect.stringMatching(/^ct_/), phone: '+12125550142', country: 'US', phoneType: 'fixed_line_or_mobile',
      timeZone: 'America/New_York', timeZoneSource: 'number', tags: ['VIP', 'new'], consent: { state: 'unknown' },
    });
    const uk = (await c.post('/v1/contacts', { phone: '07400 123456', defaultCountry: 'GB' })).json();
    expect(uk).toMatchObject({ phone: '+447400123456', phoneType: 'mobile', timeZone: 'Europe/London' });
    const explicit = (await c.post('/v1/contacts', { phone: '+1 415 555 0100', timeZone: 'Asia/Tokyo' })).json();
    expect(explicit).toMatchObject({ timeZone: 'Asia/Tokyo', timeZoneSource: 'explicit' });
  });

  it('refuses an unusable number (422 invalid_phone with the reason) and a duplicate in any format (409 with its id)', async () => {
    const c = await owner();
    for (const [phone, reason] of [['12', 'too_short'], ['hello', 'invalid_phone'], ['+1 415 555 01345678901', 'too_long']]) {
      const r = await c.post('/v1/contacts', { phone });
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'invalid_phone', details: { reason } });
    }
    const first = (await c.post('/v1/contacts', { phone: '+1 (305) 555-0101' })).json();
    const dup = await c.post('/v1/contacts', { phone: '305.555.0101' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'contact_exists', details: { id: first.id } });
  });

  it('reads, corrects and deletes a contact; reads are audited', async () => {
    const c = await owner();
    const ct = (await c.post('/v1/contacts', { phone: '+1 305 555 0102', firstName: 'Ann' })).json();
    expect((await c.get(`/v1/contacts/${ct.id}`)).json().firstName).toBe('Ann');
    const p = await c.patch(`/v1/contacts/${ct.id}`, { firstName: 'Anne', phone: '+1 602 555 0102' });
    expect(p.json()).toMatchObject({ firstName: 'Anne', phone: '+16025550102', timeZone: 'America/Phoenix' });
    const audit = (await c.get('/v1/audit-events')).json().data.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['contact.created', 'contact.viewed', 'contact.updated']));
    expect((await c.delete(`/v1/contacts/${ct.id}`)).statusCode).toBe(204);
    expect((await c.get(`/v1/contacts/${ct.id}`)).statusCode).toBe(404);
  });

  it('validates custom field values by type', async () => {
    const c = await owner();
    expect((await c.post('/v1/custom-fields', { label: 'Loyalty tier', type: 'choice', choices: ['Gold', 'Silver'] })).statusCode).toBe(201);
    expect((await c.post('/v1/custom-fields', { label: 'Visits', type: 'number' })).statusCode).toBe(201);
    expect((await c.post('/v1/custom-fields', { label: 'Phone', type: 'text' })).json().error.code).toBe('reserved_key');
    expect((await c.post('/v1/custom-fields', { label: 'Visits', type: 'text' })).json().error.code).toBe('field_exists');
    const ok = await c.post('/v1/contacts', { phone: '+1 305 555 0103', fields: { loyalty_tier: 'gold', visits: '12' } });
    expect(ok.json().fields).toEqual({ loyalty_tier: 'Gold', visits: 12 });
    expect((await c.post('/v1/contacts', { phone: '+1 305 555 0104', fields: { loyalty_tier: 'bronze' } })).json().error).toMatchObject({ code: 'invalid_field_value', details: { field: 'loyalty_tier' } });
    expect((await c.post('/v1/contacts', { phone: '+1 305 555 0105', fields: { nope: 1 } })).json().error.code).toBe('unknown_field');
  });

  it('searches by name, phone in any format, email, tag and custom field, with cursor pagination', async () => {
    const c = await owner();
    await c.post('/v1/custom-fields', { label: 'City', type: 'text' });
    const people = [
      ['+1 305 555 0110', 'Lena', 'Ortiz', 'lena@example.com', ['vip'], 'Miami'],
      ['+1 305 555 0111', 'Omar', 'Diaz', 'omar@shop.example', ['new'], 'Tampa'],
      ['+1 212 555 0112', 'Lena', 'Park', null, ['vip', 'new'], 'Miami'],
    ] as const;
    for (const [phone, firstName, lastName, email, tags, city] of people) await c.post('/v1/contacts', { phone, firstName, lastName, email, tags, fields: { city } });
    const names = async (qs: string) => (await c.get(`/v1/contacts?${qs}`)).json().data.map((x: { lastName: string }) => x.lastName).sort();
    expect(await names('query=lena')).toEqual(['Ortiz', 'Park']);
    expect(await names('query=' + encodeURIComponent('(305) 555-0111'))).toEqual(['Diaz']);
    expect(await names('query=shop.example')).toEqual(['Diaz']);
    expect(await names('query=5550112')).toEqual(['Park']);
    expect(await names('tag=vip')).toEqual(['Ortiz', 'Park']);
    expect(await names('field=city:miami')).toEqual(['Ortiz', 'Park']);
    expect(await names('field=city:tampa&query=omar')).toEqual(['Diaz']);
    expect((await c.get('/v1/contacts?field=no-colon')).json().error.code).toBe('validation_failed');
    expect(await names('query=%25')).toEqual([]);
    const p1 = (await c.get('/v1/contacts?limit=2')).json();
    expect(p1.data).toHaveLength(2);
    const p2 = (await c.get(`/v1/contacts?limit=2&cursor=${p1.nextCursor}`)).json();
    expect(p2.data).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect((await c.get('/v1/contacts?cursor=garbage')).json().error.code).toBe('invalid_cursor');
    const seg = (await c.post('/v1/segments', { name: 'Miami VIPs', filter: { conditions: [{ type: 'field', key: 'city', op: 'eq', value: 'miami' }, { type: 'tag', op: 'has', value: 'vip' }] } })).json();
    expect(await names(`segment=${seg.id}`)).toEqual(['Ortiz', 'Park']);
    expect((await c.get(`/v1/segments/${seg.id}/count`)).json()).toEqual({ count: 2 });
  });

  it('bulk tags, untags and deletes a selection, and exports CSV with formula cells neutralised', async () => {
    const c = await owner();
    const a = (await c.post('/v1/contacts', { phone: '+1 305 555 0120', firstName: '=HYPERLINK("http://evil")', tags: ['x'] })).json();
    const b = (await c.post('/v1/contacts', { phone: '+1 305 555 0121', firstName: 'Bob' })).json();
    expect((await c.post('/v1/contacts/bulk', { action: 'tag', tags: ['promo'], selection: { ids: [a.id, b.id] } })).json()).toEqual({ affected: 2 });
    expect((await c.get(`/v1/contacts/${b.id}`)).json().tags).toEqual(['promo']);
    expect((await c.post('/v1/contacts/bulk', { action: 'untag', tags: ['promo'], selection: { tag: 'x' } })).json()).toEqual({ affected: 1 });
    expect((await c.post('/v1/contacts/bulk', { action: 'tag', selection: { all: true } })).json().error.code).toBe('tags_required');
    const csv = await c.post('/v1/contacts/export', { ids: [a.id, b.id] });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('phone,first_name');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.body).toContain(`'+13055550120`);
    expect((await c.post('/v1/contacts/bulk', { action: 'delete', selection: { ids: [a.id] } })).json()).toEqual({ affected: 1 });
    expect((await c.get('/v1/contacts')).json().data.map((x: { id: string }) => x.id)).toEqual([b.id]);
  });

  it('lets viewers read but not write, and agents not bulk-delete or export', async () => {
    const { app } = use();
    const c = await owner();
    const { key } = (await c.post('/v1/api-keys', { name: 'ro', scopes: ['contacts:read'] })).json();
    const ro = new Client(app, key);
    expect((await ro.get('/v1/contacts')).statusCode).toBe(200);
    expect((await ro.post('/v1/contacts', { phone: '+1 305 555 0130' })).statusCode).toBe(403);
    expect((await ro.post('/v1/contacts/export', { all: true })).statusCode).toBe(403);
  });
});
