import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { ensurePrivateDir, tightenTree } from '../lib/private-dir.js';
import { lockHolderRuns, ownLockText } from '../lib/process-identity.js';

export type Schema = typeof schema;
/** The Drizzle handle, the same type on both drivers; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<{ rows: T[] }>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** A raw parameterised query on the shared connection/pool, rows mapped like Drizzle's. */
  query: RawQuery;
  /**
   * `query` as a named prepared statement on PostgreSQL (each pooled connection parses and plans
   * `text` once, then only binds): for hot statements whose text never changes. PGlite: a plain query.
   */
  prepared: <T = Record<string, unknown>>(name: string, text: string, params?: unknown[]) => Promise<{ rows: T[] }>;
  /** Runs a multi-statement script without parameters (pg-boss migrations need this on PGlite). */
  exec(text: string): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
  connectionString?: string;
}

/** The lock file of a PGlite data folder: beside it (DATA_DIR/pglite.pid), holding its opener's process id. */
export const pgliteLockFile = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.pid`;

/** Another process (or another open in this one) holds the embedded database's folder. */
export class DataDirInUseError extends Error {}

/** Lock files this process holds: a second open in the same process is refused too. */
const heldLocks = new Set<string>();

/** How long ago a file was last written (0 when it is gone). */
function lockAgeMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/**
 * Takes the data folder's lock (a file created exclusively, holding this process's id) or throws
 * DataDirInUseError naming the holder. PGlite takes no lock of its own: two processes on one folder
 * (a second `npm start` on the same DATA_DIR, `npm run dev` beside `npm start`) both write it, and
 * it ends up unreadable. A lock whose process is gone (killed, a power cut), or that names this
 * process without its holding it (a container restarted with the same pid), or whose id a live
 * process that started at another time now has (ids are reused: the lock records its holder's start
 * time), is taken over; one with no id yet (created, its holder about to write it) only once it is 10 s old.
 * Returns the release (on close, and at exit).
 */
function lockPgliteDir(dataDir: string): () => void {
  const file = pgliteLockFile(dataDir);
  const inUse = (pid: number) => new DataDirInUseError(
    `The embedded database ${dataDir} is in use by process ${pid} (another West Message server on the same DATA_DIR?). `
    + `Stop that process first: two processes writing one database corrupt it. If no such process runs, delete ${file}.`,
  );
  if (heldLocks.has(file)) throw inUse(process.pid);
  const ownText = ownLockText();
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, ownText, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    let holder = NaN;
    let started: string | undefined;
    try {
      const [pid, start] = readFileSync(file, 'utf8').trim().split(/\s+/);
      holder = pid ? Number(pid) : NaN;
      started = start;
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0) {
      if (holder !== process.pid && lockHolderRuns(holder, started, processAlive)) throw inUse(holder);
    } else if (lockAgeMs(file) < 10_000) {
      // No id yet: created by a process that is writing it now (two servers started at once), not taken over.
      throw new DataDirInUseError(`The embedded database ${dataDir} is in use by another process that is opening it (${file} was just created). `
        + 'Stop that process first: two processes writing one database corrupt it.');
    }
    rmSync(file, { force: true }); // stale
  }
  heldLocks.add(file);
  const release = () => {
    process.removeListener('exit', release);
    if (!heldLocks.delete(file)) return;
    try {
      if (readFileSync(file, 'utf8') === ownText) rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.on('exit', release);
  return release;
}

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * One type mapping whatever the driver: int8 → number (ids are UUIDs; counters stay far below
 * 2^53), date → 'YYYY-MM-DD' string, timestamptz → Date, arrays → arrays, json/jsonb → objects.
 */
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (v: string) => Number(v);
const keepString = (v: string) => v;
/**
 * bytea → Buffer on both drivers. PGlite's own bytea codec converts byte by byte (~250 ms per
 * 1 MiB upload chunk on 2 cores); Buffer's hex codec does the same in a few milliseconds.
 */
const BYTEA = 17;
const byteaToHex = (v: Uint8Array) => `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
const hexToBytea = (v: string) => Buffer.from(v.slice(2), 'hex');

/** A PGlite filesystem (PGlite's `fs` option). */
export type PgliteFs = NonNullable<PGliteOptions['fs']>;

/**
 * `loadDataDir`: a tarball of a data folder (PGlite's dumpDataDir) to start from instead of an
 * empty database; `fs`: an in-memory filesystem that fills itself with a data folder (tests).
 */
export async function openPglite(dataDir: string | null, opts: { loadDataDir?: Blob; fs?: PgliteFs } = {}): Promise<Database> {
  if (dataDir) ensurePrivateDir(dataDir);
  const unlock = dataDir ? lockPgliteDir(dataDir) : () => {};
  const options = {
    parsers: { [INT8]: parseInt8, [DATE]: keepString, [BYTEA]: hexToBytea },
    serializers: { [BYTEA]: byteaToHex },
    loadDataDir: opts.loadDataDir,
  };
  const client = opts.fs && !dataDir ? new PGlite({ ...options, fs: opts.fs }) : new PGlite(dataDir ?? 'memory://', options);
  try {
    await client.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  if (dataDir) tightenTree(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    query: (text, params) => client.query(text, params as unknown[]) as never,
    prepared: (_name, text, params) => client.query(text, params as unknown[]) as never,
    exec: async (text) => {
      const results = await client.exec(text);
      return (results[results.length - 1] as { rows: unknown[] }) ?? { rows: [] };
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

export async function openPostgres(connectionString: string, max = 10): Promise<Database> {
  const types = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8) return parseInt8;
      if (oid === DATE) return keepString;
      return pg.types.getTypeParser(oid, format as never);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max, types });
  pool.on('error', () => {
    /* an idle client's connection dropped: the pool replaces it on next use */
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    connectionString,
    query: (text, params) => pool.query(text, params as unknown[]) as never,
    prepared: (name, text, params) => pool.query({ name, text, values: params as unknown[] }) as never,
    exec: (text) => pool.query(text) as never,
    close: () => pool.end(),
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string | null; poolSize?: number; loadDataDir?: Blob; pgliteFs?: PgliteFs }) {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize) : openPglite(opts.dataDir, { loadDataDir: opts.loadDataDir, fs: opts.pgliteFs });
}

/** Applies the committed migrations; on PostgreSQL under an advisory lock so processes may race. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(7271001)');
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock(7271001)').catch(() => undefined);
    await client.end();
  }
}

/** The raw query function of a transaction's own connection (to enqueue jobs atomically). */
export function txQuery(tx: Db): RawQuery {
  const client = (tx as unknown as { session: { client: { query: RawQuery } } }).session.client;
  return (text, params) => client.query(text, params);
}

/**
 * `txQuery` as a named prepared statement on PostgreSQL (each pooled connection parses and plans
 * `text` once; see Database.prepared): for hot statements whose text never changes. PGlite: a plain query.
 */
export function txPrepared(tx: Db): <T = Record<string, unknown>>(name: string, text: string, params?: unknown[]) => Promise<{ rows: T[] }> {
  const client = (tx as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Client) return (name, text, params) => client.query({ name, text, values: params as unknown[] }) as never;
  const plain = client as { query: RawQuery };
  return (_name, text, params) => plain.query(text, params);
}
