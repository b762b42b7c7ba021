/**
 * Migrated databases to start tests from, built once per test run (never committed: the schema
 * changes). A PGlite start-up from scratch costs an initdb (~4–7 s on 2 cores); loading a data
 * folder that already holds the migrations and the pg-boss schema takes under a second. Tests
 * still run the migrations at start; they find nothing to do, which keeps that path exercised.
 *
 * The first test file that needs one builds it, under a lock in the run directory that
 * test/global-setup.ts creates (so two workers never build it twice, and a run of unit tests
 * alone builds nothing); the global teardown removes both. The PGlite one is also kept between
 * runs (TEST_SNAPSHOT_CACHE, below), so a run of one file usually finds it built.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MemoryFS, PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { MIGRATIONS_DIR, type PgliteFs } from '../src/db/client.js';
import { startServices } from '../src/server.js';

/** The part of a database's name that says which run made it (the global teardown drops them by it). */
export const runTag = (runDir: string) => basename(runDir).replace(/[^a-z0-9]/gi, '').slice(-8).toLowerCase();

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory that lives as long as the test run (test/global-setup.ts). */
    wmRunDir: string;
  }
}

const BUILD_TIMEOUT_MS = 180_000;
let privateRunDir: string | null = null;
let setupRunDir: string | null = null;

/** The global setup (where inject() is not available) names the run's directory itself. */
export function useRunDir(dir: string) {
  setupRunDir = dir;
}

/** The run's directory; without the global setup (another config), one per process. */
function runDir(): string {
  if (setupRunDir) return setupRunDir;
  let dir: string | undefined;
  try {
    dir = inject('wmRunDir');
  } catch {
    dir = undefined;
  }
  return dir ?? (privateRunDir ??= mkdtempSync(join(tmpdir(), 'wm-run-')));
}

/** The tag in the names of this run's PostgreSQL databases (the global teardown drops what is left by it). */
export const databaseTag = () => runTag(runDir());

/**
 * Builds `name` once per run: the first caller takes the lock (an atomic mkdir) and builds; the
 * others wait for its result. A failed build releases the lock so the next caller tries again.
 */
async function oncePerRun(name: string, build: () => Promise<string>): Promise<string> {
  const dir = runDir();
  const done = join(dir, `${name}.done`);
  const lock = join(dir, `${name}.lock`);
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    if (existsSync(done)) return readFileSync(done, 'utf8');
    try {
      mkdirSync(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(`waited ${BUILD_TIMEOUT_MS} ms for another worker to build ${name} (${lock})`);
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const result = await build();
      writeFileSync(`${done}.tmp`, result);
      renameSync(`${done}.tmp`, done);
      return result;
    } catch (err) {
      rmSync(lock, { recursive: true, force: true });
      throw err;
    }
  }
}

/** The configuration the snapshots are built with (the same secrets as testConfig). */
function buildConfig(databaseUrl?: string) {
  return loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-snap-')),
    SECRET_KEY: 'test-secret-key-0123456789-abcdefghijklmnop',
    OPERATOR_TOKEN: 'test-operator-token-0123456789',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
  });
}

/** Starts the real services once (migrations, pg-boss schema and queues), then stops them. */
async function startAndStop(config: ReturnType<typeof buildConfig>, dataDir: string | null) {
  const { ctx, embeddedSimulator } = await startServices(config, { dataDir, schedule: false });
  await embeddedSimulator?.close();
  await ctx.jobs.stop();
  await ctx.database.close();
}

/** Settings written into the snapshot's postgresql.conf (part of the cache key, as this file is). */
const SNAPSHOT_SETTINGS = 'shared_buffers = 16MB';

/**
 * Built PGlite snapshots are kept between runs in TEST_SNAPSHOT_CACHE (default
 * node_modules/.cache/wm-test-pglite; `0` turns it off), under a digest of what they are made of:
 * the migrations, pg-boss and PGlite versions, and the start-up code that builds them. A run of one
 * file then loads it instead of building it (an initdb and every migration: ~12 s of CPU). Start-up
 * runs at every test's start anyway, so a snapshot that missed a change would still be completed.
 */
const SNAPSHOT_CACHE = process.env.TEST_SNAPSHOT_CACHE === '0' ? null : (process.env.TEST_SNAPSHOT_CACHE ?? join(import.meta.dirname, '..', 'node_modules', '.cache', 'wm-test-pglite'));
const CACHE_KEEP = 8; // several checkouts (other migrations) share the cache

function pgliteSnapshotKey(): string {
  const h = createHash('sha256').update(schemaDigest());
  h.update(JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version);
  for (const f of ['test/db-snapshot.ts', 'src/server.ts', 'src/job-registry.ts', 'src/jobs/jobs.ts', 'src/db/client.ts']) {
    const path = join(import.meta.dirname, '..', f);
    h.update(f).update(existsSync(path) ? readFileSync(path) : '');
  }
  return h.digest('hex').slice(0, 16);
}

/** The cached snapshot folder for this key (with its `.tar` beside it), or null. */
function cachedSnapshot(key: string): string | null {
  if (!SNAPSHOT_CACHE) return null;
  const dir = join(SNAPSHOT_CACHE, key, 'pglite');
  if (!existsSync(`${dir}.tar`) || !existsSync(join(SNAPSHOT_CACHE, key, 'complete'))) return null;
  const now = new Date();
  utimesSync(join(SNAPSHOT_CACHE, key), now, now); // the newest used are kept
  return dir;
}

/** Copies a built snapshot into the cache (atomically: a folder renamed into place), keeping the newest few. */
function cacheSnapshot(key: string, dir: string): void {
  if (!SNAPSHOT_CACHE) return;
  try {
    mkdirSync(SNAPSHOT_CACHE, { recursive: true });
    const tmp = mkdtempSync(join(SNAPSHOT_CACHE, `.${key}-`));
    cpSync(dir, join(tmp, 'pglite'), { recursive: true });
    cpSync(`${dir}.tar`, join(tmp, 'pglite.tar'));
    writeFileSync(join(tmp, 'complete'), '');
    try {
      renameSync(tmp, join(SNAPSHOT_CACHE, key));
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another run cached it first
    }
    const entries = readdirSync(SNAPSHOT_CACHE, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => ({ name: e.name, at: statSync(join(SNAPSHOT_CACHE, e.name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const e of entries.slice(CACHE_KEEP)) rmSync(join(SNAPSHOT_CACHE, e.name), { recursive: true, force: true });
  } catch {
    // a cache is an optimisation: a failure to write one changes nothing
  }
}

/** The migrated PGlite data folder of this run (on disk), built on first use (or found in the cache). */
export async function pgliteSnapshotDir(): Promise<string> {
  return oncePerRun('pglite', async () => {
    const key = pgliteSnapshotKey();
    const cached = cachedSnapshot(key);
    const dir = join(runDir(), 'pglite');
    rmSync(dir, { recursive: true, force: true });
    if (cached) {
      // Copied into the run's directory: the cache keeps only the newest few keys, and other
      // checkouts' runs (other migrations) may evict this one while this run still seeds from it.
      try {
        cpSync(cached, dir, { recursive: true });
        cpSync(`${cached}.tar`, `${dir}.tar`);
        return dir;
      } catch {
        rmSync(dir, { recursive: true, force: true }); // evicted meanwhile: build it
      }
    }
    // Every test database starts by loading this folder: keep it small (14 MB instead of 45 MB,
    // a fifth less CPU per start). WAL segments of 1 MB instead of 16 (an initdb setting), and
    // without the template databases, which nothing connects to or copies in PGlite.
    const init = new PGlite(dir, { initDbStartParams: ['--wal-segsize=1'] });
    await init.waitReady;
    await init.close();
    // A test database is small: 16 MB of shared buffers, not initdb's 128 MB. Every start (in-memory
    // from the tarball, or a server process from a copy of the folder) sets up its shared memory,
    // and 128 MB of it was about 0.9 s of a start's ~2 s of CPU (measured 2.2 → 1.2 s per start).
    appendFileSync(join(dir, 'postgresql.conf'), `\n${SNAPSHOT_SETTINGS}\n`);
    await startAndStop(buildConfig(), dir);
    await trimPgliteDir(dir);
    // The same folder as a tarball, for in-memory databases (PGlite's loadDataDir option).
    const copy = new PGlite(dir);
    await copy.waitReady;
    const tar = await copy.dumpDataDir('none');
    await copy.close();
    writeFileSync(`${dir}.tar`, Buffer.from(await tar.arrayBuffer()));
    cacheSnapshot(key, dir);
    return dir;
  });
}

/** Drops the template databases and every WAL segment but the one the last (shutdown) checkpoint is in. */
async function trimPgliteDir(dir: string): Promise<void> {
  const db = new PGlite(dir);
  await db.waitReady;
  for (const name of ['template1', 'template0']) {
    await db.exec(`alter database ${name} is_template false`);
    await db.exec(`drop database ${name}`);
  }
  await db.close(); // a shutdown checkpoint
  const reopened = new PGlite(dir);
  await reopened.waitReady;
  // This close writes one more (small) checkpoint record: in the same segment, or at worst the next.
  const { rows } = await reopened.query<{ redo: string; checkpoint: string; next: string }>(
    `select redo_wal_file as redo, pg_walfile_name(checkpoint_lsn) as checkpoint,
            pg_walfile_name(checkpoint_lsn + pg_size_bytes(current_setting('wal_segment_size'))) as next
     from pg_control_checkpoint()`,
  );
  await reopened.close();
  const keep = new Set([rows[0].redo, rows[0].checkpoint, rows[0].next]);
  // The others are segments recycled ahead of need, or older than the checkpoint: the server makes new ones as it needs.
  for (const f of readdirSync(join(dir, 'pg_wal'))) if (/^[0-9A-F]{24}$/.test(f) && !keep.has(f)) rmSync(join(dir, 'pg_wal', f));
}

let tarball: Blob | null = null;

/** The migrated PGlite data folder as a tarball, for `openPglite(null, { loadDataDir })`. */
export async function pgliteSnapshot(): Promise<Blob> {
  if (!tarball) tarball = new Blob([readFileSync(`${await pgliteSnapshotDir()}.tar`)]);
  return tarball;
}

/** A file or folder of the snapshot's tarball, its path relative to the data folder ("/base/5/1249"). */
export interface TarEntry { path: string; dir: boolean; data: Uint8Array }

/** The entries of a ustar archive as PGlite's dumpDataDir writes it: regular files and folders only. */
export function untar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header[0] === 0) break; // the end-of-archive blocks
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('latin1').replace(/\0[\s\S]*$/, '');
    const name = field(0, 100);
    const prefix = field(345, 155);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
    const path = `/${(prefix ? `${prefix}/${name}` : name).replace(/^\/+|\/+$/g, '')}`;
    at += 512;
    // A plain Uint8Array view (a Buffer's slice() shares its memory; a Uint8Array's copies).
    if (type === '0') entries.push({ path, dir: false, data: new Uint8Array(tar.buffer, tar.byteOffset + at, size) });
    else if (type === '5') entries.push({ path, dir: true, data: new Uint8Array(0) });
    else throw new Error(`the PGlite snapshot's tarball holds an entry of type ${type} (${path}): only files and folders are expected`);
    at += Math.ceil(size / 512) * 512;
  }
  return entries;
}

let snapshotEntries: TarEntry[] | null = null;

interface EmscriptenFs { mkdirTree(path: string): void; writeFile(path: string, data: Uint8Array): void }

/**
 * An in-memory PGlite filesystem that starts holding the migrated snapshot, for `openPglite(null,
 * { fs })`. The same files as PGlite's own `loadDataDir` (the tarball, parsed once per process),
 * written straight into its in-memory filesystem: PGlite's loader looks every file's folders up
 * again and again (4 lookups per file, 1,300 files) and cost ~1.0 s of CPU per database, this
 * ~0.5 s (measured in one process, alternating, steady state: 1,177/990 → 537/463 ms).
 */
export async function pgliteSnapshotFs(): Promise<PgliteFs> {
  snapshotEntries ??= untar(readFileSync(`${await pgliteSnapshotDir()}.tar`));
  const entries = snapshotEntries;
  return new (class SnapshotFS extends MemoryFS {
    override async initialSyncFs(): Promise<void> {
      const mod = (this as unknown as { pg: { Module: { FS: EmscriptenFs; ENV: Record<string, string> } } }).pg.Module;
      const root = mod.ENV.PGDATA;
      if (!root) throw new Error('PGlite set no PGDATA: cannot place the snapshot');
      const made = new Set<string>();
      const folder = (path: string) => {
        if (made.has(path)) return;
        mod.FS.mkdirTree(path);
        made.add(path);
      };
      folder(root);
      for (const e of entries) {
        const path = root + e.path;
        if (e.dir) {
          folder(path);
          continue;
        }
        folder(path.slice(0, path.lastIndexOf('/')));
        mod.FS.writeFile(path, e.data.slice()); // a copy: this database writes to its own, never to the snapshot (test/db-snapshot.test.ts)
      }
    }
  })();
}

/** Fills an empty PGlite data folder (a server's DATA_DIR/pglite) with the migrated snapshot. */
export async function seedPgliteDir(dataDir: string): Promise<void> {
  cpSync(await pgliteSnapshotDir(), dataDir, { recursive: true });
}

/** A digest of everything a migrated database depends on: the migration files and pg-boss. */
function schemaDigest(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      h.update(path.slice(MIGRATIONS_DIR.length));
      if (entry.isDirectory()) walk(path);
      else h.update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_DIR);
  h.update(JSON.parse(readFileSync(new URL('../node_modules/pg-boss/package.json', import.meta.url), 'utf8')).version);
  return h.digest('hex').slice(0, 12);
}

/** `admin` runs one statement on the server's maintenance database. */
async function admin(serverUrl: string, sql: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A migrated PostgreSQL template database of this run, built on first use: `create database x
 * template <it>` copies it. It accepts no connections once built (a copy needs it idle).
 */
export async function postgresTemplate(serverUrl: string): Promise<string> {
  return oncePerRun('postgres-template', async () => {
    const name = `wm_template_${schemaDigest()}_${runTag(runDir())}`; // the global teardown drops it by its run tag
    await admin(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await startAndStop(buildConfig(url.toString()), null);
    await admin(serverUrl, `alter database ${name} with is_template true allow_connections false`);
    return name;
  });
}

/**
 * Copies of the run's template made ahead of need (a `create database … template` takes 0.1–2 s
 * of the server's time, more when the disk is busy): the global setup keeps `size` of them ready
 * in the background, named wm_ready_<run tag>_<n>; a test takes one by renaming it to its own
 * name (atomic: of two workers renaming the same copy, one gets it, the other tries the next).
 */
const readyPattern = () => `wm\\_ready\\_${databaseTag()}\\_%`;

export function keepDatabasesReady(serverUrl: string, size: number): { stop: () => Promise<void> } {
  let stopped = false;
  let wake = () => {};
  const loop = (async () => {
    const template = await postgresTemplate(serverUrl);
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      for (let n = 0; !stopped; ) {
        const { rows } = await c.query<{ n: number }>(`select count(*)::int as n from pg_database where datname like $1`, [readyPattern()]);
        if (rows[0].n < size) {
          await c.query(`create database wm_ready_${databaseTag()}_${n++} template ${template}`);
          continue;
        }
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    } finally {
      await c.end();
    }
  })();
  const settled = loop.catch(() => undefined); // without copies made ahead, tests copy the template themselves
  return {
    stop: async () => {
      stopped = true;
      wake();
      await settled;
    },
  };
}

/** Takes a ready copy of the template under `name`; false when none is ready. */
export async function claimReadyDatabase(client: pg.Client, name: string): Promise<boolean> {
  const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1 order by datname`, [readyPattern()]);
  for (const { datname } of rows) {
    if (!/^wm_ready_[a-z0-9_]+$/.test(datname)) continue;
    try {
      await client.query(`alter database ${datname} rename to ${name}`);
      return true;
    } catch {
      // another worker took it first
    }
  }
  return false;
}
