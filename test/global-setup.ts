/**
 * Vitest global setup: a directory for the whole run, where test/db-snapshot.ts builds the
 * migrated PGlite snapshot; the teardown removes it and drops the PostgreSQL databases the run
 * made (found by the run's tag in their names), so nothing of a run outlives it.
 *
 * On a run of the whole suite (no file filter, or TEST_PREPARE_DATABASES=1) it also starts the migrated snapshots at once,
 * in this process while the workers start, and keeps copies of the PostgreSQL template ready
 * in the background (test/db-snapshot.ts keepDatabasesReady): tests then take a database
 * instead of waiting for one to be copied.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { compileForChildren, removeCompiled } from './compiled.js';
import { keepDatabasesReady, pgliteSnapshotDir, postgresTemplate, runTag, useRunDir } from './db-snapshot.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Template copies kept ready: a few more than the workers, whose crash tests take two at once. */
const READY_DATABASES = 4;
/** Connections dropping the run's databases at its end. */
const DROPPERS = 6;

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Drops every database this run made: the template(s), unused ready copies and the tests' databases (tests leave theirs
 * to this: test/harness.ts createTestDatabase). A few at once: each drop waits for a forced checkpoint, and drops that
 * wait together share one.
 */
async function dropRunDatabases(tag: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch {
    return; // no PostgreSQL: nothing was made there
  }
  let names: string[];
  try {
    const { rows } = await c.query<{ name: string; template: boolean }>(
      `select datname as name, datistemplate as template from pg_database where datname like 'wm\\_%\\_' || $1 or datname like 'wm\\_%\\_' || $1 || '\\_%'`,
      [tag],
    );
    names = rows.map((r) => r.name).filter((name) => /^wm_(template|ready|test)_[a-z0-9_]+$/.test(name));
    for (const { name, template } of rows) if (template && names.includes(name)) await c.query(`alter database ${name} with is_template false`);
  } finally {
    await c.end();
  }
  const dropper = async () => {
    const d = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
    await d.connect();
    try {
      for (let name = names.pop(); name; name = names.pop()) await d.query(`drop database if exists ${name} with (force)`);
    } finally {
      await d.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(DROPPERS, names.length) }, dropper));
}

export default async function setup(project: TestProject) {
  const runDir = mkdtempSync(join(tmpdir(), 'wm-run-'));
  project.provide('wmRunDir', runDir);
  useRunDir(runDir);
  // Child processes (servers, simulator, peers) run a compiled copy (test/compiled.ts).
  const buildDir = await compileForChildren(runTag(runDir));
  project.provide('wmBuildDir', buildDir);
  const wholeSuite = !(project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern?.length || process.env.TEST_PREPARE_DATABASES === '1';
  const hasPg = wholeSuite && (await postgresReachable());
  // Built here while the workers start (a failed build is retried by the first test that needs it).
  const builds = wholeSuite ? [pgliteSnapshotDir(), ...(hasPg ? [postgresTemplate(PG_URL)] : [])].map((b) => b.catch(() => undefined)) : [];
  const ready = hasPg ? keepDatabasesReady(PG_URL, READY_DATABASES) : null;
  return async () => {
    try {
      await ready?.stop();
      await Promise.all(builds);
      await dropRunDatabases(runTag(runDir));
    } finally {
      rmSync(runDir, { recursive: true, force: true });
      removeCompiled(buildDir);
    }
  };
}
