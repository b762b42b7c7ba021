// Finding 7 of issue 7: security headers on the home page, every web page, static files and every
// /v1 answer (success, 404, error). No database: the routes used here never reach it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Ctx } from '../src/context.js';
import { registerWeb } from '../src/http/web.js';
import { testConfig } from './harness.js';

/** A built web app in miniature: index.html and one hashed asset. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wm-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
  return dir;
}

const noDatabase = () => Promise.reject(new Error('no database in this test'));

async function appFor(publicUrl: string): Promise<FastifyInstance> {
  const config = testConfig({ PUBLIC_URL: publicUrl });
  const ctx = { config, database: { kind: 'pglite', query: noDatabase, exec: noDatabase, close: async () => {} }, now: () => new Date() } as unknown as Ctx;
  const app = await buildApp(ctx, { logger: false });
  app.get('/v1/test-explode', { config: { access: 'public' } }, async () => {
    throw new Error('boom');
  });
  await registerWeb(app, fakeDist());
  await app.ready();
  return app;
}

function expectCommon(r: LightMyRequestResponse) {
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  expect(r.headers['x-frame-options']).toBe('DENY');
  expect(r.headers['referrer-policy']).toBe('same-origin');
  expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
}

function expectPage(r: LightMyRequestResponse) {
  expectCommon(r);
  const csp = String(r.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("object-src 'none'");
  expect(r.headers['cache-control']).not.toBe('no-store');
}

function expectApi(r: LightMyRequestResponse) {
  expectCommon(r);
  expect(r.headers['content-security-policy']).toContain("default-src 'none'");
  expect(r.headers['cache-control']).toBe('no-store');
}

describe('security headers (http PUBLIC_URL)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor('http://localhost:3000');
  });
  afterAll(async () => {
    await app.close();
  });

  it('are on the home page and on a deep client-side page', async () => {
    const home = await app.inject('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<div id="root">');
    expectPage(home);
    const deep = await app.inject('/contacts/ct_0123/history?tab=consent');
    expect(deep.statusCode).toBe(200);
    expectPage(deep);
  });

  it('are on static assets, which may be cached', async () => {
    const r = await app.inject('/assets/index-abc123.js');
    expect(r.statusCode).toBe(200);
    expectPage(r);
  });

  it('are on a /v1 answer, which is never cached', async () => {
    const r = await app.inject('/v1/openapi.json');
    expect(r.statusCode).toBe(200);
    expectApi(r);
    const refused = await app.inject('/v1/me');
    expect(refused.statusCode).toBe(401);
    expectApi(refused);
  });

  it('are on 404s, inside and outside /v1', async () => {
    const api = await app.inject('/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expectApi(api);
    const file = await app.inject('/missing.png');
    expect(file.statusCode).toBe(404);
    expectCommon(file);
    const post = await app.inject({ method: 'POST', url: '/nowhere' });
    expect(post.statusCode).toBe(404);
    expectCommon(post);
  });

  it('are on error answers: 500, malformed JSON and a bad URL', async () => {
    const boom = await app.inject('/v1/test-explode');
    expect(boom.statusCode).toBe(500);
    expectApi(boom);
    const malformed = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expectApi(malformed);
    const badUrl = await app.inject('/v1/contacts/%E0%A4%A');
    expect(badUrl.statusCode).toBeGreaterThanOrEqual(400);
    expectApi(badUrl);
  });

  it('send no HSTS over plain http', async () => {
    expect((await app.inject('/')).headers['strict-transport-security']).toBeUndefined();
    expect((await app.inject('/v1/openapi.json')).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers (https PUBLIC_URL)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor('https://text.example.com');
  });
  afterAll(async () => {
    await app.close();
  });

  it('add HSTS to pages, API answers and errors', async () => {
    for (const url of ['/', '/inbox', '/v1/openapi.json', '/v1/nothing-here', '/v1/test-explode']) {
      const r = await app.inject(url);
      expect(r.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
    }
    expect((await app.inject('/')).headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
