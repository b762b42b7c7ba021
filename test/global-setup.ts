/**
 * Vitest global setup: a directory for the whole run, where test/db-snapshot.ts builds the
 * migrated PGlite snapshot; the teardown removes it and drops the PostgreSQL template the run
 * made (found by the run's tag in its name), so nothing of a run outlives it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { compileForChildren, removeCompiled } from './compiled.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The part of a template's name that says which run made it (test/db-snapshot.ts names it). */
export const runTag = (runDir: string) => basename(runDir).replace(/[^a-z0-9]/gi, '').slice(-8).toLowerCase();

/** Drops the PostgreSQL template(s) this run made, if any (a template must be unmarked first). */
async function dropTemplates(tag: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch {
    return; // no PostgreSQL: nothing was made there
  }
  try {
    const { rows } = await c.query<{ name: string }>(`select datname as name from pg_database where datname like 'wm\\_template\\_%\\_' || $1`, [tag]);
    for (const { name } of rows) {
      if (!/^wm_template_[a-z0-9_]+$/.test(name)) continue;
      await c.query(`alter database ${name} with is_template false`);
      await c.query(`drop database ${name} with (force)`);
    }
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject) {
  const runDir = mkdtempSync(join(tmpdir(), 'wm-run-'));
  project.provide('wmRunDir', runDir);
  // Child processes (servers, simulator, peers) run a compiled copy (test/compiled.ts).
  const buildDir = await compileForChildren(runTag(runDir));
  project.provide('wmBuildDir', buildDir);
  return async () => {
    try {
      await dropTemplates(runTag(runDir));
    } finally {
      rmSync(runDir, { recursive: true, force: true });
      removeCompiled(buildDir);
    }
  };
}
