import { expect, it } from 'vitest';
import { openApiDocumentOf } from '../src/http/openapi.js';
import { inQueryGuardScope } from '../src/http/query-guard.js';
import { describeEachDb } from './harness.js';
import { Client, signUp } from './factories.js';

type Doc = { paths: Record<string, Record<string, unknown>> };

describeEachDb('unknown query parameters', (use) => {
  it('every GET route of the OpenAPI document under /v1 (and the probes) refuses a parameter it does not take: 400 unknown_parameter naming it', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    const api = new Client(app, (await client.post('/v1/api-keys', { name: 'walker' })).json().key);
    const doc = openApiDocumentOf(app) as Doc;
    const gets = Object.entries(doc.paths).filter(([, item]) => item.get).map(([path]) => path);
    // Public pages (join, privacy requests, media fetched by carriers) are documented too, and take what their links carry.
    expect(gets.filter((p) => !inQueryGuardScope(p))).toEqual(['/media/{account}/{id}/{token}', '/join/{slug}', '/privacy/{slug}']);
    expect(gets.filter(inQueryGuardScope).length).toBeGreaterThan(80);
    const accepted: string[] = [];
    for (const path of gets.filter(inQueryGuardScope)) {
      const url = path.replace(/\{[^}]+\}/g, 'x1');
      const r = await api.get(`${url}?zz_unknown=1`);
      if (r.statusCode !== 400 || r.json().error?.code !== 'unknown_parameter') {
        accepted.push(`${path} → ${r.statusCode} ${r.body.slice(0, 120)}`);
        continue;
      }
      expect(r.json().error.details.parameters, path).toEqual(['zz_unknown']);
    }
    expect(accepted).toEqual([]);
  });

  it('?q= on contacts is refused (it used to list everyone); known parameters still work; several unknown are all named', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    const q = await client.get('/v1/contacts?q=ann');
    expect(q.statusCode).toBe(400);
    expect(q.json().error).toMatchObject({ code: 'unknown_parameter', details: { parameters: ['q'] } });
    expect(q.json().error.details.accepted).toContain('query');
    expect((await client.get('/v1/contacts?query=ann&limit=5')).statusCode).toBe(200);
    const two = await client.get('/v1/contacts?limit=5&foo=1&bar=2');
    expect(two.json().error.details.parameters).toEqual(['foo', 'bar']);
    // A route without a querystring schema takes none.
    const none = await client.get('/v1/me?debug=1');
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({ code: 'unknown_parameter', details: { parameters: ['debug'], accepted: [] } });
    expect((await app.inject({ method: 'GET', url: '/healthz?x=1' })).statusCode).toBe(400);
  });

  it('writes refuse unknown parameters too, and nothing is changed', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    const r = await client.post('/v1/api-keys?dryRun=true', { name: 'should not exist' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('unknown_parameter');
    expect((await client.get('/v1/api-keys')).json().data).toEqual([]);
  });

  it('pages, carrier webhooks and the Twilio-compatible prefix are not held to it (their callers add parameters of their own)', async () => {
    const { app } = use();
    for (const [method, url] of [
      ['GET', '/join/no-such-page?utm_source=newsletter'],
      ['GET', '/l/abcdef?utm_campaign=x'],
      ['POST', '/webhooks/twilio/not-a-token/status?extra=1'],
      ['GET', '/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json?PageSize=1&Whatever=1'],
    ] as const) {
      const r = await app.inject({ method, url, payload: method === 'POST' ? 'MessageSid=SM1' : undefined, headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {} });
      expect(r.body, `${method} ${url}`).not.toContain('unknown_parameter');
    }
  });
});
