/**
 * The simulated carrier as a process of its own (when West Message's api and worker run as
 * separate processes, both reach this one through SIMULATOR_URL):
 *
 *   SIMULATOR_AUTH_TOKEN=… node dist/providers/simulator/main.js          (or: node --import tsx src/providers/simulator/main.ts)
 *
 * Environment: SIMULATOR_AUTH_TOKEN (required, ≥ 16 characters; the same value West Message is given),
 * SIMULATOR_PORT (3100; 0 = any), SIMULATOR_HOST (127.0.0.1), SIMULATOR_DATA_DIR (./data/simulator: its
 * append-only ledger), SIMULATOR_MEMORY=1 (no file: tests and benchmarks), SIMULATOR_TEST_CONTROL=1
 * (the /__sim/* endpoints: tests only), and the outcome mix SIMULATOR_LATENCY_MS, SIMULATOR_UNDELIVERED_RATE,
 * SIMULATOR_FAILED_RATE, SIMULATOR_TIMEOUT_RATE, SIMULATOR_THROTTLE_RATE, SIMULATOR_SERVER_ERROR_RATE.
 * Prints `SIMULATOR_URL=<base URL>` once it listens.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { startSimulatorServer } from './server.js';

const rate = z.coerce.number().min(0).max(1).default(0);
const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true').default(false);
const Env = z.object({
  SIMULATOR_AUTH_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  SIMULATOR_DATA_DIR: z.string().min(1).default('./data/simulator'),
  SIMULATOR_MEMORY: flag,
  SIMULATOR_TEST_CONTROL: flag,
  SIMULATOR_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  SIMULATOR_UNDELIVERED_RATE: rate,
  SIMULATOR_FAILED_RATE: rate,
  SIMULATOR_TIMEOUT_RATE: rate,
  SIMULATOR_THROTTLE_RATE: rate,
  SIMULATOR_SERVER_ERROR_RATE: rate,
});

const parsed = Env.safeParse(Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('SIMULATOR_') && v !== '')));
if (!parsed.success) {
  console.error(`Invalid simulator configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(1);
}
const e = parsed.data;
process.umask(0o077);
const server = await startSimulatorServer({
  port: e.SIMULATOR_PORT, host: e.SIMULATOR_HOST, authToken: e.SIMULATOR_AUTH_TOKEN,
  dataDir: e.SIMULATOR_MEMORY ? null : resolve(e.SIMULATOR_DATA_DIR), testControl: e.SIMULATOR_TEST_CONTROL,
  settings: {
    latencyMs: e.SIMULATOR_LATENCY_MS, undeliveredRate: e.SIMULATOR_UNDELIVERED_RATE, failedRate: e.SIMULATOR_FAILED_RATE,
    timeoutRate: e.SIMULATOR_TIMEOUT_RATE, throttleRate: e.SIMULATOR_THROTTLE_RATE, serverErrorRate: e.SIMULATOR_SERVER_ERROR_RATE,
  },
});
process.stdout.write(`SIMULATOR_URL=${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
