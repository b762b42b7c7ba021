#!/usr/bin/env node
// `npm run build:server`: compiles src/ to dist/ with tsc (type errors stop the build) and copies
// the files the server reads at run time beside the compiled code: SQL migrations and their
// journal, the phone-parsing worker and its helper (.mjs). `npm start` runs dist/main.js.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const SERVER_SRC = join(root, 'src');
export const SERVER_DIST = join(root, 'dist');
/** Written last: its time is the time of the last complete build. */
export const SERVER_STAMP = join(SERVER_DIST, '.build-complete');
const BUILD_INPUTS = [SERVER_SRC, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing, incomplete, or older than any source or build setting. */
export function serverIsStale() {
  if (!existsSync(SERVER_STAMP)) return true;
  const built = statSync(SERVER_STAMP).mtimeMs;
  return BUILD_INPUTS.some((p) => existsSync(p) && newestMtime(p) > built);
}

/** Every file tsc does not emit: anything in src/ that is not TypeScript. */
function copyAssets(dir = SERVER_SRC) {
  let copied = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    if (entry.isDirectory()) {
      copied += copyAssets(from);
      continue;
    }
    if (/\.(ts|mts|cts)$/.test(entry.name)) continue;
    const to = join(SERVER_DIST, relative(SERVER_SRC, from));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied += 1;
  }
  return copied;
}

/** A clean build: nothing left over from files since deleted (a removed migration, a module). */
export function buildServer() {
  rmSync(SERVER_DIST, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) return false;
  copyAssets();
  writeFileSync(SERVER_STAMP, `${new Date().toISOString()}\n`);
  return true;
}

if (process.argv[1] && process.argv[1].endsWith('build-server.mjs')) {
  console.log('Building the server (tsc → dist/)…');
  process.exit(buildServer() ? 0 : 1);
}
