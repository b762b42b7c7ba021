import { expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { describeEachDb } from './harness.js';

describeEachDb('HTTP plumbing', (use) => {
  it('answers health and readiness, with a request id on every response', async () => {
    const { app, kind } = use();
    const h = await app.inject('/healthz');
    expect(h.json()).toEqual({ ok: true });
    expect(h.headers['x-request-id']).toBeTruthy();
    const r = await app.inject('/readyz');
    expect(r.json()).toEqual({ ok: true, database: kind });
    const echoed = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'client-req-12345' } });
    expect(echoed.headers['x-request-id']).toBe('client-req-12345');
  });

  it('reports not ready while shutting down', async () => {
    const { ctx } = use();
    const app = await buildApp(ctx, { logger: false, isShuttingDown: () => true });
    const r = await app.inject('/readyz');
    await app.close();
    expect(r.statusCode).toBe(503);
  });

  it('gives unknown routes a 404 in the error shape with the request id', async () => {
    const { app } = use();
    const r = await app.inject('/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'route_not_found' }, requestId: r.headers['x-request-id'] });
  });

  it('hides the message of an unexpected error behind a 500', async () => {
    const { ctx } = use();
    const app = await buildApp(ctx, { logger: false });
    app.get('/v1/explode', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail');
    });
    const r = await app.inject('/v1/explode');
    await app.close();
    expect(r.statusCode).toBe(500);
    expect(r.json().error).toEqual({ code: 'internal_error', message: 'Something went wrong on our side.', details: {} });
    expect(r.body).not.toContain('secret internal detail');
  });

  it('refuses to start with a /v1 route that declares no access rule', async () => {
    const { ctx } = use();
    const app = await buildApp(ctx, { logger: false });
    expect(() => app.get('/v1/unguarded', async () => ({}))).toThrow(/declares no access rule/);
    await app.close();
  });

  it('publishes the OpenAPI document from the route schemas', async () => {
    const { app } = use();
    const doc = (await app.inject('/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/auth/signup', '/v1/api-keys', '/v1/audit-events/verify']));
  });

  it('serves the policy documents sign-up refers to', async () => {
    const { app } = use();
    const cur = (await app.inject('/v1/policies/current')).json();
    expect(cur.terms).toEqual({ version: '2026-11-01', lastUpdated: '2026-11-01', url: '/legal/terms' });
    expect(cur.attestationText).toMatch(/obtained my customers' consent/);
    const doc = (await app.inject('/v1/legal/privacy')).json();
    expect(doc.body).toContain('Your rights');
    expect((await app.inject('/v1/legal/cookies')).statusCode).toBe(422);
  });

  it('refuses the operator outbox without the operator token', async () => {
    const { app, config } = use();
    expect((await app.inject('/v1/operator/outbox')).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/operator/outbox', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/operator/outbox', headers: { authorization: `Bearer ${config.operatorToken}` } })).statusCode).toBe(200);
  });
});
