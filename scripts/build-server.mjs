#!/usr/bin/env node
// `npm run build:server`: compiles src/ to dist/ with tsc (type errors stop the build) and copies
// the files the server reads at run time beside the compiled code: SQL migrations and their
// journal, the phone-parsing worker and its helper (.mjs). `npm start` runs dist/main.js.
// One build at a time per checkout (a lock), made in .dist-build-<pid>/ and swapped in for dist/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/** tsc with tsconfig.build.json into outDir (type errors stop it): true when it succeeded. */
function tscCompile(outDir, root = ROOT) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

const LOCK = '.dist-build.lock';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** When a process started (Linux /proc/<pid>/stat field 22), or null: as src/lib/process-identity.ts (ids are reused). */
function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the builder a lock names (`<pid> [<start time>]`) still runs: alive under that id and, where comparable, started then. */
function holderRuns(pid, start) {
  if (!alive(pid)) return false;
  const now = start ? startTime(pid) : null;
  return now === null || now === start;
}

/**
 * Takes the build lock of a folder (a folder in it made atomically, holding the builder's process id),
 * waiting while another live process holds it; a lock of a process that is gone is taken over.
 * Returns whether it waited.
 */
function takeLock(dir) {
  const lock = join(dir, LOCK);
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), `${process.pid} ${startTime(process.pid) ?? ''}`.trim() + '\n');
      return waited;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    let started;
    try {
      const [pid, start] = readFileSync(join(lock, 'pid'), 'utf8').trim().split(/\s+/);
      holder = pid ? Number(pid) : NaN;
      started = start;
    } catch {
      /* being written, or released */
    }
    // A holder that is gone, or whose id a process that started at another time now has (ids are reused), was killed.
    const dead = Number.isInteger(holder) && holder > 0 ? holder === process.pid || !holderRuns(holder, started) : lockAge(lock) > 10_000; // no id: killed before writing it
    if (dead) {
      rmSync(lock, { recursive: true, force: true }); // its builder was killed
      continue;
    }
    if (!waited) console.log(`Waiting for the build of process ${Number.isInteger(holder) ? holder : '?'}…`);
    waited = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

/**
 * Builds `dest` (a dist folder) under the lock of its parent folder: `make(next)` fills a fresh
 * folder beside it (.dist-build-<pid>), which then replaces `dest` (two renames: `dest` is never
 * missing its files for longer than that). After waiting for another build, nothing is built when
 * `isStale()` says that one left `dest` up to date. False when `make` failed (`dest` untouched).
 */
export function swapBuild(dest, isStale, make) {
  const parent = dirname(dest);
  const waited = takeLock(parent);
  try {
    if (waited && !isStale()) return true;
    for (const leftover of readdirSync(parent)) {
      if (/^\.dist-(build|old)-\d+$/.test(leftover)) rmSync(join(parent, leftover), { recursive: true, force: true }); // of a killed build
    }
    const next = join(parent, `.dist-build-${process.pid}`);
    if (!make(next)) {
      rmSync(next, { recursive: true, force: true });
      return false;
    }
    const old = join(parent, `.dist-old-${process.pid}`);
    if (existsSync(dest)) renameSync(dest, old);
    renameSync(next, dest);
    rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    rmSync(join(parent, LOCK), { recursive: true, force: true });
  }
}

function lockAge(lock) {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0; // released meanwhile
  }
}

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * The server build of a checkout: `compile(outDir)` (tsc by default; tests pass a stand-in) writes
 * the JavaScript, and everything in src/ that is not TypeScript is copied beside it.
 */
export function serverBuild(root = ROOT, compile = (outDir) => tscCompile(outDir, root)) {
  const src = join(root, 'src');
  const dist = join(root, 'dist');
  /** Written last: its time is the time of the last complete build. */
  const stamp = join(dist, '.build-complete');
  const inputs = [src, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];

  /** True when dist/ is missing, incomplete, or older than any source or build setting. */
  function isStale() {
    if (!existsSync(stamp)) return true;
    const built = statSync(stamp).mtimeMs;
    return inputs.some((p) => existsSync(p) && newestMtime(p) > built);
  }

  /** Every file tsc does not emit: anything in src/ that is not TypeScript. */
  function copyAssets(outDir, dir = src) {
    let copied = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const from = join(dir, entry.name);
      if (entry.isDirectory()) {
        copied += copyAssets(outDir, from);
        continue;
      }
      if (/\.(ts|mts|cts)$/.test(entry.name)) continue;
      const to = join(outDir, relative(src, from));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
      copied += 1;
    }
    return copied;
  }

  /**
   * A clean build (nothing left over from files since deleted: a removed migration, a module), made
   * beside dist/ and swapped in, under a lock: `npm start` from one checkout may run twice at once
   * (`ROLE=api` and `ROLE=worker`, a second worker), and a server may be running from dist/ — a build
   * in place deleted its files for the length of a compile, and two builds deleted each other's.
   * A build that had to wait for another one builds nothing when that one left dist/ up to date.
   */
  function build() {
    return swapBuild(dist, isStale, (next) => {
      if (!compile(next)) return false;
      copyAssets(next);
      writeFileSync(join(next, '.build-complete'), `${new Date().toISOString()}\n`);
      return true;
    });
  }

  return { src, dist, stamp, isStale, build };
}

const checkout = serverBuild();
export const SERVER_SRC = checkout.src;
export const SERVER_DIST = checkout.dist;
export const SERVER_STAMP = checkout.stamp;
export const serverIsStale = checkout.isStale;
export const buildServer = checkout.build;

if (process.argv[1] && process.argv[1].endsWith('build-server.mjs')) {
  console.log('Building the server (tsc → dist/)…');
  process.exit(buildServer() ? 0 : 1);
}
