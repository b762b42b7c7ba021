import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One directory per run; migrated database snapshots are built in it on first use (test/db-snapshot.ts).
    globalSetup: ['test/global-setup.ts'],
    // TEST_CPU=<file>: each file's wall and CPU time, its children's and PostgreSQL's (test/cpu-usage.ts).
    // TEST_PG_OVERLAP=fail|report:<file>: queries overlapping on one PostgreSQL client (Promise.all over a transaction) fail their test or are recorded (test/pg-overlap.ts).
    setupFiles: ['test/cpu-usage.ts', 'test/pg-overlap.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    // expect.poll waits for what a loaded machine makes slow (a browser's live update, a worker's turn): 1 s by default was too short on CI.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    fileParallelism: true,
    // Files share their worker's module graph instead of importing the app anew per file (about
    // 2 s of CPU each): tests keep no module-level state of their own, every env is built per file.
    isolate: false,
    // Slowest files first (durations committed in test/durations.json): no long file left for the end.
    sequence: { sequencer: SlowFirstSequencer },
    // Three files at once on two cores: much of the suite waits on child processes, PostgreSQL and Chromium.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
  },
});
