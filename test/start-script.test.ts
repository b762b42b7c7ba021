import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` (scripts/start.mjs) runs the server with `--max-semi-space-size=NODE_SEMI_SPACE_MB`.
 * A value V8 would refuse (a fraction, a word, zero, too large) stops it at once — before any build —
 * with a message naming the setting, instead of a server that exits with V8's code 9.
 */
describe('npm start: NODE_SEMI_SPACE_MB', () => {
  it.each(['32.5', 'abc', '0', '-4', '4096'])('refuses %s clearly, before building anything', (value) => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], { env: { ...process.env, NODE_SEMI_SPACE_MB: value }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`NODE_SEMI_SPACE_MB must be a whole number of MiB from 1 to 1024 (got "${value}")`);
    expect(r.stdout).not.toContain('Building');
  });
});

/**
 * Two `npm start`s from one checkout after a change (`ROLE=api npm start` and `ROLE=worker npm start`,
 * or a second worker started while the first runs) both found dist/ stale: each deleted dist/ and
 * compiled it again, the second deleting what the first had built, and a server already running from
 * dist/ lost its files for the length of a compile (the phone worker, read at an import's first
 * batch). The build takes a lock, builds beside dist/ and swaps it in; a build that waited for
 * another one finds dist/ fresh and builds nothing. A stand-in compiler (slow, counting) in a
 * scratch checkout keeps this cheap.
 */
describe('npm start: builds from one checkout at once', () => {
  it('compiles once, and dist/ is never without its files while a build runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wm-build-'));
    mkdirSync(join(root, 'src', 'modules'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    writeFileSync(join(root, 'tsconfig.build.json'), '{}');
    writeFileSync(join(root, 'src', 'main.ts'), 'export {};\n');
    writeFileSync(join(root, 'src', 'modules', 'worker.mjs'), 'export default 1;\n');
    const script = `
      import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
      import { join } from 'node:path';
      import { serverBuild } from ${JSON.stringify(join(process.cwd(), 'scripts', 'build-server.mjs'))};
      const root = ${JSON.stringify(root)};
      const b = serverBuild(root, (outDir) => {
        appendFileSync(join(root, 'compiles'), 'x');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); // a compile takes a while
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, 'main.js'), 'export {};\\n');
        return true;
      });
      if (b.isStale()) process.exit(b.build() ? 0 : 1);
    `;
    const build = () => new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on('exit', resolve));
    // A complete older build, as a running server has it.
    expect(await build()).toBe(0);
    rmSync(join(root, 'compiles'));
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'dist', '.build-complete'), earlier, earlier); // built before the sources changed: stale
    let missing = 0;
    const watcher = setInterval(() => {
      if (!existsSync(join(root, 'dist', 'main.js')) || !existsSync(join(root, 'dist', 'modules', 'worker.mjs'))) missing++;
    }, 20);
    try {
      const first = build();
      await new Promise((r) => setTimeout(r, 400)); // the second starts while the first compiles
      const results = await Promise.all([first, build()]);
      expect(results).toEqual([0, 0]);
    } finally {
      clearInterval(watcher);
    }
    expect(readFileSync(join(root, 'compiles'), 'utf8')).toBe('x');
    expect(missing).toBe(0);
    expect(existsSync(join(root, 'dist', '.build-complete'))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['compiles', 'dist', 'src', 'tsconfig.build.json', 'tsconfig.json']); // no lock or scratch build left behind
  }, 60_000);
});

/**
 * The same for the web app: two `npm start`s both emptied web/dist and ran Vite into it, and a
 * server already running (it serves web/dist) answered its pages and scripts with 404s while one
 * did. Built beside web/dist under the lock and swapped in; the second build finds it fresh.
 */
describe('npm start: web builds from one checkout at once', () => {
  it('builds once, and web/dist never lacks its page while a build runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wm-webbuild-'));
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html>\n');
    writeFileSync(join(root, 'web', 'src', 'main.tsx'), 'export {};\n');
    const script = `
      import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
      import { join } from 'node:path';
      import { webBuild } from ${JSON.stringify(join(process.cwd(), 'scripts', 'start.mjs'))};
      const root = ${JSON.stringify(root)};
      const b = webBuild(root, (outDir) => {
        appendFileSync(join(root, 'builds'), 'x');
        rmSync(outDir, { recursive: true, force: true }); // as Vite's emptyOutDir
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); // a build takes a while
        mkdirSync(join(outDir, 'assets'), { recursive: true });
        writeFileSync(join(outDir, 'assets', 'index.js'), '');
        writeFileSync(join(outDir, 'index.html'), '<!doctype html>\\n');
        return true;
      });
      if (b.isStale()) process.exit(b.build() ? 0 : 1);
    `;
    const build = () => new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on('exit', resolve));
    expect(await build()).toBe(0); // the build a running server serves
    rmSync(join(root, 'builds'));
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'web', 'dist', 'index.html'), earlier, earlier); // built before the sources changed: stale
    let missing = 0;
    const watcher = setInterval(() => {
      if (!existsSync(join(root, 'web', 'dist', 'index.html'))) missing++;
    }, 20);
    try {
      const first = build();
      await new Promise((r) => setTimeout(r, 400));
      expect(await Promise.all([first, build()])).toEqual([0, 0]);
    } finally {
      clearInterval(watcher);
    }
    expect(readFileSync(join(root, 'builds'), 'utf8')).toBe('x');
    expect(missing).toBe(0);
    expect(readdirSync(join(root, 'web')).sort()).toEqual(['dist', 'index.html', 'src']);
  }, 60_000);
});

/**
 * `npm start` runs `sh -c "node scripts/start.mjs"`: a SIGTERM to npm alone (kill <npm pid>, a
 * supervisor that signals its main process, Docker's stop of `CMD npm start`) is passed to that
 * shell, which ends without passing it on — the server went on running, orphaned, never stopped
 * cleanly, holding its port and DATA_DIR so that the restarted service was refused. start.mjs
 * stops its server when npm's shell is gone; started otherwise (`nohup node scripts/start.mjs &`
 * from a shell that then exits) it is left running.
 */
describe('npm start: a SIGTERM that ends the shell npm runs it in', () => {
  /** A starter (supervise around a stand-in server that records a SIGTERM) in `sh -c`; resolves with the shell and the server's pid. */
  async function underShell(env: Record<string, string>, opts: { superviseAfter?: string } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'wm-orphan-'));
    // `ready` once its SIGTERM handler is in place: a SIGTERM before that (a loaded machine starts node slowly) would end it unrecorded.
    const server = `process.on('SIGTERM', () => { require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'stopped'))}, 'SIGTERM'); process.exit(0); }); require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'ready'))}, ''); setInterval(() => {}, 1000);`;
    writeFileSync(join(dir, 'starter.mjs'), `
      import { spawn } from 'node:child_process';
      import { existsSync, writeFileSync } from 'node:fs';
      import { supervise } from ${JSON.stringify(join(process.cwd(), 'scripts', 'start.mjs'))};
      const child = spawn(process.execPath, ['-e', ${JSON.stringify(server)}], { stdio: 'ignore' });
      writeFileSync(${JSON.stringify(join(dir, 'server.pid'))}, String(child.pid));
      ${opts.superviseAfter ? `while (!existsSync(${JSON.stringify(join(dir, opts.superviseAfter))})) await new Promise((r) => setTimeout(r, 20)); // as the builds take a while` : ''}
      supervise(child, { pollMs: 100 });
    `);
    const { npm_lifecycle_event: _npm, ...outer } = process.env;
    return { dir, env: { ...outer, ...env } };
  }
  const waitFor = async (file: string, ms: number) => {
    const deadline = Date.now() + ms;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('under npm: stops the server cleanly instead of leaving it running', async () => {
    const { dir, env } = await underShell({ npm_lifecycle_event: 'start' }); // as npm run-script sets
    // As npm runs a script: a shell that waits for the command (it does not exec it).
    const sh = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, 'starter.mjs'))}; true`], { stdio: 'inherit', env });
    await waitFor(join(dir, 'server.pid'), 20_000);
    const serverPid = Number(readFileSync(join(dir, 'server.pid'), 'utf8'));
    await waitFor(join(dir, 'ready'), 20_000); // the server can record a SIGTERM (it was a fixed 300 ms, too short under load)
    sh.kill('SIGTERM'); // what npm forwards
    await waitFor(join(dir, 'stopped'), 10_000);
    if (alive(serverPid) && !existsSync(join(dir, 'stopped'))) process.kill(serverPid, 'SIGKILL'); // leave nothing behind
    expect(existsSync(join(dir, 'stopped')) ? readFileSync(join(dir, 'stopped'), 'utf8') : 'still running, orphaned').toBe('SIGTERM');
  }, 30_000);

  it('under npm, a SIGTERM that comes while start.mjs is still building: the server is stopped once it starts', async () => {
    const { dir, env } = await underShell({ npm_lifecycle_event: 'start' }, { superviseAfter: 'built' });
    const sh = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, 'starter.mjs'))}; true`], { stdio: 'inherit', env });
    await waitFor(join(dir, 'server.pid'), 20_000);
    const serverPid = Number(readFileSync(join(dir, 'server.pid'), 'utf8'));
    await waitFor(join(dir, 'ready'), 20_000);
    sh.kill('SIGTERM'); // npm's shell is gone before the builds end (before supervise runs)
    await new Promise((r) => sh.on('exit', r));
    writeFileSync(join(dir, 'built'), '');
    await waitFor(join(dir, 'stopped'), 10_000);
    if (alive(serverPid) && !existsSync(join(dir, 'stopped'))) process.kill(serverPid, 'SIGKILL'); // leave nothing behind
    expect(existsSync(join(dir, 'stopped')) ? readFileSync(join(dir, 'stopped'), 'utf8') : 'still running, orphaned').toBe('SIGTERM');
  }, 30_000);

  it('started in the background by a shell that exits (not under npm): the server keeps running', async () => {
    const { dir, env } = await underShell({});
    const sh = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, 'starter.mjs'))} & sleep 1`], { stdio: 'ignore', env });
    await new Promise((r) => sh.on('exit', r)); // the shell is gone, the starter orphaned
    await waitFor(join(dir, 'server.pid'), 20_000);
    const serverPid = Number(readFileSync(join(dir, 'server.pid'), 'utf8'));
    await new Promise((r) => setTimeout(r, 800)); // several polls
    const running = alive(serverPid) && !existsSync(join(dir, 'stopped'));
    if (alive(serverPid)) process.kill(serverPid, 'SIGTERM');
    expect(running).toBe(true);
  }, 30_000);
});
