import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, postMultipart, signUp } from './factories.js';
import { fromPublicId, newUuid } from '../src/lib/ids.js';
import { previewRetention, runRetention } from '../src/modules/retention/retention.service.js';

const DAY = 86_400_000;

describeEachDb('data retention', (use) => {
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await use().ctx.database.query<T>(text, params)).rows;
  const count = async (text: string, params: unknown[] = []) => Number((await q<{ n: number }>(text, params))[0].n);

  /** Runs `work` with the service clock moved forward by `days` (the database's own clock stays). */
  async function at<T>(env: TestEnv, days: number, work: () => Promise<T>): Promise<T> {
    const real = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + days * DAY);
    try {
      return await work();
    } finally {
      env.ctx.now = real;
    }
  }

  async function account() {
    const env = use();
    const s = await signUp(env.app);
    await s.client.post('/v1/numbers', { provider: 'simulator' });
    return { ...s, id: fromPublicId('account', s.accountId)! };
  }

  /** A text that went (delivered), so retention may redact it. */
  async function sent(client: Client, to: string, body: string) {
    const m = (await client.post('/v1/messages', { to, body })).json();
    await q(`update messages set status = 'delivered' where id = $1`, [fromPublicId('message', m.id)]);
    return fromPublicId('message', m.id)!;
  }

  it('redacts old bodies and media, deletes old files, erases inactive contacts — exactly what the dry run counted', async () => {
    const env = use();
    const { client, id } = await account();
    const kept = await account();
    const x1 = await sent(client, '+1 305 555 0190', 'Your code is 1234');
    const x2 = await sent(client, '+1 305 555 0190', 'See you Tuesday');
    const y1 = await sent(client, '+1 305 555 0191', 'Hello Yolanda');
    const later = (await client.post('/v1/messages', { to: '+1 305 555 0191', body: 'Scheduled hello', sendAt: new Date(Date.now() + 30 * DAY).toISOString() })).json();
    expect(later.status, JSON.stringify(later)).toBe('scheduled');
    const otherBody = await sent(kept.client, '+1 305 555 0190', 'Not this account');
    const mediaId = newUuid();
    const x = (await q<{ contact_id: string }>(`select contact_id from messages where id = $1`, [x1]))[0].contact_id;
    await q(`insert into media (account_id, id, contact_id, source, content_type, size, sha256, bytes) values ($1, $2, $3, 'inbound', 'image/png', 3, 'x', '\\x010203')`, [id, mediaId, x]);
    await q(`update messages set media = $2::jsonb where id = $1`, [x2, JSON.stringify([{ id: mediaId, contentType: 'image/png', size: 3 }])]);
    const z = (await client.post('/v1/contacts', { phone: '+1 305 555 0192', firstName: 'Zed' })).json();
    const upload = (await postMultipart(client, '/v1/imports/preview', {}, { content: 'Name,Mobile\nAda,(415) 555-0100\n' })).json();
    expect(upload.uploadId).toBeTruthy();

    const rules = { messageBodyDays: 30, uploadDays: 10, inactiveContactMonths: 2, exportDays: 7 };
    expect((await client.request('PUT', '/v1/retention', rules)).json()).toMatchObject({ ...rules, lastRunAt: null });
    expect((await client.get('/v1/retention/preview')).json()).toMatchObject({ messageBodies: 0, uploads: 0, inactiveContacts: 0 });

    // The service clock moves (sessions would expire over HTTP): the dry run and the daily job read it alike.
    // 40 days on: bodies (30 days) and the file (10 days) are due; no contact is 2 months inactive yet.
    const preview = await at(env, 40, () => previewRetention(env.ctx, id));
    expect(preview).toMatchObject({ messageBodies: 3, uploads: 1, inactiveContacts: 0, exports: null });
    await at(env, 40, () => runRetention(env.ctx));
    const bodies = await q<{ id: string; body: string; media: unknown }>(`select id, body, media from messages where account_id = $1 order by id`, [id]);
    expect(bodies.filter((b) => [x1, x2, y1].includes(b.id)).map((b) => [b.body, b.media])).toEqual([['[redacted]', null], ['[redacted]', null], ['[redacted]', null]]);
    expect(bodies.find((b) => b.id === fromPublicId('message', later.id))?.body).toBe('Scheduled hello');
    expect(await count(`select count(*) n from media where account_id = $1 and id = $2`, [id, mediaId])).toBe(0);
    expect(await count(`select count(*) n from upload_chunks where account_id = $1`, [id])).toBe(0);
    expect(await count(`select count(*) n from uploads where account_id = $1`, [id])).toBe(0);
    expect((await q<{ body: string }>(`select body from messages where id = $1`, [otherBody]))[0].body).toBe('Not this account');
    // What the run did is what the dry run counted; nothing is left to do.
    const after = (await client.get('/v1/retention')).json();
    expect(after.lastRun).toMatchObject({ messageBodies: 3, uploads: 1, inactiveContacts: 0 });
    expect(await at(env, 40, () => previewRetention(env.ctx, id))).toMatchObject({ messageBodies: 0, uploads: 0, inactiveContacts: 0 });

    // 70 days on: the cut-off for contacts is ~9 days from now. X texts again in 60 days: kept; Y and Z are erased.
    await q(`update contacts set last_message_at = now() + interval '60 days' where account_id = $1 and id = $2`, [id, x]);
    expect(await at(env, 70, () => previewRetention(env.ctx, id))).toMatchObject({ inactiveContacts: 2 });
    await at(env, 70, () => runRetention(env.ctx));
    expect((await client.get(`/v1/contacts/${z.id}`)).statusCode).toBe(404);
    expect(await count(`select count(*) n from contacts where account_id = $1`, [id])).toBe(1);
    expect(await count(`select count(*) n from contacts where account_id = $1 and id = $2`, [id, x])).toBe(1);
    expect(await count(`select count(*) n from messages where account_id = $1 and ("to" = '+13055550191' or body like '%Scheduled hello%')`, [id])).toBe(0);
    expect((await client.get('/v1/retention')).json().lastRun).toMatchObject({ inactiveContacts: 2 });
    // The other account kept everything (defaults: bodies and contacts kept).
    expect(await count(`select count(*) n from contacts where account_id = $1`, [kept.id])).toBe(1);

    const actions = (await client.get('/v1/audit-events?action=retention.')).json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['retention.applied', 'retention.applied', 'retention.updated']);
  });

  it('starts from the defaults, refuses bad rules, and is the account\'s own', async () => {
    const a = await account();
    const b = await account();
    expect((await a.client.get('/v1/retention')).json()).toMatchObject({ messageBodyDays: null, uploadDays: 30, inactiveContactMonths: null, exportDays: 7, lastRun: null });
    for (const bad of [
      { messageBodyDays: 0, uploadDays: null, inactiveContactMonths: null, exportDays: null },
      { messageBodyDays: 1.5, uploadDays: null, inactiveContactMonths: null, exportDays: null },
      { messageBodyDays: null, uploadDays: null, inactiveContactMonths: 121, exportDays: null },
      { messageBodyDays: null, uploadDays: null, inactiveContactMonths: null },
      { messageBodyDays: null, uploadDays: null, inactiveContactMonths: null, exportDays: null, forever: true },
    ]) {
      const r = await a.client.request('PUT', '/v1/retention', bad);
      expect([400, 422]).toContain(r.statusCode);
      expect(r.json().error.code).toBe('validation_failed');
    }
    await a.client.request('PUT', '/v1/retention', { messageBodyDays: 5, uploadDays: null, inactiveContactMonths: null, exportDays: null });
    expect((await b.client.get('/v1/retention')).json()).toMatchObject({ messageBodyDays: null, uploadDays: 30 });
    expect((await a.client.get('/v1/retention')).json()).toMatchObject({ messageBodyDays: 5, uploadDays: null });
  });
});
