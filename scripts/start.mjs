#!/usr/bin/env node
// `npm start`: builds the web app and the server (TypeScript → dist/) when they are missing or
// older than their sources, then runs the compiled server: no TypeScript is compiled at run time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_DIST, buildServer, serverIsStale } from './build-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'web', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function webIsStale() {
  return !existsSync(dist) || newestMtime(join(root, 'web')) > statSync(dist).mtimeMs;
}

/**
 * The Node flags the server runs with (the process tests start their servers with them too).
 * A young generation of 2 × 32 MiB (V8's default here is 16): a dispatched batch's messages live a few hundred ms,
 * so with the default they survive scavenges and are copied and promoted; `npm run bench dispatch` runs with the same.
 * Whole MiB, 1–1024 (V8 refuses a fraction): anything else is refused with a message naming the setting (null).
 */
export function serverNodeFlags(env = process.env) {
  const raw = env.NODE_SEMI_SPACE_MB?.trim() || '32';
  const wanted = Number(raw);
  if (!/^\d+$/.test(raw) || wanted < 1 || wanted > 1024) {
    return { error: `Invalid configuration: NODE_SEMI_SPACE_MB must be a whole number of MiB from 1 to 1024 (got "${raw}").` };
  }
  return { flags: ['--enable-source-maps', `--max-semi-space-size=${wanted}`] };
}

if (process.argv[1] && process.argv[1].endsWith('start.mjs')) {
  // Stops here, before any build, with a clear message, as a bad setting of the server's own does.
  const node = serverNodeFlags();
  if (node.error) {
    console.error(node.error);
    process.exit(1);
  }
  if (webIsStale()) {
    console.log('Building the web app…');
    const types = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-api-types.mjs', '--check'], { cwd: root, stdio: 'inherit' });
    if (types.status !== 0) process.exit(types.status ?? 1);
    const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (serverIsStale()) {
    console.log('Building the server…');
    if (!buildServer()) process.exit(1);
  }
  const child = spawn(process.execPath, [...node.flags, join(SERVER_DIST, 'main.js')], { cwd: process.cwd(), stdio: 'inherit' });
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
