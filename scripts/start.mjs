#!/usr/bin/env node
// `npm start`: builds the web app and the server (TypeScript → dist/) when they are missing or
// older than their sources, then runs the compiled server: no TypeScript is compiled at run time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_DIST, buildServer, serverIsStale, swapBuild } from './build-server.mjs';

const root = new URL('..', import.meta.url).pathname;
/** The process that launched this one (npm's shell), read as early as possible: a SIGTERM during the builds orphans it before the server starts. */
const LAUNCHED_BY = process.ppid;

/** Newest file time under `dir`, skipping names `skip` matches; folders' own times do not count (swapping web/dist in changes web/'s). */
function newestMtime(dir, skip) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.test(entry.name)) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The API types check, then Vite into outDir (emptied first): true when both succeeded. */
function viteBuild(outDir, checkout = root) {
  const types = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-api-types.mjs', '--check'], { cwd: checkout, stdio: 'inherit' });
  if (types.status !== 0) return false;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: checkout, stdio: 'inherit' });
  return r.status === 0;
}

/** The web app's build of a checkout (web/ → web/dist/): `compile(outDir)` is Vite unless a test passes a stand-in. */
export function webBuild(checkout = root, compile = (outDir) => viteBuild(outDir, checkout)) {
  const web = join(checkout, 'web');
  const dist = join(web, 'dist');
  const index = join(dist, 'index.html');
  /** True when the web app was never built or a file of web/ changed since (its build folders and dependencies aside). */
  const isStale = () => !existsSync(index) || newestMtime(web, /^(dist|node_modules|\.dist-.*)$/) > statSync(index).mtimeMs;
  /**
   * Built beside web/dist and swapped in, one build at a time (swapBuild): in place, Vite emptied
   * web/dist first, and a server running from this checkout answered 404 for the app meanwhile;
   * two npm starts at once both built it, into the same folder.
   */
  const build = () => swapBuild(dist, isStale, compile);
  return { dist, isStale, build };
}

const web = webBuild();
export const webIsStale = web.isStale;

/**
 * The Node flags the server runs with (the process tests start their servers with them too).
 * A young generation of 2 × 32 MiB (V8's default here is 16): a dispatched batch's messages live a few hundred ms,
 * so with the default they survive scavenges and are copied and promoted; `npm run bench dispatch` runs with the same.
 * Whole MiB, 1–1024 (V8 refuses a fraction): anything else gives `{ error }`, a message naming the setting.
 */
export function serverNodeFlags(env = process.env) {
  const raw = env.NODE_SEMI_SPACE_MB?.trim() || '32';
  const wanted = Number(raw);
  if (!/^\d+$/.test(raw) || wanted < 1 || wanted > 1024) {
    return { error: `Invalid configuration: NODE_SEMI_SPACE_MB must be a whole number of MiB from 1 to 1024 (got "${raw}").` };
  }
  return { flags: ['--enable-source-maps', `--max-semi-space-size=${wanted}`] };
}

/**
 * Passes SIGTERM and SIGINT on to the server and, under npm, stops it (SIGTERM: a clean stop) when
 * npm's shell is gone: `npm start` runs this under `sh -c`, and a SIGTERM to npm alone (kill <pid>,
 * a supervisor that signals its main process, Docker's stop of `CMD npm start`) ends that shell
 * without passing it on — the server went on running, holding its port and DATA_DIR. That shell
 * lives as long as this process unless it is killed. Not under npm (`nohup node scripts/start.mjs &`
 * from a shell that then exits), being orphaned means nothing: the server runs on.
 */
export function supervise(child, { pollMs = 500, underNpm = Boolean(process.env.npm_lifecycle_event) } = {}) {
  const stop = (sig) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => stop(sig));
  if (!underNpm) return;
  const parent = LAUNCHED_BY;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    stop('SIGTERM');
  }, pollMs);
  child.on('exit', () => clearInterval(watch));
}

if (process.argv[1] && process.argv[1].endsWith('start.mjs')) {
  // Stops here, before any build, with a clear message, as a bad setting of the server's own does.
  const node = serverNodeFlags();
  if (node.error) {
    console.error(node.error);
    process.exit(1);
  }
  if (web.isStale()) {
    console.log('Building the web app…');
    if (!web.build()) process.exit(1);
  }
  if (serverIsStale()) {
    console.log('Building the server…');
    if (!buildServer()) process.exit(1);
  }
  const child = spawn(process.execPath, [...node.flags, join(SERVER_DIST, 'main.js')], { cwd: process.cwd(), stdio: 'inherit' });
  supervise(child);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
