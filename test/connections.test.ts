import { expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { fromPublicId } from '../src/lib/ids.js';
import { connectionByWebhookToken, loadConnectionContext } from '../src/modules/connections/connections.service.js';
import { outboundRefusal } from '../src/modules/connections/connection-context.js';
import { testConnectionContext } from '../src/modules/connections/connection-test.js';
import type { CarrierKindImpl, ConnectionContext } from '../src/providers/carrier.js';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';

/** A number no other test of this run uses (random ones collided with the simulator's). */
let numberSeq = 0;
const exchange = 200 + (process.pid % 700);
const uniqueNumber = (area: string) => `+1${area}${exchange}${String((numberSeq += 1) + Math.floor(Math.random() * 100) * 100).padStart(4, '0').slice(-4)}`;

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'super-secret-auth-token-8f3a9c';
const KEY_SID = `SK${'fedcba9876543210'.repeat(2)}`;

/** A Twilio-shaped kind under the test's control: the auth token "bad" fails, "hang" never answers. */
const seen: ConnectionContext[] = [];
const fakeTwilio: CarrierKindImpl = {
  kind: 'twilio',
  connect(cc) {
    seen.push(cc);
    return {
      kind: 'twilio', capabilities: { mms: true, provision: false, sessions: false },
      test: async () => {
        if (cc.credentials.authToken === 'throw') throw new Error('socket hang up');
        if (cc.credentials.authToken === 'hang') return new Promise(() => {});
        return cc.credentials.authToken === 'bad' ? { ok: false, code: '20003', message: 'Authenticate: the credentials were refused' } : { ok: true };
      },
      send: async () => [],
    };
  },
};

describeEachDb('provider connections', (use) => {
  const twilioBody = (authToken = TOKEN) => ({ kind: 'twilio', name: 'Main Twilio', credentials: { accountSid: SID, authToken }, settings: { apiBaseUrl: 'http://127.0.0.1:9/twilio' } });
  const withFake = () => use().ctx.carriers.set('twilio', fakeTwilio);

  async function member(owner: Awaited<ReturnType<typeof signUp>>, role: 'viewer' | 'agent') {
    const { app, config } = use();
    const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
    await owner.client.post('/v1/invitations', { email, role });
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const c = new Client(app);
    expect((await c.post('/v1/invitations/accept', { token, name: role, phone: '+14155550111', password: STRONG_PASSWORD })).statusCode).toBe(201);
    return c;
  }

  it('creates a simulator connection, tested on save, with webhook URLs under PUBLIC_URL', async () => {
    const { app, config } = use();
    const a = await signUp(app);
    const res = await a.client.post('/v1/provider-connections', { kind: 'simulator', name: 'Sim' });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ kind: 'simulator', name: 'Sim', status: 'connected', lastError: null, lastErrorAt: null, numbers: [] });
    expect(c.id).toMatch(/^conn_/);
    expect(c.lastCheckedAt).not.toBeNull();
    expect(c.webhookUrls.status).toMatch(new RegExp(`^${config.publicUrl}/webhooks/simulator/[A-Za-z0-9_-]{40,}/status$`));
    expect(c.webhookUrls.inbound).toBe(c.webhookUrls.status.replace(/status$/, 'inbound'));
    expect((await a.client.get(`/v1/provider-connections/${c.id}`)).json()).toEqual(c);
    expect((await a.client.get('/v1/provider-connections')).json().data).toEqual([c]);
    // The webhook token in the URL finds the connection (and only for its kind).
    const token = c.webhookUrls.status.split('/').at(-2);
    const found = await connectionByWebhookToken(use().ctx, 'simulator', token);
    expect(found?.connectionId).toBe(fromPublicId('connection', c.id));
    expect(await connectionByWebhookToken(use().ctx, 'twilio', token)).toBeNull();
    expect(await connectionByWebhookToken(use().ctx, 'simulator', `${token.slice(0, -2)}xx`)).toBeNull();
  });

  it('stores a connection whose test fails with status error, the reason and when; re-test and rotation fix it', async () => {
    withFake();
    const a = await signUp(use().app);
    const res = await a.client.post('/v1/provider-connections', twilioBody('bad'));
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ kind: 'twilio', status: 'error', lastErrorCode: '20003', lastError: 'Authenticate: the credentials were refused' });
    expect(Date.parse(c.lastErrorAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(c.webhookUrls.status).toContain('/webhooks/twilio/');
    expect(c.settings).toEqual({ apiBaseUrl: 'http://127.0.0.1:9/twilio' });
    // The tester saw the decrypted credentials and the same webhook URLs.
    expect(seen.at(-1)).toMatchObject({ kind: 'twilio', credentials: { accountSid: SID, authToken: 'bad' }, webhookUrls: c.webhookUrls });

    const retest = await a.client.post(`/v1/provider-connections/${c.id}/test`);
    expect(retest.json()).toMatchObject({ status: 'error', lastErrorCode: '20003' });

    const rotated = await a.client.patch(`/v1/provider-connections/${c.id}`, { credentials: { accountSid: SID, apiKeySid: KEY_SID, apiKeySecret: 'key-secret-value', webhookAuthToken: 'webhook-token-value' } });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json()).toMatchObject({ status: 'connected', lastErrorCode: '20003' }); // the last error is kept with its time
    expect(seen.at(-1)?.credentials).toEqual({ accountSid: SID, apiKeySid: KEY_SID, apiKeySecret: 'key-secret-value', webhookAuthToken: 'webhook-token-value' });
    const ctx = await loadConnectionContext(use().ctx, fromPublicId('account', a.accountId)!, fromPublicId('connection', c.id)!);
    expect(ctx?.credentials.apiKeySecret).toBe('key-secret-value');
    expect(ctx?.webhookUrls).toEqual(c.webhookUrls); // rotation keeps the webhook URLs

    // A thrown error is a failed test, not a 500.
    const thrown = await a.client.patch(`/v1/provider-connections/${c.id}`, { credentials: { accountSid: SID, authToken: 'throw' } });
    expect(thrown.json()).toMatchObject({ status: 'error', lastErrorCode: 'test_failed', lastError: 'socket hang up' });
    // Disabled stays disabled through a test; enabling tests again.
    expect((await a.client.patch(`/v1/provider-connections/${c.id}`, { enabled: false })).json().status).toBe('disabled');
    expect((await a.client.post(`/v1/provider-connections/${c.id}/test`)).json().status).toBe('disabled');
    expect((await a.client.patch(`/v1/provider-connections/${c.id}`, { enabled: true })).json().status).toBe('error');
    expect((await a.client.patch(`/v1/provider-connections/${c.id}`, { name: 'Renamed', credentials: { accountSid: SID, authToken: TOKEN } })).json()).toMatchObject({ name: 'Renamed', status: 'connected' });
  });

  it('never reaches a carrier host the operator did not allow (CARRIER_HOSTS_ALLOWED): Twilio\'s default host and a foreign SMSC', async () => {
    use().ctx.carriers.set('twilio', (await import('../src/providers/twilio/index.js')).twilioKind);
    const a = await signUp(use().app);
    const twilio = await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'Default host', credentials: { accountSid: SID, authToken: TOKEN }, settings: { apiBaseUrl: 'https://api.twilio.com' } });
    expect(twilio.statusCode).toBe(201);
    expect(twilio.json()).toMatchObject({ status: 'error', lastErrorCode: 'host_not_allowed' });
    const smpp = await a.client.post('/v1/provider-connections', { kind: 'smpp', name: 'Foreign SMSC', credentials: { systemId: 'acme', password: 'secret' }, settings: { host: 'smsc.example.com', port: 2775 } });
    expect(smpp.statusCode).toBe(201);
    expect(smpp.json()).toMatchObject({ status: 'error', lastErrorCode: 'host_not_allowed' });
  });

  it('CARRIER_HOSTS_ALLOWED unset: only public addresses, checked after resolution (no SSRF); listed hosts allowed; the simulator and TWILIO_API_BASE_URL exempt', async () => {
    const { ctx } = use();
    withFake();
    const a = await signUp(use().app);
    const cfg = ctx.config as { carrierHostsAllowed: string[] | null };
    const pinned = cfg.carrierHostsAllowed;
    const cc = (kind: 'twilio' | 'smpp' | 'simulator', settings: Record<string, unknown>): ConnectionContext =>
      ({ connectionId: 'x', accountId: 'y', kind, credentials: { authToken: TOKEN }, settings, webhookUrls: { status: '', inbound: '' } });
    cfg.carrierHostsAllowed = null;
    try {
      const refused = [
        cc('twilio', { apiBaseUrl: 'http://127.0.0.1:8080/twilio' }), cc('twilio', { apiBaseUrl: 'http://[::1]:9' }), cc('twilio', { apiBaseUrl: 'http://169.254.169.254' }),
        cc('twilio', { apiBaseUrl: 'http://[::ffff:10.0.0.1]' }), cc('twilio', { apiBaseUrl: 'http://localhost:9' }),
        cc('smpp', { host: '10.1.2.3', port: 2775 }), cc('smpp', { host: '192.168.1.1', port: 2775 }), cc('smpp', { host: 'localhost', port: 2775 }), cc('smpp', { host: '', port: 2775 }),
      ];
      for (const c of refused) expect(await outboundRefusal(ctx, c), JSON.stringify(c.settings)).toMatchObject({ code: 'host_not_allowed', message: expect.stringMatching(/CARRIER_HOSTS_ALLOWED/) });
      // A public address literal passes (nothing is contacted here); the operator's hosts are exempt.
      expect(await outboundRefusal(ctx, cc('smpp', { host: '8.8.8.8', port: 2775 }))).toBeNull();
      expect(await outboundRefusal(ctx, cc('twilio', { apiBaseUrl: ctx.config.twilioApiBaseUrl }))).toBeNull();
      expect(await outboundRefusal(ctx, cc('simulator', {}))).toBeNull();
      // The connection test and the saved connection say why.
      expect(await testConnectionContext(ctx, cc('smpp', { host: 'localhost', port: 2775 }))).toMatchObject({ ok: false, code: 'host_not_allowed' });
      const internal = { ...twilioBody(), settings: { apiBaseUrl: 'http://127.0.0.1:8080/twilio' } };
      const saved = await a.client.post('/v1/provider-connections', internal);
      expect(saved.json()).toMatchObject({ status: 'error', lastErrorCode: 'host_not_allowed', lastError: expect.stringMatching(/loopback address/) });
    } finally {
      cfg.carrierHostsAllowed = pinned;
    }
    // Listed by the operator: the loopback host is reached.
    expect(await outboundRefusal(ctx, cc('smpp', { host: 'localhost', port: 2775 }))).toBeNull();
    expect((await a.client.post('/v1/provider-connections', { ...twilioBody(), settings: { apiBaseUrl: 'http://127.0.0.1:8080/twilio' } })).json()).toMatchObject({ status: 'connected' });
  });

  it('a kind this server cannot reach yet is stored with status error; a hanging carrier times out', async () => {
    const { ctx } = use();
    const a = await signUp(use().app);
    const saved = ctx.carriers.get('smpp');
    ctx.carriers.delete('smpp');
    try {
      const res = await a.client.post('/v1/provider-connections', { kind: 'smpp', name: 'SMSC', credentials: { systemId: 'wm', password: 'pw' }, settings: { host: '127.0.0.1', port: 2775, bind: 'tx_rx', enquireLinkMs: 5000 } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: 'error', lastErrorCode: 'kind_unavailable', settings: { host: '127.0.0.1', port: 2775, window: 50, bind: 'tx_rx', enquireLinkMs: 5000 } });
      expect(res.json().webhookUrls).toBeUndefined();
    } finally {
      if (saved) ctx.carriers.set('smpp', saved);
    }
    withFake();
    const cc: ConnectionContext = { connectionId: 'x', accountId: 'y', kind: 'twilio', credentials: { authToken: 'hang' }, settings: { apiBaseUrl: 'http://127.0.0.1:9' }, webhookUrls: { status: '', inbound: '' } };
    expect(await testConnectionContext(ctx, cc, 50)).toMatchObject({ ok: false, code: 'timeout' });
  });

  it('validates credentials and settings per kind (create and rotation)', async () => {
    withFake();
    const a = await signUp(use().app);
    const bad = [
      { kind: 'twilio', name: 'x', credentials: { accountSid: 'AC123', authToken: 't' } },
      { kind: 'twilio', name: 'x', credentials: { accountSid: SID } },
      { kind: 'twilio', name: 'x', credentials: { accountSid: SID, apiKeySid: 'XX123', apiKeySecret: 's' } },
      { kind: 'twilio', name: 'x', credentials: { accountSid: SID, authToken: 't' }, settings: { apiBaseUrl: 'ftp://example.com' } },
      { kind: 'twilio', name: 'x', credentials: { accountSid: SID, authToken: 't', extra: 'y' } },
      { kind: 'smpp', name: 'x', credentials: { systemId: 'wm', password: 'pw' }, settings: { host: '127.0.0.1', port: 2775, window: 0 } },
      { kind: 'smpp', name: 'x', credentials: { systemId: 'wm', password: 'pw' }, settings: { host: '127.0.0.1', port: 2775, window: 501 } },
      { kind: 'smpp', name: 'x', credentials: { systemId: 'wm', password: 'pw' } },
      { kind: 'smpp', name: 'x', credentials: { systemId: 'wm', password: 'pw' }, settings: { host: '127.0.0.1', port: 70000 } },
      { kind: 'simulator', name: 'x', credentials: { secret: 'y' } },
      { kind: 'carrier-pigeon', name: 'x', credentials: {} },
      { kind: 'simulator', name: '  ' },
    ];
    for (const body of bad) {
      const res = await a.client.post('/v1/provider-connections', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect((await a.client.get('/v1/provider-connections')).json().data).toEqual([]);

    const c = (await a.client.post('/v1/provider-connections', twilioBody())).json();
    const rot = await a.client.patch(`/v1/provider-connections/${c.id}`, { credentials: { systemId: 'wm', password: 'pw' } });
    expect(rot.statusCode).toBe(422);
    expect(rot.json().error.details.issues[0].path).toMatch(/^body\.credentials/);
    expect((await a.client.patch(`/v1/provider-connections/${c.id}`, { settings: { apiBaseUrl: 'not a url' } })).statusCode).toBe(422);
    expect((await a.client.patch(`/v1/provider-connections/${c.id}`, {})).json().error.code).toBe('empty_patch');
    expect((await a.client.get(`/v1/provider-connections/${c.id}`)).json()).toEqual(c);
  });

  it('keeps credentials only as ciphertext: never in the table in clear, any response, the audit log or the logs', async () => {
    withFake();
    const { ctx } = use();
    const lines: string[] = [];
    const app = await buildApp({ ...ctx, config: { ...ctx.config, logLevel: 'debug' } }, { logStream: { write: (s: string) => void lines.push(s) } });
    try {
      const a = await signUp(app);
      const created = await a.client.post('/v1/provider-connections', twilioBody());
      const c = created.json();
      const secret2 = 'rotated-secret-0f9e8d7c6b';
      const responses = [
        created.body,
        (await a.client.get('/v1/provider-connections')).body,
        (await a.client.get(`/v1/provider-connections/${c.id}`)).body,
        (await a.client.post(`/v1/provider-connections/${c.id}/test`)).body,
        (await a.client.patch(`/v1/provider-connections/${c.id}`, { credentials: { accountSid: SID, authToken: secret2 } })).body,
        (await a.client.get('/v1/audit-events')).body,
      ];
      for (const body of responses) {
        expect(body).not.toContain(TOKEN);
        expect(body).not.toContain(secret2);
        expect(body).not.toMatch(/"credentials":/); // the name of a rotated field is audited, never a value
      }
      const accountId = fromPublicId('account', a.accountId);
      const { rows } = await ctx.database.query<{ credentials: string; webhook_token: string; settings: unknown }>(
        'select credentials, webhook_token, settings from provider_connections where account_id = $1', [accountId]);
      expect(rows).toHaveLength(1);
      expect(rows[0].credentials).toMatch(/^wm1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      for (const s of [TOKEN, secret2, SID]) expect(rows[0].credentials).not.toContain(s);
      const token = c.webhookUrls.status.split('/').at(-2);
      expect(rows[0].webhook_token).not.toContain(token);
      const dump = JSON.stringify((await ctx.database.query('select * from provider_connections where account_id = $1', [accountId])).rows);
      for (const s of [TOKEN, secret2, token]) expect(dump).not.toContain(s);
      const audit = JSON.stringify((await ctx.database.query('select * from audit_events where account_id = $1', [accountId])).rows);
      expect(audit).toContain('provider_connection.created');
      expect(audit).toContain('credentialsRotated');
      for (const s of [TOKEN, secret2]) expect(audit).not.toContain(s);
      expect(lines.length).toBeGreaterThan(0);
      for (const s of [TOKEN, secret2]) expect(lines.join('\n')).not.toContain(s);
    } finally {
      await app.close();
    }
  });

  it('roles: admins write, viewers and read-only keys read', async () => {
    const { app } = use();
    const a = await signUp(app);
    const c = (await a.client.post('/v1/provider-connections', { kind: 'simulator', name: 'Sim' })).json();
    const viewer = await member(a, 'viewer');
    const agent = await member(a, 'agent');
    for (const who of [viewer, agent]) {
      expect((await who.get('/v1/provider-connections')).statusCode).toBe(200);
      expect((await who.get(`/v1/provider-connections/${c.id}`)).statusCode).toBe(200);
      expect((await who.post('/v1/provider-connections', { kind: 'simulator', name: 'No' })).statusCode).toBe(403);
      expect((await who.patch(`/v1/provider-connections/${c.id}`, { name: 'No' })).statusCode).toBe(403);
      expect((await who.post(`/v1/provider-connections/${c.id}/test`)).statusCode).toBe(403);
      expect((await who.delete(`/v1/provider-connections/${c.id}`)).statusCode).toBe(403);
    }
    const readKey = (await a.client.post('/v1/api-keys', { name: 'ro', scopes: ['account:read'] })).json().key;
    const ro = new Client(app, readKey);
    expect((await ro.get('/v1/provider-connections')).statusCode).toBe(200);
    expect((await ro.post('/v1/provider-connections', { kind: 'simulator', name: 'No' })).statusCode).toBe(403);
    const writeKey = (await a.client.post('/v1/api-keys', { name: 'rw', scopes: ['account:write'] })).json().key;
    expect((await new Client(app, writeKey).post('/v1/provider-connections', { kind: 'simulator', name: 'Key' })).statusCode).toBe(201);
  });

  it('attaches numbers to a connection, refuses to delete it while numbers are on it, keeps the built-in simulator path', async () => {
    const { app, ctx } = use();
    const a = await signUp(app);
    const b = await signUp(app);
    const c = (await a.client.post('/v1/provider-connections', { kind: 'simulator', name: 'Sim' })).json();
    const phone = uniqueNumber('628');
    const attached = await a.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}` });
    expect(attached.statusCode).toBe(201);
    expect(attached.json()).toMatchObject({ phoneNumber: phone, provider: 'simulator', connectionId: c.id, type: 'long_code', mps: 1 });
    expect((await a.client.get(`/v1/provider-connections/${c.id}`)).json().numbers).toEqual([{ id: attached.json().id, phoneNumber: phone }]);

    expect((await a.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: phone })).json().error.code).toBe('number_taken');
    expect((await b.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: '+14155550142' })).statusCode).toBe(404);
    expect((await a.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: '12' })).json().error.code).toBe('invalid_phone');
    // Without a phoneNumber a number is bought through the connection (test/number-release.test.ts); never through another account's.
    expect((await b.client.post('/v1/numbers', { connectionId: c.id })).statusCode).toBe(404);
    expect((await a.client.post('/v1/numbers', { connectionId: c.id, provider: 'simulator', phoneNumber: phone })).statusCode).toBe(422);
    expect((await a.client.post('/v1/numbers', { connectionId: 'conn_nope', phoneNumber: '+14155550142' })).statusCode).toBe(404);
    // {provider: "simulator"} provisions through the account's simulator connection (over the simulator's protocol)…
    const builtIn = await a.client.post('/v1/numbers', { provider: 'simulator' });
    expect(builtIn.statusCode).toBe(201);
    expect(builtIn.json()).toMatchObject({ provider: 'simulator', connectionId: c.id });
    expect((await a.client.post('/v1/numbers', {})).json().connectionId).toBe(c.id); // the default provider is the simulator
    // …and an account without one gets one, created once, with generated credentials on the simulator.
    const b1 = (await b.client.post('/v1/numbers', { provider: 'simulator' })).json();
    const b2 = (await b.client.post('/v1/numbers', { provider: 'simulator', type: 'toll_free' })).json();
    expect(b2).toMatchObject({ type: 'toll_free', connectionId: b1.connectionId });
    expect((await b.client.get('/v1/provider-connections')).json().data).toEqual([expect.objectContaining({ id: b1.connectionId, kind: 'simulator', name: 'Simulator', status: 'connected' })]);

    const refused = await a.client.delete(`/v1/provider-connections/${c.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'connection_in_use' });
    expect(refused.json().error.details.numbers).toContain(attached.json().id);

    const spare = (await a.client.post('/v1/provider-connections', { kind: 'simulator', name: 'Spare' })).json();
    expect((await a.client.delete(`/v1/provider-connections/${spare.id}`)).statusCode).toBe(204);
    expect((await a.client.get(`/v1/provider-connections/${spare.id}`)).statusCode).toBe(404);
    expect((await a.client.delete(`/v1/provider-connections/${spare.id}`)).statusCode).toBe(404);
    expect((await a.client.post('/v1/numbers', { connectionId: spare.id, phoneNumber: '+14155550143' })).statusCode).toBe(404);
    expect((await a.client.get('/v1/provider-connections')).json().data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // Kept as the sub-processor record: kind and name stay, the credentials are erased.
    const { rows } = await ctx.database.query<{ name: string; kind: string; deleted_at: Date | null }>(
      'select name, kind, deleted_at from provider_connections where account_id = $1 and id = $2', [fromPublicId('account', a.accountId), fromPublicId('connection', spare.id)]);
    expect(rows[0]).toMatchObject({ name: 'Spare', kind: 'simulator' });
    expect(rows[0].deleted_at).not.toBeNull();
    // Messages have a column for the connection that received them.
    const cols = await ctx.database.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'messages' and column_name = 'connection_id'");
    expect(cols.rows).toHaveLength(1);
  });

  it('attaching a number checks it against the carrier account where the kind can list numbers', async () => {
    const { app, ctx } = use();
    const tollFree = uniqueNumber('833');
    let listing: 'ok' | 'down' = 'ok';
    const listingKind: CarrierKindImpl = {
      kind: 'twilio',
      connect: () => ({
        kind: 'twilio', capabilities: { mms: true, provision: false, sessions: false }, test: async () => ({ ok: true }), send: async () => [],
        listNumbers: async () => {
          if (listing === 'down') throw new Error('connect ECONNREFUSED');
          return [{ phoneNumber: tollFree, providerRef: 'PN0123', type: 'toll_free', mms: true }];
        },
      }),
    };
    ctx.carriers.set('twilio', listingKind);
    try {
      const a = await signUp(app);
      const c = (await a.client.post('/v1/provider-connections', twilioBody())).json();
      const missing = await a.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: '+14155550199' });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().error.code).toBe('number_not_on_carrier');
      listing = 'down';
      const down = await a.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: tollFree });
      expect(down.statusCode).toBe(502);
      expect(down.json().error.code).toBe('carrier_unavailable');
      listing = 'ok';
      const ok = await a.client.post('/v1/numbers', { connectionId: c.id, phoneNumber: tollFree });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ phoneNumber: tollFree, provider: 'twilio', type: 'toll_free', mps: 3, connectionId: c.id });
      const { rows } = await ctx.database.query<{ provider_ref: string }>('select provider_ref from phone_numbers where account_id = $1 and phone_number = $2', [fromPublicId('account', a.accountId), tollFree]);
      expect(rows).toEqual([{ provider_ref: 'PN0123' }]);
    } finally {
      withFake();
    }
  });

  it("another account's connection is not found for any route", async () => {
    const { app } = use();
    const a = await signUp(app);
    const b = await signUp(app);
    const c = (await b.client.post('/v1/provider-connections', { kind: 'simulator', name: 'B' })).json();
    expect((await a.client.get(`/v1/provider-connections/${c.id}`)).statusCode).toBe(404);
    expect((await a.client.patch(`/v1/provider-connections/${c.id}`, { name: 'Mallory' })).statusCode).toBe(404);
    expect((await a.client.post(`/v1/provider-connections/${c.id}/test`)).statusCode).toBe(404);
    expect((await a.client.delete(`/v1/provider-connections/${c.id}`)).statusCode).toBe(404);
    expect((await a.client.get('/v1/provider-connections')).body).not.toContain(c.id);
    expect((await b.client.get(`/v1/provider-connections/${c.id}`)).json().name).toBe('B');
  });
});
