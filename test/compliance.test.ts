import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

const FL = '+13053721000'; // Miami (Eastern)
const OK = '+14052321000'; // Oklahoma City (Central)
const AZ = '+16022621000'; // Phoenix (no DST)
const HI = '+18085861000'; // Honolulu
const NY = '+12126391000';

describeEachDb('compliance: send window and settings', (use) => {
  it('answers per the recipient\'s zone and state across DST; the account\'s hours, a request zone and a contact\'s zone apply', async () => {
    const a = await signUp(use().app);
    const ask = async (body: Record<string, unknown>) => {
      const res = await a.client.post('/v1/compliance/send-window', body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(await ask({ to: FL, at: '2026-03-07T20:00:00-05:00' })).toEqual({
      allowed: false, at: '2026-03-08T01:00:00.000Z', nextAllowedAt: '2026-03-08T12:00:00.000Z', timeZone: 'America/New_York', timeZoneSource: 'number', region: 'US-FL', rule: 'FL', maxPer24h: 3,
    });
    expect(await ask({ to: OK, at: '2026-11-01T01:30:00Z' })).toMatchObject({ allowed: false, nextAllowedAt: '2026-11-01T14:00:00.000Z', timeZone: 'America/Chicago', rule: 'OK', maxPer24h: 3 });
    expect(await ask({ to: AZ, at: '2026-07-15T14:59:00Z' })).toMatchObject({ allowed: false, nextAllowedAt: '2026-07-15T15:00:00.000Z', timeZone: 'America/Phoenix', rule: 'TCPA', maxPer24h: null });
    expect(await ask({ to: HI, at: '2026-07-16T06:59:00Z' })).toMatchObject({ allowed: true, nextAllowedAt: '2026-07-16T06:59:00.000Z', rule: 'TCPA' });
    expect(await ask({ to: '(212) 639-1000', at: '2026-07-16T00:30:00Z' })).toMatchObject({ allowed: true, rule: 'TCPA', region: 'US-NY' });
    // A zone given with the request wins (20:30 in Chicago is inside; in Honolulu 14:30).
    expect(await ask({ to: NY, at: '2026-07-16T06:00:00Z', timeZone: 'Pacific/Honolulu' })).toMatchObject({ allowed: true, timeZone: 'Pacific/Honolulu', timeZoneSource: 'request' });
    // A contact's own zone wins over the number's.
    expect((await a.client.post('/v1/contacts', { phone: NY, timeZone: 'America/Los_Angeles' })).statusCode).toBe(201);
    expect(await ask({ to: NY, at: '2026-07-16T02:30:00Z' })).toMatchObject({ allowed: true, timeZone: 'America/Los_Angeles', timeZoneSource: 'contact' });

    // The account's own hours.
    expect((await a.client.get('/v1/compliance/settings')).json()).toEqual({ sendHours: null, senderId: 'first_message' });
    const set = await a.client.patch('/v1/compliance/settings', { sendHours: { start: '09:00', end: '17:00' }, senderId: 'always' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ sendHours: { start: '09:00', end: '17:00' }, senderId: 'always' });
    expect(await ask({ to: FL, at: '2026-03-09T12:30:00Z' })).toMatchObject({ allowed: false, nextAllowedAt: '2026-03-09T13:00:00.000Z', rule: 'account' });
    expect(await ask({ to: FL, at: '2026-03-09T02:00:00Z' })).toMatchObject({ allowed: false, nextAllowedAt: '2026-03-09T13:00:00.000Z', rule: 'FL' });
    expect((await a.client.patch('/v1/compliance/settings', { sendHours: null })).json()).toEqual({ sendHours: null, senderId: 'always' });
    expect(await ask({ to: FL, at: '2026-03-09T12:30:00Z' })).toMatchObject({ allowed: true, rule: 'FL' });

    // Another account sees its own defaults.
    const b = await signUp(use().app);
    expect((await b.client.get('/v1/compliance/settings')).json()).toEqual({ sendHours: null, senderId: 'first_message' });
  });

  it('previews a composed text per sample contact: merge fields, sender identification, encoding, worst case, cost; refusals name the field', async () => {
    const a = await signUp(use().app);
    const name = (await a.client.get('/v1/me')).json().account.name as string;
    expect((await a.client.post('/v1/custom-fields', { label: 'Tier', key: 'tier', type: 'text' })).statusCode).toBe(201);
    const ann = (await a.client.post('/v1/contacts', { phone: '+13053721001', firstName: 'Ann', fields: { tier: 'gold' } })).json().id as string;
    const zoe = (await a.client.post('/v1/contacts', { phone: '+13053721002', firstName: 'Zoë' })).json().id as string;
    const preview = (body: Record<string, unknown>) => a.client.post('/v1/messages/preview', body);

    const plain = await preview({ body: 'Hi {{first_name}}' });
    expect(plain.statusCode).toBe(200);
    expect(plain.json().compose).toBeUndefined(); // without mergeFields/contactIds: the plain counter, as before

    const res = await preview({ body: 'Hi {{first_name|there}}, your {{tier|basic}} reward is ready – see you…', smartEncoding: true, contactIds: [ann, zoe], recipients: 1000 });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json().compose;
    expect(c.senderId).toBe('first_message');
    expect(c.samples).toEqual([
      { contactId: ann, text: `${name}: Hi Ann, your gold reward is ready - see you...\nReply STOP to opt out`, encoding: 'GSM-7', segments: 1, units: expect.any(Number), firstMessage: true },
      { contactId: zoe, text: `${name}: Hi Zoë, your basic reward is ready – see you…\nReply STOP to opt out`, encoding: 'UCS-2', segments: 2, units: expect.any(Number), firstMessage: true },
    ]);
    expect(c.worst).toMatchObject({ contactId: zoe, segments: 2 });
    expect(c.estimate).toEqual({ recipients: 1000, messages: 1000, segments: 2000, costMicros: 2000 * 8300, cost: '16.6000', currency: 'USD' });

    // Without samples: every fallback, as a first message; with the rule `never`, the text alone.
    expect((await a.client.patch('/v1/compliance/settings', { senderId: 'never' })).statusCode).toBe(200);
    expect((await preview({ body: 'Hi {{first_name|there}}', mergeFields: true })).json().compose.samples).toEqual([
      { contactId: null, text: 'Hi there', encoding: 'GSM-7', segments: 1, units: 8, firstMessage: true },
    ]);

    const refused: Array<[Record<string, unknown>, string, Record<string, unknown>]> = [
      [{ body: 'Hi {{nickname}}', mergeFields: true }, 'unknown_merge_field', { field: 'nickname' }],
      [{ body: 'Hi {{first name}}', mergeFields: true }, 'malformed_merge_field', { field: '{{first name}}' }],
      [{ body: 'ą'.repeat(668) + '{{first_name|}}', contactIds: [ann, zoe] }, 'body_too_long', { field: 'body', worst: { segments: 11, encoding: 'UCS-2' } }],
      [{ body: 'Hi', contactIds: ['ct_nope'] }, 'unknown_contact', { field: 'contactIds' }],
    ];
    for (const [body, code, details] of refused) {
      const r = await preview(body);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(422);
      expect(r.json().error).toMatchObject({ code, message: expect.any(String), details });
    }
  });

  it("a scheduled (marketing) send is deferred to the account's own hours as well as the statutory window", async () => {
    const a = await signUp(use().app);
    const num = await a.client.post('/v1/numbers', { provider: 'simulator' });
    expect(num.statusCode, num.body).toBe(201);
    expect((await a.client.patch('/v1/compliance/settings', { sendHours: { start: '10:00', end: '16:00' } })).statusCode).toBe(200);
    // Two days ahead at 08:30 in New York (EST in winter, EDT in summer: computed from the zone itself).
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' }).formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')!.value.replace('GMT', '');
    const sendAt = new Date(`${day}T08:30:00${offset}`);
    const m = await a.client.post('/v1/messages', { to: NY, body: 'Weekend sale', sendAt: sendAt.toISOString() });
    expect(m.statusCode, m.body).toBe(201);
    const row = (await use().ctx.database.query<{ next_attempt_at: Date | string }>('select next_attempt_at from messages where body like $1 and "to" = $2', ['%Weekend sale%', NY])).rows[0];
    expect(new Date(row.next_attempt_at).toISOString()).toBe(new Date(sendAt.getTime() + 90 * 60_000).toISOString()); // 10:00 local
  });

  it('refuses bad input with 4xx {error:{code,message,details}}, never 500', async () => {
    const a = await signUp(use().app);
    const bad: Array<[string, string, unknown, number, string]> = [
      ['POST', '/v1/compliance/send-window', { to: 'not a phone', at: '2026-03-08T12:00:00Z' }, 422, 'invalid_phone'],
      ['POST', '/v1/compliance/send-window', { to: '+1305\u00003721000', at: '2026-03-08T12:00:00Z' }, 400, 'invalid_characters'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: '2026-02-30T12:00:00Z' }, 422, 'validation_failed'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: '0000-01-01T00:00:00Z' }, 422, 'validation_failed'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: 'tomorrow' }, 422, 'validation_failed'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: '2026-03-08T12:00:00' }, 422, 'validation_failed'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: '2026-03-08T12:00:00Z', timeZone: 'Mars/Olympus' }, 422, 'invalid_time_zone'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: '2026-03-08T12:00:00Z', timeZone: 'America/New\u0000York' }, 400, 'invalid_characters'],
      ['POST', '/v1/compliance/send-window', { to: FL }, 422, 'validation_failed'],
      ['POST', '/v1/compliance/send-window', { to: FL, at: '2026-03-08T12:00:00Z', timezone: 'America/New_York' }, 422, 'validation_failed'],
      ['PATCH', '/v1/compliance/settings', { sendHours: { start: '09:00', end: '17:00', extra: 1 } }, 422, 'validation_failed'],
      ['PATCH', '/v1/compliance/settings', { sendHours: { start: '17:00', end: '09:00' } }, 422, 'invalid_send_hours'],
      ['PATCH', '/v1/compliance/settings', { sendHours: { start: '22:00', end: '23:00' } }, 422, 'invalid_send_hours'],
      ['PATCH', '/v1/compliance/settings', { sendHours: { start: '9', end: '17:00' } }, 422, 'validation_failed'],
      ['PATCH', '/v1/compliance/settings', { senderId: 'sometimes' }, 422, 'validation_failed'],
    ];
    for (const [method, url, body, status, code] of bad) {
      const res = await a.client.request(method, url, body);
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(status);
      expect(res.json().error).toMatchObject({ code, message: expect.any(String) });
      expect(res.json().error).toHaveProperty('details');
    }
  });
});
