import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, signUp } from './factories.js';

/** POST /v1/messages/batch: per-recipient answers in order, refusals never stop the others, idempotent retries. */
describeEachDb('batch send', (use) => {
  async function account() {
    const { client, accountId: publicId } = await signUp(use().app);
    const accountId = fromPublicId('account', publicId);
    const { key } = (await client.post('/v1/api-keys', { name: 'batch' })).json();
    const api = new Client(use().app, key);
    const number = (await api.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    return { api, number, accountId };
  }
  const count = async (env: TestEnv, sql: string, params: unknown[] = []) => Number((await env.ctx.database.query<{ n: number }>(sql, params)).rows[0].n);
  const phone = (i: number) => `+1415555${String(1000 + i).padStart(4, '0')}`;

  it('answers each recipient in order: queued, scheduled or refused with its reason; 207 when some were refused', async () => {
    const env = use();
    const { api, number, accountId } = await account();
    // One recipient opted out beforehand.
    const out = (await api.post('/v1/messages', { to: '+14155550901', body: 'hi' })).json();
    await api.post(`/v1/contacts/${out.contactId}/consent`, { kind: 'opt_out', source: 'agent', evidence: {} });
    const later = new Date(env.ctx.now().getTime() + 2 * 86_400_000).toISOString();
    const r = await api.post('/v1/messages/batch', {
      body: 'Your table is ready.',
      messages: [
        { to: '(415) 555-0902' },
        { to: '12' },
        { to: '+14155550901' },
        { to: '+14155550903', body: 'A different text', sendAt: later },
        { to: '+44 20 7946 0958' },
        { to: '+14155550904', from: '+19999999999' },
        { to: '+14155550905', body: ' ' },
      ],
    });
    expect(r.statusCode).toBe(207);
    const { results, queued, scheduled, refused } = r.json();
    expect({ queued, scheduled, refused }).toEqual({ queued: 1, scheduled: 1, refused: 5 });
    expect(results.map((x: { index: number; status: string; error?: { code: string } }) => [x.index, x.status, x.error?.code])).toEqual([
      [0, 'queued', undefined],
      [1, 'refused', 'invalid_phone'],
      [2, 'refused', 'recipient_opted_out'],
      [3, 'scheduled', undefined],
      [4, 'refused', 'landline_number'],
      [5, 'refused', 'unknown_sender'],
      [6, 'refused', 'empty_body'],
    ]);
    expect(results[0].message).toMatchObject({ id: expect.stringMatching(/^msg_/), to: '+14155550902', from: number.phoneNumber, body: 'Your table is ready.', status: 'queued' });
    expect(results[3].message).toMatchObject({ body: expect.stringContaining('A different text'), status: 'scheduled', sendAt: later });
    expect(results[2].error.details).toMatchObject({ twilioCode: 21610 });
    // Only the two accepted recipients have a message (besides the first single send).
    expect(await count(env, 'select count(*) n from messages where account_id = $1', [accountId])).toBe(3);
  });

  it('200 when every recipient is accepted; a retried batch with the same Idempotency-Key sends nobody twice', async () => {
    const env = use();
    const { api, accountId } = await account();
    const batch = { body: 'Sale starts now', messages: [{ to: '+14155550911' }, { to: 'nope' }, { to: '+14155550912' }] };
    const first = await api.post('/v1/messages/batch', batch, { 'idempotency-key': 'sale-1' });
    expect(first.statusCode).toBe(207);
    const again = await api.post('/v1/messages/batch', batch, { 'idempotency-key': 'sale-1' });
    expect(again.statusCode).toBe(207);
    const ids = (r: typeof first) => r.json().results.map((x: { message?: { id: string } }) => x.message?.id ?? null);
    expect(ids(again)).toEqual(ids(first));
    expect(await count(env, 'select count(*) n from messages where account_id = $1', [accountId])).toBe(2);
    // A changed entry under the same key is refused; the unchanged ones answer with their message.
    const changed = await api.post('/v1/messages/batch', { ...batch, messages: [{ to: '+14155550911', body: 'Other' }, ...batch.messages.slice(1)] }, { 'idempotency-key': 'sale-1' });
    expect(changed.json().results.map((x: { status: string; error?: { code: string } }) => x.error?.code ?? x.status)).toEqual(['idempotency_key_reused', 'invalid_phone', 'queued']);
    // Without refusals: 200.
    const ok = await api.post('/v1/messages/batch', { messages: [{ to: '+14155550913', body: 'a' }, { to: '+14155550914', body: 'b' }] });
    expect([ok.statusCode, ok.json().queued]).toEqual([200, 2]);
    expect(await count(env, 'select count(*) n from messages where account_id = $1', [accountId])).toBe(4);
  });

  it('sends to 1,000 recipients in one request; 1,001 is a 400 that sends nothing', async () => {
    const env = use();
    const { api, accountId } = await account();
    const messages = Array.from({ length: 1000 }, (_, i) => ({ to: phone(i) }));
    const t0 = performance.now();
    const r = await api.post('/v1/messages/batch', { body: 'Reminder: your appointment is tomorrow.', messages });
    console.log(`batch of 1,000 on ${env.kind}: ${Math.round(performance.now() - t0)} ms`);
    expect(r.statusCode).toBe(200);
    expect(r.json().queued).toBe(1000);
    expect(r.json().results.map((x: { index: number }) => x.index)).toEqual(messages.map((_, i) => i));
    expect(await count(env, `select count(*) n from messages where account_id = $1 and status = 'queued'`, [accountId])).toBe(1000);
    const tooMany = await api.post('/v1/messages/batch', { body: 'x', messages: [...messages, { to: phone(1000) }] });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error).toMatchObject({ code: 'batch_too_large', details: { max: 1000, count: 1001 } });
    expect(await count(env, 'select count(*) n from messages where account_id = $1', [accountId])).toBe(1000);
  }, 300_000);

  it('refuses a malformed batch whole (4xx, nothing sent): no body anywhere, an unknown field, no recipients', async () => {
    const env = use();
    const { api, accountId } = await account();
    for (const body of [{ messages: [{ to: '+14155550921', body: 'ok' }, { to: '+14155550922' }] }, { messages: [{ to: '+14155550921', body: 'x', bogus: 1 }] }, { body: 'x', messages: [] }, { body: 'x' }]) {
      const r = await api.post('/v1/messages/batch', body);
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().error.code).toBe('validation_failed');
    }
    expect(await count(env, 'select count(*) n from messages where account_id = $1', [accountId])).toBe(0);
  });
});
