import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { analysePhone } from '../../lib/phone.js';

export type PhoneResult = ReturnType<typeof analysePhone>;

const INLINE_BELOW = 1500;
let pool: Piscina | null = null;

function getPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./phone-worker.mjs', import.meta.url).href,
    maxThreads: Math.max(1, Math.min(4, availableParallelism())),
    minThreads: 0,
    concurrentTasksPerWorker: 1,
    idleTimeout: 30_000,
  });
  return pool;
}

/** Parses numbers on all cores for large batches; small batches stay on this thread. */
export async function parsePhones(phones: string[], country: string): Promise<PhoneResult[]> {
  if (phones.length < INLINE_BELOW) return phones.map((p) => analysePhone(p, country));
  const p = getPool();
  const parts = p.options.maxThreads;
  const size = Math.ceil(phones.length / parts);
  const slices = Array.from({ length: parts }, (_, i) => phones.slice(i * size, (i + 1) * size)).filter((s) => s.length);
  const results = await Promise.all(slices.map((s) => p.run({ phones: s, country }) as Promise<PhoneResult[]>));
  return results.flat();
}

export async function closePhonePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
