import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { migrateDatabase, openPglite, pgliteLockFile } from '../src/db/client.js';
import { queueEmail } from '../src/modules/email/email.service.js';
import { describeEachDb } from './harness.js';
import { seedPgliteDir } from './db-snapshot.js';

describeEachDb('data layer', (use) => {
  it('maps int8, date, timestamptz, arrays and json the same way on both drivers', async () => {
    const { ctx } = use();
    const { rows } = await ctx.database.query<Record<string, unknown>>(
      `select 9007199254740991::int8 as big, count(*) as n, date '2026-11-01' as d, timestamptz '2026-11-01T12:00:00Z' as t,
              array['a','b']::text[] as arr, '{"k":[1,2]}'::jsonb as j, null::text as nothing from (values (1),(2)) v(x)`,
    );
    expect(rows[0]).toEqual({
      big: 9007199254740991, n: 2, d: '2026-11-01', t: new Date('2026-11-01T12:00:00Z'), arr: ['a', 'b'], j: { k: [1, 2] }, nothing: null,
    });
  });

  it('round-trips bytea as a Buffer on both drivers, a large one too', async () => {
    const { ctx } = use();
    const big = Uint8Array.from({ length: 1024 * 1024 + 3 }, (_, i) => (i * 7919) % 256);
    const { rows } = await ctx.database.query<{ b: Buffer; small: Buffer; n: number }>(
      `select $1::bytea as b, '\\x00ff10'::bytea as small, length($1::bytea) as n`, [big],
    );
    expect(rows[0].n).toBe(big.length);
    expect(Buffer.isBuffer(rows[0].b) && Buffer.compare(rows[0].b, Buffer.from(big))).toBe(0);
    expect(rows[0].small).toEqual(Buffer.from([0, 255, 16]));
  });

  it('queues a job in the same transaction as its row: a rollback drops both', async () => {
    const { ctx } = use();
    const count = async () => (await ctx.database.query<{ n: number }>(`select count(*) n from pgboss.job where name = 'email.deliver'`)).rows[0].n;
    const before = await count();
    await expect(
      withTx(ctx.db, async (tx) => {
        await queueEmail(ctx, tx, { accountId: null, to: 'rollback@example.com', subject: 's', text: 't' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(before);
    expect((await ctx.database.query(`select * from emails where "to" = 'rollback@example.com'`)).rows).toHaveLength(0);
    await withTx(ctx.db, (tx) => queueEmail(ctx, tx, { accountId: null, to: 'commit@example.com', subject: 's', text: 't' }));
    expect(await count()).toBe(before + 1);
  });

  it('delivers queued email through the worker into the outbox when no SMTP is configured', async () => {
    const { ctx } = use();
    await ctx.jobs.work();
    await withTx(ctx.db, (tx) => queueEmail(ctx, tx, { accountId: null, to: 'worker@example.com', subject: 'Hi', text: 'Body' }));
    let status = '';
    for (let i = 0; i < 100 && status !== 'outbox'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await ctx.database.query<{ status: string }>(`select status from emails where "to" = 'worker@example.com'`)).rows[0].status;
    }
    expect(status).toBe('outbox');
  });

  it('applies migrations idempotently', async () => {
    const { ctx } = use();
    await migrateDatabase(ctx.database);
    const { rows } = await ctx.database.query<{ n: number }>(`select count(*) n from policy_documents`);
    expect(rows[0].n).toBe(2);
  });
});

it('PGlite keeps its data in DATA_DIR across a restart', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wm-pglite-')), 'pglite');
  await seedPgliteDir(dir); // the run's migrated snapshot: a start from scratch is process.test's
  const first = await openPglite(dir);
  await migrateDatabase(first); // finds nothing to do
  await first.query(`insert into accounts (id, name) values ('019a0000-0000-7000-8000-0000000000aa', 'Persisted Co')`);
  await first.close();
  const second = await openPglite(dir);
  await migrateDatabase(second);
  const { rows } = await second.query<{ name: string }>(`select name from accounts`);
  await second.close();
  expect(rows).toEqual([{ name: 'Persisted Co' }]);
}, 60_000);

// PGlite takes no lock of its own: two openers of one data folder (a second `npm start` on the same
// DATA_DIR, `npm run dev` beside `npm start`) both write it and corrupt it (electric-sql/pglite#1106).
it('PGlite: a data folder held open is refused to a second opener, which names the holder; a lock left by a dead process is taken over', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wm-pglite-lock-')), 'pglite');
  await seedPgliteDir(dir);
  const first = await openPglite(dir);
  try {
    expect(readFileSync(pgliteLockFile(dir), 'utf8').trim().split(' ')[0]).toBe(String(process.pid));
    await expect(openPglite(dir)).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
  } finally {
    await first.close();
  }
  expect(existsSync(pgliteLockFile(dir))).toBe(false); // released on close
  // A process killed with the folder open (SIGKILL, a power cut) leaves its lock behind: its process is gone.
  writeFileSync(pgliteLockFile(dir), '2147483646\n');
  const again = await openPglite(dir);
  await again.close();
}, 60_000);

// Process ids are reused: after a crash (or a container restart) the id in a stale lock may belong to
// another live process. The lock records its holder's start time too; a live process with that id but
// another start time is not the holder.
it('PGlite: a lock naming a live process that started at another time (its id reused) is taken over; the holder itself is refused', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wm-pglite-lock-')), 'pglite');
  await seedPgliteDir(dir);
  const other = process.ppid; // alive for the whole test
  const started = readFileSync(`/proc/${other}/stat`, 'utf8').split(') ')[1].split(' ')[19];
  writeFileSync(pgliteLockFile(dir), `${other} ${Number(started) + 12345}\n`);
  const db = await openPglite(dir);
  try {
    const [pid, start] = readFileSync(pgliteLockFile(dir), 'utf8').trim().split(' ');
    expect(Number(pid)).toBe(process.pid);
    expect(start).toBe(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[19]);
  } finally {
    await db.close();
  }
  writeFileSync(pgliteLockFile(dir), `${other} ${started}\n`);
  await expect(openPglite(dir)).rejects.toThrow(new RegExp(`in use by process ${other}`));
}, 60_000);

// The lock file is created first and its process id written after: an opener that finds it empty
// in between (two servers started at once on one DATA_DIR) must not take it for a dead process's.
it('PGlite: a lock file just created, its holder id not yet written, is not taken over', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'wm-pglite-lock-')), 'pglite');
  await seedPgliteDir(dir);
  writeFileSync(pgliteLockFile(dir), '');
  await expect(openPglite(dir)).rejects.toThrow(/in use/);
  expect(readFileSync(pgliteLockFile(dir), 'utf8')).toBe(''); // left to its holder
  // One left empty long ago (a process killed between creating and writing it) is stale.
  utimesSync(pgliteLockFile(dir), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const db = await openPglite(dir);
  await db.close();
}, 60_000);
