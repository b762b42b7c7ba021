import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, TEST_OPERATOR_TOKEN, lastEmailTo, postMultipart, signUp } from './factories.js';

const operator = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` };
/** The smallest valid PNG (1×1). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a8e9d8a40000000049454e44ae426082', 'hex');

describeEachDb('help & feedback (inquiries to the platform)', (use) => {
  it('a user writes, attaches a screenshot, the operator answers by email, the user replies; others see nothing', async () => {
    const env = use();
    const a = await signUp(env.app);
    const b = await signUp(env.app);

    const created = await a.client.post('/v1/support/inquiries', { kind: 'bug', subject: 'Send button spins', body: 'When I am offline the Send button spins forever.' });
    expect(created.statusCode).toBe(201);
    const inq = created.json();
    expect(inq).toMatchObject({ kind: 'bug', subject: 'Send button spins', status: 'open' });
    expect(inq.id).toMatch(/^inq_/);
    expect(inq.messages).toHaveLength(1);
    expect(inq.messages[0]).toMatchObject({ author: 'user', body: 'When I am offline the Send button spins forever.', screenshots: [] });
    const confirm = await lastEmailTo(env.app, a.email, TEST_OPERATOR_TOKEN, { subject: /We received your bug report/ });
    expect(confirm.text).toContain(`/help/${inq.id}`);

    // A screenshot: checked by its bytes, size and count.
    const shot = await postMultipart(a.client, `/v1/support/inquiries/${inq.id}/screenshots`, {}, { content: PNG, filename: 'screen.png' });
    expect(shot.statusCode, shot.body).toBe(201);
    const s = shot.json().messages[0].screenshots[0];
    expect(s).toMatchObject({ contentType: 'image/png', size: PNG.length, filename: 'screen.png' });
    const img = await a.client.get(s.url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
    const notImage = await postMultipart(a.client, `/v1/support/inquiries/${inq.id}/screenshots`, {}, { content: '<html><script>alert(1)</script>', filename: 'x.png' });
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json().error.code).toBe('screenshot_type_not_allowed');
    const big = await postMultipart(a.client, `/v1/support/inquiries/${inq.id}/screenshots`, {}, { content: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), filename: 'big.png' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('screenshot_too_large');
    const none = await a.client.request('POST', `/v1/support/inquiries/${inq.id}/screenshots`, { x: 1 });
    expect(none.statusCode).toBe(415);

    // Bad input changes nothing.
    for (const body of [{ kind: 'rant', subject: 's', body: 'b' }, { kind: 'bug', subject: ' ', body: 'b' }, { kind: 'bug', subject: 's', body: '' }, { kind: 'bug', subject: 'x'.repeat(201), body: 'b' }, { kind: 'bug', subject: 's', body: 'b', extra: 1 }]) {
      const r = await a.client.post('/v1/support/inquiries', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
    }
    expect((await a.client.get('/v1/support/inquiries')).json().data.map((i: { id: string }) => i.id)).toEqual([inq.id]);

    // Another account sees none of it, by list, by id or by screenshot url.
    expect((await b.client.get('/v1/support/inquiries')).json().data).toEqual([]);
    expect((await b.client.get(`/v1/support/inquiries/${inq.id}`)).statusCode).toBe(404);
    expect((await b.client.post(`/v1/support/inquiries/${inq.id}/messages`, { body: 'me too' })).statusCode).toBe(404);
    expect((await b.client.get(s.url)).statusCode).toBe(404);
    expect((await new Client(env.app).get('/v1/support/inquiries')).statusCode).toBe(401);

    // The operator's queue and thread (only with the operator token).
    expect((await a.client.get('/v1/operator/inquiries')).statusCode).toBe(401);
    const queue = (await env.app.inject({ method: 'GET', url: '/v1/operator/inquiries?status=open', headers: operator })).json();
    const row = queue.data.find((i: { id: string }) => i.id === inq.id);
    expect(row).toMatchObject({ status: 'open', user: { email: a.email }, account: { name: expect.any(String) } });
    const opShot = await env.app.inject({ method: 'GET', url: `/v1/operator/inquiries/${inq.id}/screenshots/${s.id}`, headers: operator });
    expect(opShot.statusCode).toBe(200);
    expect(opShot.rawPayload.equals(PNG)).toBe(true);

    const answered = await env.app.inject({ method: 'POST', url: `/v1/operator/inquiries/${inq.id}/replies`, headers: operator, payload: { body: 'Fixed in the next release: the composer now shows "Offline".' } });
    expect(answered.statusCode).toBe(201);
    expect(answered.json()).toMatchObject({ status: 'answered' });
    expect(answered.json().messages.map((m: { author: string }) => m.author)).toEqual(['user', 'operator']);
    const mail = await lastEmailTo(env.app, a.email, TEST_OPERATOR_TOKEN, { subject: /Reply to your message: Send button spins/ });
    expect(mail.text).toContain('the composer now shows "Offline"');
    expect(mail.text).toContain(`/help/${inq.id}`);
    const audit = await env.ctx.database.query<{ n: number }>("select count(*)::int n from platform_audit_events where action = 'support.inquiry_answered'");
    expect(audit.rows[0].n).toBeGreaterThan(0);
    expect((await env.app.inject({ method: 'GET', url: '/v1/operator/inquiries?status=open', headers: operator })).json().data.some((i: { id: string }) => i.id === inq.id)).toBe(false);

    // The user sees the reply and answers: open again, then the operator closes it.
    const thread = (await a.client.get(`/v1/support/inquiries/${inq.id}`)).json();
    expect(thread.messages[1]).toMatchObject({ author: 'operator', authorName: 'Support team' });
    const again = await a.client.post(`/v1/support/inquiries/${inq.id}/messages`, { body: 'Thanks!' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ status: 'open' });
    expect(again.json().messages).toHaveLength(3);
    const closed = await env.app.inject({ method: 'POST', url: `/v1/operator/inquiries/${inq.id}/status`, headers: operator, payload: { status: 'closed' } });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect((await env.app.inject({ method: 'GET', url: '/v1/operator/inquiries/inq_nope', headers: operator })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: '/v1/operator/inquiries?cursor=inq_nope', headers: operator })).statusCode).toBe(400);

    // The account's audit log names the inquiry; its export carries the thread.
    const log = (await a.client.get('/v1/audit-events')).json().data as Array<{ action: string }>;
    expect(log.some((e) => e.action === 'support.inquiry_created')).toBe(true);
  });
});
