/**
 * With TEST_CPU=<file>, every test file appends one line when it ends: its path, its wall ms, its
 * worker's own CPU ms, its child processes' CPU ms (servers, simulator, peers, Chromium — counted
 * once they exit) and, when readable, the PostgreSQL server's CPU ms (its exited backends; shared
 * with anything else using that server). On a shared machine compare CPU, not wall.
 * A vitest setup file (vitest.config.ts); does nothing without TEST_CPU.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

const OUT = process.env.TEST_CPU;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Children's CPU (ms) of a process from /proc/<pid>/stat: cutime + cstime, the exited and waited-for descendants. */
function childrenCpu(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): cutime is field 16, cstime field 17.
    return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
  } catch {
    return NaN;
  }
}

function postmaster(): number | null {
  for (const f of ['/var/run/postgresql/15-main.pid', '/var/run/postgresql/16-main.pid', '/var/run/postgresql/17-main.pid']) {
    if (existsSync(f)) return Number(readFileSync(f, 'utf8').split('\n')[0]);
  }
  return null;
}

if (OUT) {
  const pm = postmaster();
  let t0 = 0;
  let c0: NodeJS.CpuUsage = { user: 0, system: 0 };
  let k0 = 0;
  let p0 = 0;
  let file = '?';
  beforeAll(() => {
    file = relative(process.cwd(), expect.getState().testPath ?? '?');
    t0 = performance.now();
    c0 = process.cpuUsage();
    k0 = childrenCpu('self');
    p0 = pm ? childrenCpu(pm) : NaN;
  });
  afterAll(async () => {
    // Let the last background drops and child exits land.
    await new Promise((r) => setTimeout(r, 200));
    const c = process.cpuUsage(c0);
    const line = [file, (performance.now() - t0).toFixed(0), ((c.user + c.system) / 1000).toFixed(0), childrenCpu('self') - k0, pm ? childrenCpu(pm) - p0 : ''].join('\t');
    appendFileSync(OUT, `${line}\n`);
  });
}
