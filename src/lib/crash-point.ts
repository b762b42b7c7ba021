/**
 * Crash points for crash tests: with TEST_CRASH_AT=`<point>:<n>` the process kills itself with
 * SIGKILL the n-th time it reaches `<point>` — a real, abrupt death (no cleanup, no commit) at a
 * chosen place, so a crash test need not race a timer to land mid-way. Unset (production), a
 * crash point is one comparison.
 */
const hits = new Map<string, number>();

export function crashPoint(at: { point: string; hit: number } | null, point: string): void {
  if (!at || at.point !== point) return;
  const n = (hits.get(point) ?? 0) + 1;
  hits.set(point, n);
  if (n === at.hit) process.kill(process.pid, 'SIGKILL');
}
