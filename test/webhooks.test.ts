import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { allowsAddress } from '../src/lib/net-guard.js';
import { guardedPost } from '../src/lib/net-guard-post.js';
import { deliverDue } from '../src/modules/webhooks/delivery.service.js';
import { WEBHOOK_EVENT_TYPES } from '../src/modules/webhooks/events.js';
import { fanOutAll } from '../src/modules/webhooks/fanout.service.js';
import { RETRY_DELAYS_MS } from '../src/modules/webhooks/retry.js';
import { emailsTo, signUp, TEST_OPERATOR_TOKEN, type Client } from './factories.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';

/** What the receiver got on one path: the raw body and headers, and whether the reference verifier accepted it. */
interface Received { body: string; headers: Record<string, string>; verified: boolean; json: { type: string; timestamp: string; data: Record<string, unknown> } }
type Answer = { status: number; headers?: Record<string, string>; body?: string };

describeEachDb('webhooks (Standard Webhooks)', (use) => {
  const received = new Map<string, Received[]>();
  const secrets = new Map<string, string[]>();
  const answers = new Map<string, Answer>();
  let receiver: http.Server;
  let base = '';

  beforeAll(async () => {
    // The receiver verifies every delivery with the official standardwebhooks package, against each secret it knows for the path.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const verified = (secrets.get(path) ?? []).length > 0 && (secrets.get(path) ?? []).every((s) => {
          try { new Webhook(s).verify(body, headers); return true; } catch { return false; }
        });
        if (!received.has(path)) received.set(path, []);
        received.get(path)!.push({ body, headers, verified, json: JSON.parse(body) });
        const a = answers.get(path) ?? { status: 200, body: 'ok' };
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body ?? '');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });
  const realNow = () => new Date();
  afterEach(() => {
    use().ctx.now = realNow;
    use().ctx.config.webhooks.allowedHosts = ['127.0.0.1'];
  });

  let tag = 0;
  async function endpoint(client: Client, body: Record<string, unknown> = {}) {
    const path = `/hook-${++tag}`;
    const r = await client.post('/v1/webhook-endpoints', { url: `${base}${path}`, ...body });
    expect(r.statusCode, r.body).toBe(201);
    const e = r.json() as { id: string; secret: string; events: string[] };
    secrets.set(path, [e.secret]);
    return { ...e, path, got: () => received.get(path) ?? [] };
  }
  const pump = async (env: TestEnv) => {
    await fanOutAll(env.ctx);
    return deliverDue(env.ctx);
  };
  const at = (env: TestEnv, t: number) => { env.ctx.now = () => new Date(t); };

  it('delivers every event of a scripted scenario once, signed and verified by the reference library, none skipped', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const hook = await endpoint(client, { description: 'all events' });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(hook.events).toEqual([]);
    const listed = (await client.get('/v1/webhook-endpoints')).json().data;
    expect(listed.map((e: { id: string }) => e.id)).toEqual([hook.id]);
    expect(JSON.stringify(listed)).not.toContain('whsec_'); // the secret is shown once (revealed on request)
    expect((await client.get(`/v1/webhook-endpoints/${hook.id}/secret`)).json().secret).toBe(hook.secret);
    const { rows: [sealed] } = await env.ctx.database.query<{ secret: string }>(`select secret from webhook_endpoints where id = $1`, [fromPublicId('webhookEndpoint', hook.id)]);
    expect(sealed.secret).toMatch(/^wm1\./);
    expect(sealed.secret).not.toContain(hook.secret.slice(6, 20));

    // The scenario: an inbound text, a reply (queued → sent → delivered), STOP, START; a send through the API.
    const first = (await client.post('/v1/simulator/inbound', { from: '+1 212 555 0170', to: number.phoneNumber, body: 'Is my order ready?' })).json();
    await client.post(`/v1/conversations/${first.conversationId}/messages`, { body: 'Yes, pick it up today.' });
    await settle(env);
    await pump(env); // deliveries go out while the scenario continues
    await client.post('/v1/simulator/inbound', { from: '+1 212 555 0170', to: number.phoneNumber, body: 'STOP' });
    await client.post('/v1/simulator/inbound', { from: '+1 212 555 0170', to: number.phoneNumber, body: 'START' });
    const sent = (await client.post('/v1/messages', { to: '+1 212 555 0171', body: 'Your table is ready.' })).json();
    await settle(env);

    // A transaction that commits late (PostgreSQL: two connections): its event is older than one committed after it.
    const account = fromPublicId('account', accountId)!;
    let late: pg.Client | null = null;
    if (env.kind === 'postgres') {
      late = new pg.Client({ connectionString: env.ctx.database.connectionString });
      await late.connect();
      await late.query('begin');
      await late.query(`insert into outbox (account_id, type, subject_id, payload) values ($1, 'conversation.updated', $2, $3)`,
        [account, fromPublicId('conversation', first.conversationId), JSON.stringify({ conversationId: fromPublicId('conversation', first.conversationId), status: 'closed', previousStatus: 'open', marker: 'late' })]);
      await client.post('/v1/messages', { to: '+1 212 555 0172', body: 'Committed while the other is open.' });
      await pump(env);
      await late.query('commit');
      await late.end();
    }
    const { rows: expected } = await env.ctx.database.query<{ type: string }>(
      `select type from outbox where account_id = $1 and type = any($2::text[]) order by tx_id, id`, [account, [...WEBHOOK_EVENT_TYPES]]);
    // The consumer reads only below the oldest running transaction of the whole server (other test
    // files share it): poll, bounded, until everything final has arrived.
    const deadline = Date.now() + 60_000;
    while (hook.got().length < expected.length && Date.now() < deadline) {
      await pump(env);
      await new Promise((r) => setTimeout(r, 50));
    }
    await pump(env);
    const got = hook.got();
    expect(got.length).toBeGreaterThanOrEqual(8);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(got.length); // none twice
    expect(got.map((r) => r.json.type).sort()).toEqual(expected.map((e) => e.type).sort()); // none skipped
    const types = got.map((r) => r.json.type);
    expect(types).toEqual(expect.arrayContaining(['message.received', 'message.created', 'message.status_changed', 'contact.opted_out', 'contact.opted_in']));
    if (env.kind === 'postgres') expect(got.some((r) => r.json.type === 'conversation.updated' && r.json.data.marker === 'late')).toBe(true);

    // Stable public shapes: public ids only, never an internal uuid.
    expect(got.map((r) => r.body).join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    const stop = got.find((r) => r.json.type === 'message.received' && r.json.data.body === 'STOP')!;
    expect(stop.json.data).toMatchObject({ direction: 'inbound', from: '+12125550170', to: number.phoneNumber, status: 'received', conversationId: first.conversationId });
    expect(String(stop.json.data.messageId)).toMatch(/^msg_/);
    expect(got.find((r) => r.json.type === 'contact.opted_out')!.json.data).toMatchObject({ source: 'keyword', phone: '+12125550170', contactId: expect.stringMatching(/^ct_/) });
    const statuses = got.filter((r) => r.json.type === 'message.status_changed' && r.json.data.messageId === sent.id).map((r) => r.json.data.status);
    expect(statuses).toEqual(expect.arrayContaining(['sent', 'delivered']));
    expect(stop.headers['webhook-id']).toMatch(/^whmsg_/);
    expect(Math.abs(Number(stop.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);

    // The consumer's position moved past everything: a further pass delivers nothing new.
    const before = hook.got().length;
    await pump(env);
    expect(hook.got().length).toBe(before);
  }, 120_000);

  it('retries on the schedule (controlled clock), honours Retry-After, and a 410 switches the endpoint off', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const failing = await endpoint(client);
    answers.set(failing.path, { status: 500, body: 'down' });
    const t0 = Date.now();
    at(env, t0);
    const d = (await client.post(`/v1/webhook-endpoints/${failing.id}/test`)).json();
    expect(d).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    expect(await deliverDue(env.ctx)).toBe(1);
    let t = t0;
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      at(env, t + delay - 1000);
      await deliverDue(env.ctx);
      expect(failing.got(), `attempt ${i + 2} came early`).toHaveLength(i + 1);
      t += delay;
      at(env, t);
      await deliverDue(env.ctx);
      expect(failing.got(), `attempt ${i + 2} at +${delay} ms`).toHaveLength(i + 2);
    }
    at(env, t + 86_400_000);
    await deliverDue(env.ctx);
    expect(failing.got()).toHaveLength(8); // the schedule is spent
    expect(failing.got().every((r) => r.verified && r.headers['webhook-id'] === failing.got()[0].headers['webhook-id'])).toBe(true);
    const log = (await client.get(`/v1/webhook-endpoints/${failing.id}/deliveries`)).json().data;
    expect(log[0]).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 500, nextAttemptAt: null });
    expect(log[0].attemptLog).toHaveLength(8);
    expect(log[0].attemptLog[0]).toMatchObject({ statusCode: 500, responseExcerpt: 'down' });

    // Retry-After (seconds) moves the next attempt later than the schedule's 5 s.
    const slow = await endpoint(client);
    answers.set(slow.path, { status: 503, headers: { 'retry-after': '120' } });
    const t1 = Date.now();
    at(env, t1);
    await client.post(`/v1/webhook-endpoints/${slow.id}/test`);
    await deliverDue(env.ctx);
    const next = (await client.get(`/v1/webhook-endpoints/${slow.id}/deliveries`)).json().data[0].nextAttemptAt;
    expect(new Date(next).getTime()).toBe(t1 + 120_000);
    at(env, t1 + 60_000);
    await deliverDue(env.ctx);
    expect(slow.got()).toHaveLength(1);
    answers.set(slow.path, { status: 204 });
    at(env, t1 + 120_000);
    await deliverDue(env.ctx);
    expect(slow.got()).toHaveLength(2);
    expect((await client.get(`/v1/webhook-endpoints/${slow.id}/deliveries`)).json().data[0]).toMatchObject({ status: 'succeeded', attempts: 2 });

    // 410 Gone: the endpoint is switched off and gets nothing more.
    const gone = await endpoint(client);
    answers.set(gone.path, { status: 410 });
    env.ctx.now = realNow;
    await client.post(`/v1/webhook-endpoints/${gone.id}/test`);
    await deliverDue(env.ctx);
    expect((await client.get(`/v1/webhook-endpoints/${gone.id}`)).json()).toMatchObject({ enabled: false, disabledReason: 'gone' });
    await client.post(`/v1/webhook-endpoints/${gone.id}/test`);
    at(env, Date.now() + 3_600_000);
    await deliverDue(env.ctx);
    expect(gone.got()).toHaveLength(1);
  }, 120_000);

  it('switches off an endpoint that has failed for 5 days and mails the owner', async () => {
    const env = use();
    const { client, email } = await signUp(env.app);
    const hook = await endpoint(client);
    answers.set(hook.path, { status: 502 });
    const t0 = Date.now();
    at(env, t0);
    await client.post(`/v1/webhook-endpoints/${hook.id}/test`);
    await deliverDue(env.ctx);
    expect((await client.get(`/v1/webhook-endpoints/${hook.id}`)).json()).toMatchObject({ enabled: true, failingSince: new Date(t0).toISOString() });
    env.ctx.now = realNow;
    await client.post(`/v1/webhook-endpoints/${hook.id}/test`);
    at(env, t0 + 5 * 86_400_000);
    await deliverDue(env.ctx);
    env.ctx.now = realNow;
    expect((await client.get(`/v1/webhook-endpoints/${hook.id}`)).json()).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const mail = (await emailsTo(env.app, email, TEST_OPERATOR_TOKEN)).find((m) => /switched off/.test(m.subject));
    expect(mail?.text).toContain(`${base}${hook.path}`);
    // Switched on again, it is healthy again and receives.
    answers.set(hook.path, { status: 200 });
    expect((await client.patch(`/v1/webhook-endpoints/${hook.id}`, { enabled: true })).json()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await client.post(`/v1/webhook-endpoints/${hook.id}/test`);
    await deliverDue(env.ctx);
    expect(hook.got().at(-1)!.json.type).toBe('webhook.test');
  }, 120_000);

  it('rotation: both signatures during the overlap, each verifying with its own secret; only the new one after it', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const hook = await endpoint(client);
    const rotated = (await client.post(`/v1/webhook-endpoints/${hook.id}/rotate-secret`, { overlapHours: 1 })).json();
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.rotationEndsAt).not.toBeNull();
    secrets.set(hook.path, [hook.secret, rotated.secret]);
    await client.post(`/v1/webhook-endpoints/${hook.id}/test`);
    await deliverDue(env.ctx);
    const during = hook.got().at(-1)!;
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(during.verified).toBe(true); // verify() passed with the old secret and with the new one
    // Each signature is made with one secret (the library accepts a header if any signature matches: check each alone).
    for (const [i, s] of [rotated.secret, hook.secret].entries()) {
      const one = { ...during.headers, 'webhook-signature': during.headers['webhook-signature'].split(' ')[i] };
      expect(() => new Webhook(s).verify(during.body, one)).not.toThrow();
    }
    at(env, Date.now() + 2 * 3_600_000);
    await client.post(`/v1/webhook-endpoints/${hook.id}/test`);
    await deliverDue(env.ctx);
    const after = hook.got().at(-1)!;
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(rotated.secret).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(hook.secret).verify(after.body, after.headers)).toThrow();
  }, 120_000);

  it('a test event, the delivery log (status, 1 KB excerpt, latency), replay of one delivery and of everything since a time', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const hook = await endpoint(client, { events: ['message.created'] });
    answers.set(hook.path, { status: 200, body: 'x'.repeat(5000) });
    const test = await client.post(`/v1/webhook-endpoints/${hook.id}/test`);
    expect(test.statusCode).toBe(202);
    await deliverDue(env.ctx);
    const [d] = (await client.get(`/v1/webhook-endpoints/${hook.id}/deliveries`)).json().data;
    expect(d).toMatchObject({ id: test.json().id, status: 'succeeded', attempts: 1, lastStatusCode: 200, eventType: 'webhook.test' });
    expect(d.attemptLog[0].responseExcerpt).toHaveLength(1024);
    expect(d.attemptLog[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(d.attemptLog[0].requestHeaders['webhook-id']).toBe(d.webhookId);
    const replay = await client.post(`/v1/webhook-deliveries/${d.id}/replay`);
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ replayOf: d.id, webhookId: d.webhookId, status: 'pending' });
    await deliverDue(env.ctx);
    expect(hook.got().map((r) => r.headers['webhook-id'])).toEqual([d.webhookId, d.webhookId]);
    expect(hook.got().every((r) => r.verified)).toBe(true);
    const since = await client.post(`/v1/webhook-endpoints/${hook.id}/replay`, { since: new Date(Date.now() - 60_000).toISOString() });
    expect(since.json()).toEqual({ queued: 1 }); // the original only, not the replay
    await deliverDue(env.ctx);
    expect(hook.got()).toHaveLength(3);
    const page = (await client.get(`/v1/webhook-endpoints/${hook.id}/deliveries?limit=2`)).json();
    expect(page.data).toHaveLength(2);
    expect((await client.get(`/v1/webhook-endpoints/${hook.id}/deliveries?limit=2&cursor=${page.nextCursor}`)).json().data).toHaveLength(1);
    // Deliveries of one millisecond (microseconds apart) page one at a time without skipping any.
    await env.ctx.database.query(
      `update webhook_deliveries d set created_at = '2026-01-01T00:00:00.000100Z'::timestamptz + x.k * interval '1 microsecond'
         from (select id, row_number() over (order by id) as k from webhook_deliveries where endpoint_id = $1) x where d.id = x.id`, [fromPublicId('webhookEndpoint', hook.id)]);
    const walked: string[] = [];
    for (let cursor: string | null = null, i = 0; i < 5; i++) {
      const r: { data: Array<{ id: string }>; nextCursor: string | null } = (await client.get(`/v1/webhook-endpoints/${hook.id}/deliveries?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      walked.push(...r.data.map((x: { id: string }) => x.id));
      cursor = r.nextCursor;
      if (!cursor) break;
    }
    expect(walked).toHaveLength(3);
    expect((await client.get(`/v1/webhook-endpoints/${hook.id}/deliveries?bogus=1`)).json().error).toMatchObject({ code: 'unknown_parameter', details: { parameters: ['bogus'] } });
    expect((await client.post('/v1/webhook-endpoints', { url: `${base}/x`, events: ['no.such_event'] })).json().error.code).toBe('validation_failed');
    expect((await client.post(`/v1/webhook-deliveries/whdl_01h455vb4pex5vsknk084sn02q/replay`)).statusCode).toBe(404);
    const other = await signUp(env.app);
    expect((await other.client.get(`/v1/webhook-endpoints/${hook.id}/deliveries`)).statusCode).toBe(404);
    expect((await other.client.post(`/v1/webhook-deliveries/${d.id}/replay`)).statusCode).toBe(404);
  }, 120_000);

  it('refuses private, loopback, link-local and mapped addresses, and names resolving to them, without the allow-list', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const port = (receiver.address() as AddressInfo).port;
    const allowed = await endpoint(client); // created while 127.0.0.1 is allowed
    env.ctx.config.webhooks.allowedHosts = [];
    for (const url of [
      `http://127.0.0.1:${port}/a`, `http://[::1]:${port}/a`, 'http://169.254.169.254/latest/meta-data/', `http://[::ffff:127.0.0.1]:${port}/a`,
      `http://[::ffff:7f00:1]:${port}/a`, `http://localhost:${port}/a`, 'http://10.0.0.1/', 'http://100.64.0.1/', 'http://0.0.0.0/', 'http://[fe80::1]/', 'http://224.0.0.1/', 'http://192.168.1.1/',
    ]) {
      const r = await client.post('/v1/webhook-endpoints', { url });
      expect(r.statusCode, url).toBe(422);
      expect(r.json().error.code, url).toBe('url_not_allowed');
    }
    expect((await client.post('/v1/webhook-endpoints', { url: 'ftp://example.com/' })).statusCode).toBe(422);
    // Checked again at every delivery, after resolution: the endpoint allowed earlier now gets nothing.
    await client.post(`/v1/webhook-endpoints/${allowed.id}/test`);
    await deliverDue(env.ctx);
    expect(allowed.got()).toHaveLength(0);
    const [d] = (await client.get(`/v1/webhook-endpoints/${allowed.id}/deliveries`)).json().data;
    expect(d.attemptLog[0]).toMatchObject({ statusCode: null, error: expect.stringContaining('address_not_allowed') });
    // A public-looking name that resolves to loopback (DNS rebinding) is refused too.
    const rebinding = await guardedPost(`http://rebind.example:${port}/a`, '{}', { allowedHosts: [], timeoutMs: 2000, excerptBytes: 10, headers: {}, resolve: async () => ['127.0.0.1'] });
    expect(rebinding).toMatchObject({ ok: false, code: 'address_not_allowed' });
    const mixed = await guardedPost(`http://rebind.example:${port}/a`, '{}', { allowedHosts: [], timeoutMs: 2000, excerptBytes: 10, headers: {}, resolve: async () => ['93.184.216.34', '::1'] });
    expect(mixed).toMatchObject({ ok: false, code: 'address_not_allowed' });
    // The allow-list takes names, addresses and CIDR blocks; the socket goes to the checked address whatever the name says later.
    expect(allowsAddress(['127.0.0.0/8'], '127.9.9.9')).toBe(true);
    expect(allowsAddress(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
    expect(allowsAddress(['10.0.0.0/8'], '127.0.0.1')).toBe(false);
    expect(allowsAddress(['fd00::/8'], 'fd12::1')).toBe(true);
    let calls = 0;
    const pinned = await guardedPost(`http://pinned.example:${port}${allowed.path}`, '{"a":1}', {
      allowedHosts: ['127.0.0.1'], timeoutMs: 2000, excerptBytes: 10, headers: {}, resolve: async () => (++calls === 1 ? ['127.0.0.1'] : ['169.254.169.254']),
    });
    expect(pinned).toMatchObject({ ok: true, status: 200 });
    expect(calls).toBe(1);
  }, 120_000);
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '3000' }, { simulator: true });
