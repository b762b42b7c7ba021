import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { analysePhone, type ParsedPhone, type PhoneProblem } from '../../lib/phone.js';
import { hashToken } from '../../lib/tokens.js';

/** A parsed number with its keyed hash (consent's phoneHash: HMAC of `phone:<e164>`), or its problem. */
export type PhoneResult = (ParsedPhone & { hash: string }) | { problem: PhoneProblem };

const INLINE_BELOW = 1500;
let pool: Piscina | null = null;

function getPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./phone-worker.mjs', import.meta.url).href,
    maxThreads: Math.max(1, Math.min(4, availableParallelism())),
    minThreads: 0,
    concurrentTasksPerWorker: 1,
    idleTimeout: 30_000,
    // The worker is plain JavaScript and needs none of this process's flags: without a TypeScript
    // loader (tsx in development and the benchmarks) it starts in a fifth of the CPU time (~1.2 s →
    // ~0.25 s), and V8 flags such as npm start's --max-semi-space-size are refused by a worker
    // (ERR_WORKER_INVALID_EXEC_ARGV: every import of 1,500 rows or more failed).
    execArgv: [],
  });
  return pool;
}

interface Columns { e164: string; countries: string; types: string; hashes: string; problems: string }

/**
 * Parses numbers and hashes the valid ones, on the worker pool for large batches (small ones
 * stay on this thread). `secretKey` null: no hashes (empty strings).
 */
export async function parsePhones(phones: string[], country: string, secretKey: string | null = null): Promise<PhoneResult[]> {
  if (phones.length < INLINE_BELOW) {
    return phones.map((p) => {
      const r = analysePhone(p, country);
      return 'problem' in r ? r : { ...r, hash: secretKey === null ? '' : hashToken(secretKey, `phone:${r.e164}`) };
    });
  }
  const p = getPool();
  const parts = p.options.maxThreads;
  const size = Math.ceil(phones.length / parts);
  const slices = Array.from({ length: parts }, (_, i) => phones.slice(i * size, (i + 1) * size)).filter((s) => s.length);
  const results = await Promise.all(slices.map((s) => p.run({ phones: s, country, secretKey }) as Promise<Columns>));
  const out: PhoneResult[] = [];
  for (const c of results) {
    const e164 = c.e164.split('\n');
    const countries = c.countries.split('\n');
    const types = c.types.split('\n');
    const hashes = c.hashes.split('\n');
    const problems = c.problems.split('\n');
    for (let i = 0; i < e164.length; i++) {
      out.push(problems[i] ? { problem: problems[i] as PhoneProblem } : { e164: e164[i], country: countries[i] || null, type: types[i] || null, hash: hashes[i] });
    }
  }
  return out;
}

export async function closePhonePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
