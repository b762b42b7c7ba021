import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pgliteSnapshotDir, pgliteSnapshotFs, untar } from './db-snapshot.js';

/**
 * The in-memory databases the tests start from (test/db-snapshot.ts pgliteSnapshotFs): the same
 * database as PGlite's own loader makes from the snapshot's tarball, and each its own copy.
 */
describe('PGlite snapshot filesystem', () => {
  const catalog = `select md5(string_agg(relname || ':' || relfilenode, ',' order by oid)) as relations,
    (select count(*)::int from drizzle.__drizzle_migrations) as migrations,
    (select md5(string_agg(name, ',' order by name)) from pgboss.queue) as queues from pg_class`;

  it('holds every file of the tarball and gives the database PGlite loads from it', async () => {
    const tar = readFileSync(`${await pgliteSnapshotDir()}.tar`);
    const entries = untar(tar);
    expect(entries.filter((e) => !e.dir).length).toBeGreaterThan(500);
    expect(entries.some((e) => e.path === '/PG_VERSION')).toBe(true);
    const theirs = new PGlite('memory://', { loadDataDir: new Blob([tar]) });
    const ours = new PGlite({ fs: await pgliteSnapshotFs() });
    try {
      const [a, b] = [(await theirs.query(catalog)).rows, (await ours.query(catalog)).rows];
      expect(b).toEqual(a);
      expect((b[0] as { migrations: number }).migrations).toBeGreaterThan(0);
    } finally {
      await Promise.all([theirs.close(), ours.close()]);
    }
  }, 180_000); // the first may build the run's snapshot (an initdb and every migration) on a loaded machine

  it('gives each database its own copy: what one writes, the others and later ones never see', async () => {
    const one = new PGlite({ fs: await pgliteSnapshotFs() });
    const two = new PGlite({ fs: await pgliteSnapshotFs() });
    try {
      await one.exec(`create table snapshot_probe (x int); insert into snapshot_probe select generate_series(1, 5000); checkpoint`);
      const later = new PGlite({ fs: await pgliteSnapshotFs() });
      try {
        for (const db of [two, later]) expect((await db.query(`select to_regclass('snapshot_probe') as t`)).rows).toEqual([{ t: null }]);
      } finally {
        await later.close();
      }
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  }, 60_000);
});
