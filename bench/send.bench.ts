import { join } from 'node:path';
import autocannon from 'autocannon';
import { ROOT, benchDatabase, postgresReachable, printTable, startServer, writeResult, type Row } from './lib.js';
import { signUpWithKey } from './auth.bench.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

/** Each request to another recipient (as real traffic is), so no two contend for one conversation. */
async function post(url: string, headers: Record<string, string>, body: (i: number) => object) {
  let i = 0;
  const opts = {
    url, connections: 50, duration: SECONDS,
    requests: [{ method: 'POST' as const, headers: { 'content-type': 'application/json', ...headers }, setupRequest: (req: object) => ({ ...req, body: JSON.stringify(body(i++)) }) }],
  };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon(opts);
  return { reqPerSec: Math.round(r.requests.average), p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** POST /v1/messages with an API key, beside a bare Fastify route doing one INSERT. */
export async function benchSend() {
  if (!(await postgresReachable())) {
    console.log('send benchmark skipped: no PostgreSQL');
    return;
  }
  const db = await benchDatabase();
  const env = { DATABASE_URL: db.url, SECRET_KEY: 'bench-secret-key-0123456789abcdefghij', OPERATOR_TOKEN: 'bench-operator-token-0123456789', ROLE: 'api' };
  const bare = await startServer(join(ROOT, 'bench', 'servers', 'bare-insert.ts'), { DATABASE_URL: db.url });
  const baseline = await post(`${bare.url}/bare-insert`, {}, (i) => ({ body: `Your code is ${i}` }));
  await bare.stop();
  const server = await startServer(join(ROOT, 'src', 'main.ts'), env);
  const key = await signUpWithKey(server.url);
  await fetch(`${server.url}/v1/numbers`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'simulator', mps: 100000 }) });
  const send = await post(`${server.url}/v1/messages`, { authorization: `Bearer ${key}` }, (i) => ({ to: `+1646${String(2000000 + (i % 7000000)).padStart(7, '0')}`, body: `Your code is ${i}` }));
  await server.stop();
  await db.drop();
  const rows: Row[] = [
    { case: 'bare Fastify route, one INSERT (raw limit)', 'req/s': baseline.reqPerSec, 'p99 ms': baseline.p99, ratio: '1.00', errors: baseline.errors },
    { case: 'POST /v1/messages, API key (PostgreSQL, api role)', 'req/s': send.reqPerSec, 'p99 ms': send.p99, ratio: (send.reqPerSec / baseline.reqPerSec).toFixed(2), errors: send.errors },
  ];
  printTable('Send API (50 connections; the message is queued, the dispatcher is not running)', rows);
  writeResult('send', { table: rows, results: { baseline, send } });
}
