// Finding 7 of issue 7: the app's log lines never carry password hashes, tokens or phone numbers,
// even when a route fails with a database error that holds the statement's bound values.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { describeEachDb } from './harness.js';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE';
const PHONE = '+14155550134';
const TOKEN = 'Qm9uam91ci1sZS1tb25kZS1jZWNpLWVzdC11bi10b2tlbjEy';
const SECRETS = ['argon2id$v', 'Zm9vYmFyYmF6', '4155550134', TOKEN, 'wm_live'];

describeEachDb('log lines', (use) => {
  async function appWithCapturedLog(): Promise<{ app: FastifyInstance; text: () => string }> {
    const { ctx } = use();
    const lines: string[] = [];
    const app = await buildApp({ ...ctx, config: { ...ctx.config, logLevel: 'info' } }, { logStream: { write: (s: string) => void lines.push(s) } });
    // A failing statement through Drizzle (DrizzleQueryError wrapping the driver's error) …
    app.post('/v1/test-drizzle-fail', { config: { access: 'public' } }, async () => {
      await ctx.db.execute(sql`select ${HASH}::int as n, ${PHONE}::text as phone`);
      return {};
    });
    // … and through the raw query path, whose error object carries `query` and `params`.
    app.post('/v1/test-raw-fail', { config: { access: 'public' } }, async () => {
      await ctx.database.query('select $1::int as n, $2::int as m', [HASH, PHONE]);
      return {};
    });
    app.get('/v1/test-log-phone', { config: { access: 'public' }, schema: { querystring: z.object({ to: z.string(), limit: z.string() }) } }, async (request) => {
      request.log.info({ to: PHONE, body: { password: 'hunter2-hunter2' } }, `sending to ${PHONE}`);
      return { ok: true };
    });
    await app.ready();
    return { app, text: () => lines.join('') };
  }

  it('logs a 500 from a failed query without the hash or the number it was given', async () => {
    const { app, text } = await appWithCapturedLog();
    for (const url of ['/v1/test-drizzle-fail', '/v1/test-raw-fail']) {
      const r = await app.inject({ method: 'POST', url });
      expect(r.statusCode, url).toBe(500);
    }
    await app.close();
    const out = text();
    const errors = out.split('\n').filter((l) => l.includes('"unhandled error"')).map((l) => JSON.parse(l));
    expect(errors).toHaveLength(2);
    // The lines still say what went wrong.
    expect(errors[0].err.message).toMatch(/^Failed query: select \$1::int/);
    expect(JSON.stringify(errors[1].err)).toMatch(/invalid input syntax for type integer/);
    expect(errors[1].err.code).toBe('22P02');
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).not.toContain('"params"');
  });

  it('logs request URLs without tokens and messages without phone numbers or passwords', async () => {
    const { app, text } = await appWithCapturedLog();
    const lookup = await app.inject({ url: `/v1/invitations/lookup?token=${TOKEN}`, headers: { authorization: 'Bearer wm_live_abcdefghijklmnopqrstuvwxyz012345', cookie: `wm_session=${TOKEN}` } });
    expect(lookup.statusCode).toBeLessThan(500);
    expect((await app.inject(`/v1/test-log-phone?to=${encodeURIComponent(PHONE)}&limit=5`)).statusCode).toBe(200);
    await app.close();
    const out = text();
    expect(out).toContain('/v1/invitations/lookup?token=[redacted]');
    expect(out).toContain('/v1/test-log-phone?to=[redacted]&limit=5');
    expect(out).toContain('sending to +*********34');
    for (const secret of [...SECRETS, 'hunter2']) expect(out).not.toContain(secret);
  });
});
