#!/usr/bin/env node
// `npm test`: says which databases and browser the suite will use, builds the web app for the
// browser tests, runs vitest, prints the wall time ("time: 3m12s …") and ends with one plain line:
// "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { webIsStale } from './start.mjs';

const started = Date.now();
const root = new URL('..', import.meta.url).pathname;
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

async function postgresReachable() {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const hasPg = await postgresReachable();
const problems = [];
if (!hasPg && process.env.REQUIRE_POSTGRES === '1') problems.push(`REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${pgUrl}`);
if (!chromium && process.env.REQUIRE_BROWSER === '1') problems.push('REQUIRE_BROWSER=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
if (problems.length) {
  for (const p of problems) console.error(`error: ${p}`);
  process.exit(1);
}
console.log(`database tests: PGlite${hasPg ? ` and PostgreSQL (${pgUrl.replace(/\/\/[^@]*@/, '//')})` : ' only — SKIPPING PostgreSQL: none reachable (set TEST_DATABASE_URL)'}`);
console.log(chromium ? `browser tests: ${chromium}` : 'browser tests: SKIPPED — no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');

// Boundaries first (two seconds): routes never import repos, modules never another module's repo, no file cycles…
const boundaries = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src', 'web/src', 'scripts', 'bench'], { cwd: root, stdio: 'inherit' });
if (boundaries.status !== 0) {
  console.log('tests: 0 passed, 1 failed (dependency rules in .dependency-cruiser.cjs violated; see above)');
  process.exit(1);
}

if (chromium && webIsStale()) {
  console.log('building the web app for the browser tests…');
  const types = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-api-types.mjs', '--check'], { cwd: root, stdio: 'inherit' });
  if (types.status !== 0) process.exit(types.status ?? 1);
  const b = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const report = join(mkdtempSync(join(tmpdir(), 'wm-vitest-')), 'report.json');
const env = { ...process.env, ...(chromium ? { CHROMIUM_PATH: chromium } : {}) };
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env });

let summary = 'tests: 0 passed, 1 failed (vitest wrote no report)';
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
}
const seconds = (Date.now() - started) / 1000;
const whole = Math.round(seconds);
console.log(`time: ${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s (${seconds.toFixed(1)} s wall clock, whole npm test)`);
console.log(summary); // stays the last line, alone
process.exit(run.status ?? 1);
