import { spawnSync } from 'node:child_process';
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
