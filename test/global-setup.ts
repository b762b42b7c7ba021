/**
 * Vitest global setup: a directory for the whole run, where test/db-snapshot.ts builds the
 * migrated PGlite snapshot and records the PostgreSQL template it made; the teardown removes
 * both, so nothing of a run outlives it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function dropTemplate(name: string): Promise<void> {
  if (!/^wm_template_[a-z0-9_]+$/.test(name)) throw new Error(`not a test template: ${name}`);
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    const { rows } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!rows.length) return;
    await c.query(`alter database ${name} with is_template false`);
    await c.query(`drop database ${name} with (force)`);
  } finally {
    await c.end();
  }
}

export default function setup(project: TestProject) {
  const runDir = mkdtempSync(join(tmpdir(), 'wm-run-'));
  project.provide('wmRunDir', runDir);
  return async () => {
    const done = join(runDir, 'postgres-template.done');
    try {
      if (existsSync(done)) await dropTemplate(readFileSync(done, 'utf8'));
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  };
}
