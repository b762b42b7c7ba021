import { join } from 'node:path';
import { signUpOverHttp, signupBody } from '../test/factories.js';
import { ROOT, benchDatabase, load, postgresReachable, printTable, startServer, writeResult, type Row } from './lib.js';

const MAIN = join(ROOT, 'src', 'main.ts');

export const BENCH_OPERATOR_TOKEN = 'bench-operator-token-0123456789';

/** Signs a business up through the emailed link (the operator outbox) and returns an owner's API key. */
export async function signUpWithKey(base: string, operatorToken = BENCH_OPERATOR_TOKEN) {
  const confirmed = await signUpOverHttp(base, operatorToken, signupBody());
  const cookies = confirmed.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('wm_csrf='))!.split('=')[1];
  const key = await fetch(`${base}/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': decodeURIComponent(csrf) },
    body: JSON.stringify({ name: 'bench' }),
  });
  return ((await key.json()) as { key: string }).key;
}

/** Authenticated GET /v1/me with an API key, beside a bare Fastify route, as a ratio. */
export async function benchAuth() {
  const bare = await startServer(join(ROOT, 'bench', 'servers', 'bare.ts'), {});
  const baseline = await load(`${bare.url}/bare`);
  await bare.stop();
  const rows: Row[] = [{ case: 'bare Fastify route (raw limit)', 'req/s': baseline.reqPerSec, 'p99 ms': baseline.p99, ratio: '1.00', errors: baseline.errors + baseline.non2xx }];
  const results: Record<string, unknown> = { baseline };

  const targets: Array<{ label: string; env: Record<string, string>; drop?: () => Promise<void> }> = [{ label: 'PGlite', env: { OPERATOR_TOKEN: BENCH_OPERATOR_TOKEN } }];
  if (await postgresReachable()) {
    const db = await benchDatabase();
    targets.push({ label: 'PostgreSQL', env: { DATABASE_URL: db.url, SECRET_KEY: 'bench-secret-key-0123456789abcdefghij', OPERATOR_TOKEN: BENCH_OPERATOR_TOKEN }, drop: db.drop });
  }
  for (const t of targets) {
    const server = await startServer(MAIN, t.env);
    let r: Awaited<ReturnType<typeof load>>;
    try {
      const key = await signUpWithKey(server.url);
      r = await load(`${server.url}/v1/me`, { authorization: `Bearer ${key}` });
    } finally {
      // A benchmark that throws must not leave its server running (one did, for an hour).
      await server.stop();
      await t.drop?.();
    }
    results[t.label] = r;
    rows.push({ case: `GET /v1/me, API key, ${t.label}`, 'req/s': r.reqPerSec, 'p99 ms': r.p99, ratio: (r.reqPerSec / baseline.reqPerSec).toFixed(2), errors: r.errors + r.non2xx });
  }
  printTable('Authenticated request (50 connections)', rows);
  writeResult('auth', { rows, results });
}
