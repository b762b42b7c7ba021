import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { startJobs } from '../src/jobs/jobs.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { signUp } from './factories.js';
import { withTx } from '../src/db/tx.js';
import { changeStatuses } from '../src/modules/messaging/status.service.js';
import { fromPublicId } from '../src/lib/ids.js';

const METRICS_TOKEN = 'metrics-token-0123456789-abcdef';

/**
 * GET /metrics (issue 13): scraped with the token and read with a Prometheus text-format parser
 * we did not write (parse-prometheus-text-format); the figures move after scripted traffic.
 */
describeEachDb('Prometheus /metrics', (use) => {
  const scrape = async (env: TestEnv) => {
    const r = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: r.body, families: parsePrometheusTextFormat(r.body) };
  };
  const family = (families: ParsedFamily[], name: string) => {
    const f = families.find((x) => x.name === name);
    if (!f) throw new Error(`no metric family ${name}`);
    return f;
  };
  /** The value of a counter or gauge sample whose labels include `labels` (0 when there is none yet). */
  const value = (families: ParsedFamily[], name: string, labels: Record<string, string> = {}) => {
    const sample = family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return sample ? Number(sample.value) : 0;
  };
  /**
   * A labelled histogram's `_count` for one series. The parser folds labelled histogram series
   * into one (it keeps only unlabelled `_count`/`_sum`), so the family is checked with it and the
   * series' count read from its own sample line.
   */
  const histogramCount = (text: string, name: string, labels: Record<string, string>) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}_count{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  it('is off without METRICS_TOKEN (404) and refuses a missing or wrong token (401)', async () => {
    const env = use();
    const off = await buildApp({ ...env.ctx, config: { ...env.ctx.config, metricsToken: null } }, { logger: false });
    try {
      const r = await off.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect([r.statusCode, r.json().error.code]).toEqual([404, 'not_found']);
    } finally {
      await off.close();
    }
    const none = await env.app.inject({ method: 'GET', url: '/metrics' });
    expect([none.statusCode, none.json().error.code]).toEqual([401, 'unauthenticated']);
    const wrong = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('wm_');
  });

  it('reports HTTP latency, queue depth, dispatch, carrier errors, webhook backlog and job failures that move with traffic', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0, undeliveredRate: 0 });
    const before = await scrape(env);
    const { client } = await signUp(env.app);
    expect((await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).statusCode).toBe(201);

    // Queue depth: three texts queued, nothing dispatched yet.
    for (const to of ['+1 415 555 0161', '+1 415 555 0162', '+1 415 555 0163']) {
      expect((await client.post('/v1/messages', { to, body: 'Your table is ready.' })).statusCode).toBe(201);
    }
    const queued = await scrape(env);
    expect(value(queued.families, 'wm_messages_waiting', { status: 'queued' })).toBeGreaterThanOrEqual(value(before.families, 'wm_messages_waiting', { status: 'queued' }) + 3);
    // HTTP latency: the sends are in the histogram under their route template and status class.
    expect(family(queued.families, 'wm_http_request_duration_seconds').type).toBe('HISTOGRAM');
    const series = { route: '/v1/messages', method: 'POST', status_class: '2xx' };
    expect(histogramCount(queued.text, 'wm_http_request_duration_seconds', series) - histogramCount(before.text, 'wm_http_request_duration_seconds', series)).toBe(3);
    expect(queued.text).toMatch(/wm_http_request_duration_seconds_bucket\{le="\+Inf",route="\/v1\/messages",method="POST",status_class="2xx"\} \d+/);

    // Dispatch: the three are sent; then one more comes back undelivered with the carrier's code.
    await settle(env);
    await env.sim.settings({ latencyMs: 0, undeliveredRate: 1 });
    expect((await client.post('/v1/messages', { to: '+1 415 555 0164', body: 'Your table is ready.' })).statusCode).toBe(201);
    await settle(env);
    await env.sim.settings({ latencyMs: 0, undeliveredRate: 0 });
    const { rows: [undelivered] } = await env.ctx.database.query<{ error_code: string }>(`select error_code from messages where "to" = '+14155550164' and status = 'undelivered'`);
    expect(undelivered?.error_code).toBeTruthy();

    // Webhook backlog: a test delivery to an endpoint no worker serves here stays pending.
    env.ctx.config.webhooks.allowedHosts = ['127.0.0.1'];
    const hook = (await client.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook' })).json();
    expect((await client.post(`/v1/webhook-endpoints/${hook.id}/test`)).json()).toMatchObject({ status: 'pending' });

    // Job failures: a queue whose handler throws.
    // …and logged with its queue (an import failing on our side logged nothing before).
    const logged: Array<[unknown, string]> = [];
    const jobs = await startJobs(env.ctx.database, [{ name: 'test.metrics-fail', retryLimit: 0, handler: async () => { throw new Error('scripted failure'); } }], { error: (o: unknown, m?: string) => void logged.push([o, m ?? '']), info: () => {} } as never, { schedule: false, pollMs: 600_000 });
    try {
      await jobs.work();
      await jobs.send('test.metrics-fail', {});
      await expect.poll(async () => value((await scrape(env)).families, 'wm_jobs', { queue: 'test.metrics-fail', state: 'failed' }), { timeout: 30_000 }).toBe(1);
      expect(logged).toContainEqual([expect.objectContaining({ queue: 'test.metrics-fail', err: expect.objectContaining({ message: 'scripted failure' }) }), 'job failed']);
    } finally {
      await jobs.stop();
    }

    const after = await scrape(env);
    const moved = (name: string, labels: Record<string, string> = {}) => value(after.families, name, labels) - value(before.families, name, labels);
    expect(moved('wm_messages_sent_total')).toBeGreaterThanOrEqual(4);
    expect(moved('wm_carrier_errors_total', { code: undelivered.error_code })).toBeGreaterThanOrEqual(1);
    expect(value(after.families, 'wm_messages_waiting', { status: 'queued' })).toBe(0);
    expect(moved('wm_webhook_deliveries_pending')).toBeGreaterThanOrEqual(1);
    expect(moved('wm_job_failures_total', { queue: 'test.metrics-fail' })).toBeGreaterThanOrEqual(1);
    for (const [name, type] of [['wm_messages_sent_total', 'COUNTER'], ['wm_carrier_errors_total', 'COUNTER'], ['wm_job_failures_total', 'COUNTER'], ['wm_messages_waiting', 'GAUGE'], ['wm_webhook_deliveries_pending', 'GAUGE'], ['wm_jobs', 'GAUGE']]) {
      expect(family(after.families, name).type).toBe(type);
    }
  });

  it('counts a carrier outcome once its transaction committed, never one a rollback undid', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    expect((await client.post('/v1/numbers', { provider: 'simulator' })).statusCode).toBe(201);
    const sent = await client.post('/v1/messages', { to: '+1 646 555 0199', body: 'Counted once', sendAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(sent.statusCode, sent.body).toBe(201);
    const id = fromPublicId('message', sent.json().id)!;
    const { rows: [{ account_id: accountId, status }] } = await env.ctx.database.query<{ account_id: string; status: string }>('select account_id, status from messages where id = $1', [id]);
    expect(status).toBe('scheduled');
    const failedWith = async () => value((await scrape(env)).families, 'wm_carrier_errors_total', { code: '30003' });
    const before = await failedWith();
    const change = { id, accountId, from: 'scheduled' as const, to: 'failed' as const, errorCode: '30003' };
    // Applied, then rolled back (e.g. a deadlock later in the same recording transaction): nothing counted.
    await expect(withTx(env.ctx.db, async (tx) => {
      expect(await changeStatuses(tx, [change], 'carrier')).toHaveLength(1);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await failedWith()).toBe(before);
    // In a savepoint of a transaction that commits: counted once, after the commit.
    await withTx(env.ctx.db, (tx) => withTx(tx, async (sp) => { expect(await changeStatuses(sp, [change], 'carrier')).toHaveLength(1); }));
    expect(await failedWith()).toBe(before + 1);
  });
}, { METRICS_TOKEN, CONNECTION_FAILURE_THRESHOLD: '1000' }, { simulator: true });
