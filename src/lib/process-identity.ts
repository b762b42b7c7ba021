import { readFileSync } from 'node:fs';

/**
 * When a process started, in clock ticks since boot (Linux: field 22 of /proc/<pid>/stat), or null
 * where that cannot be read (another OS, no such process). Process ids are reused; an id with its
 * start time names one process. (scripts/build-server.mjs reads the same field for its build lock.)
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** What a lock file holds: this process's id and, where known, its start time. */
export const ownLockText = () => {
  const start = processStartTime(process.pid);
  return `${process.pid}${start ? ` ${start}` : ''}\n`;
};

/**
 * Whether the process a lock file names (`<pid> [<start time>]`) still runs: alive under that id and,
 * when the lock recorded a start time that can be compared, started then — a live process that
 * started at another time only reuses the id of a dead holder. `processAlive` answers for the id.
 */
export function lockHolderRuns(pid: number, start: string | undefined, processAlive: (pid: number) => boolean): boolean {
  if (!processAlive(pid)) return false;
  if (!start) return true; // an old lock (id only): cannot tell, so it is kept
  const now = processStartTime(pid);
  return now === null || now === start;
}
