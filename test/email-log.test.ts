import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { newUuid } from '../src/lib/ids.js';
import { purgeEmailLog } from '../src/modules/email/email.service.js';
import { jobDefinitions } from '../src/job-registry.js';

const DAY = 86_400_000;

/**
 * The outgoing email log (`emails`) is kept EMAIL_LOG_DAYS after each mail went (sent over SMTP or
 * into the operator outbox); mail still waiting for its delivery stays, mail whose delivery gave up
 * long ago goes. Set to 7 days here, so the test also shows the setting is read.
 */
describeEachDb('email log retention', (use) => {
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await use().ctx.database.query<T>(text, params)).rows;

  /** Runs `work` with the service clock moved forward by `days` (the database's own clock stays). */
  async function at<T>(env: TestEnv, days: number, work: () => Promise<T>): Promise<T> {
    const real = env.ctx.now;
    env.ctx.now = () => new Date(real().getTime() + days * DAY);
    try {
      return await work();
    } finally {
      env.ctx.now = real;
    }
  }

  /** A row of the log, `createdDays`/`sentDays` days ago (null: not sent). */
  async function mail(to: string, status: string, createdDays: number, sentDays: number | null) {
    const id = newUuid();
    await q(
      `insert into emails (id, "to", subject, text, status, created_at, sent_at) values ($1, $2, 'Hello', 'body', $3, now() - make_interval(secs => $4::float8), case when $5::float8 is null then null else now() - make_interval(secs => $5::float8) end)`,
      [id, to, status, createdDays * 86_400, sentDays === null ? null : sentDays * 86_400],
    );
    return id;
  }
  const left = async (ids: string[]) => (await q<{ id: string }>(`select id from emails where id = any($1::uuid[]) order by id`, [ids])).map((r) => r.id).sort();

  it('deletes mail EMAIL_LOG_DAYS after it went, keeps mail still queued, drops mail whose delivery gave up, in batches', async () => {
    const env = use();
    expect(env.config.emailLogDays).toBe(7);
    const oldOutbox = await mail('old-outbox@example.com', 'outbox', 9, 9);
    const oldSent = await mail('old-sent@example.com', 'sent', 8, 8);
    const lateSent = await mail('late-sent@example.com', 'sent', 12, 3); // waited long for SMTP, went 3 days ago
    const recent = await mail('recent@example.com', 'sent', 1.5, 1.5);
    const waiting = await mail('waiting@example.com', 'queued', 0, null);
    const gaveUp = await mail('gave-up@example.com', 'queued', 8, null); // its job's retries ended days ago
    const all = [oldOutbox, oldSent, lateSent, recent, waiting, gaveUp];

    expect(await purgeEmailLog(env.ctx, 1)).toBe(3); // a batch of one: the loop takes them all
    expect(await left(all)).toEqual([lateSent, recent, waiting].sort());
    expect(await purgeEmailLog(env.ctx)).toBe(0);

    // 5 days on: the late one went 8 days before; the recent one 6.5 days (not yet).
    expect(await at(env, 5, () => purgeEmailLog(env.ctx))).toBe(1);
    expect(await left(all)).toEqual([recent, waiting].sort());
    // 8 days on: the recent one goes, and the queued one made at the start has waited 8 days: its delivery gave up long ago.
    await at(env, 8, () => purgeEmailLog(env.ctx));
    expect(await left(all)).toEqual([]);
  });

  it('runs daily as a scheduled job', () => {
    const def = jobDefinitions(use().ctx).find((d) => d.name === 'email.purge_log');
    expect(def?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });
}, { EMAIL_LOG_DAYS: '7' });
