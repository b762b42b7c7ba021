import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One directory per run; migrated database snapshots are built in it on first use (test/db-snapshot.ts).
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    // Three files at once on two cores: much of the suite waits on child processes, PostgreSQL and Chromium.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
  },
});
