import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, signUp } from './factories.js';

describeEachDb('API keys', (use) => {
  it('creates a key shown once, stores only its hash, authenticates /v1 with it and records last use', async () => {
    const { app, ctx } = use();
    const { client } = await signUp(app);
    const created = await client.post('/v1/api-keys', { name: 'CRM sync' });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^wm_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const stored = await ctx.database.query<{ n: number }>('select count(*)::int n from api_keys where key_hash = $1 or prefix = $1', [key]);
    expect(stored.rows[0].n).toBe(0);
    const listed = (await client.get('/v1/api-keys')).json().data;
    expect(listed[0]).not.toHaveProperty('key');
    expect(listed[0].lastUsedAt).toBeNull();
    const api = new Client(app, key);
    const me = await api.get('/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBeNull();
    // Bearer writes need no CSRF header.
    expect((await api.patch('/v1/account', { industry: 'Retail' })).statusCode).toBe(200);
    expect((await client.get('/v1/api-keys')).json().data[0].lastUsedAt).not.toBeNull();
    expect((await client.delete(`/v1/api-keys/${id}`)).statusCode).toBe(204);
    const after = await api.get('/v1/me');
    expect(after.statusCode).toBe(401);
    expect((await client.get('/v1/api-keys')).json().data[0].revokedAt).not.toBeNull();
  });

  it('limits a scoped key to its scopes', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    const { key } = (await client.post('/v1/api-keys', { name: 'read only', scopes: ['account:read'] })).json();
    const api = new Client(app, key);
    expect((await api.get('/v1/members')).statusCode).toBe(200);
    const denied = await api.patch('/v1/account', { industry: 'x' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.details.requiredScope).toBe('account:write');
    expect((await api.get('/v1/audit-events')).statusCode).toBe(403);
    expect((await client.post('/v1/api-keys', { name: 'bad', scopes: ['everything'] })).json().error.code).toBe('validation_failed');
  });

  it('refuses malformed and unknown bearer tokens with 401', async () => {
    const { app } = use();
    for (const authorization of ['Bearer wm_notarealkey', 'Basic abc', 'Bearer']) {
      const r = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization } });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthenticated');
    }
  });
});
