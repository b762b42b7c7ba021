/**
 * Wall-clock milliseconds an import spends per stage, summed over the process's imports since
 * the last `resetStages()` (the import benchmark prints them). A few `performance.now()` calls per
 * batch: cheap enough to stay on.
 */
const totals = new Map<string, number>();

export async function timed<T>(stage: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await f();
  } finally {
    totals.set(stage, (totals.get(stage) ?? 0) + performance.now() - t);
  }
}

export function stageTimes(): Record<string, number> {
  return Object.fromEntries([...totals].map(([k, v]) => [k, Math.round(v)]));
}

export function resetStages() {
  totals.clear();
}
