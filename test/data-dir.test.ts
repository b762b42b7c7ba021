// Finding 8 of issue 7: DATA_DIR (embedded database, generated secrets) is its owner's alone.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openPglite } from '../src/db/client.js';
import { freePort, run, stop, waitReady } from './proc.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file and folder under dir whose mode lets anyone but the owner in. */
function exposed(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (mode(path) & 0o077) found.push(`${path} ${mode(path).toString(8)}`);
  }
  return found;
}

describe('DATA_DIR permissions', () => {
  it('creates DATA_DIR 0700 with the generated secrets 0600', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'wm-dd-')), 'nested', 'data');
    loadConfig({ DATA_DIR: dataDir });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'secret.key'))).toBe(0o600);
    expect(mode(join(dataDir, 'operator.token'))).toBe(0o600);
  });

  it('tightens a DATA_DIR and secrets that an older version left open', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wm-dd-'));
    chmodSync(dataDir, 0o777);
    writeFileSync(join(dataDir, 'secret.key'), 'an-old-secret-key-of-at-least-32-characters\n');
    chmodSync(join(dataDir, 'secret.key'), 0o666);
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.secretKey).toBe('an-old-secret-key-of-at-least-32-characters');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'secret.key'))).toBe(0o600);
  });

  it('opens the embedded database in a 0700 folder, tightening an open one', async () => {
    const old = join(mkdtempSync(join(tmpdir(), 'wm-dd-')), 'pglite');
    mkdirSync(old, { mode: 0o777 });
    chmodSync(old, 0o777);
    const again = await openPglite(old);
    await again.close();
    expect(mode(old)).toBe(0o700);
    // PGlite's first start writes its initial files 0666 whatever the umask: they are tightened.
    expect(readdirSync(old).length).toBeGreaterThan(5);
    expect(exposed(old)).toEqual([]);
  }, 60_000);

  it('the server process writes nothing in DATA_DIR that others can read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wm-dd-'));
    const port = await freePort();
    const proc = run({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
    try {
      await waitReady(port, proc);
    } finally {
      expect(await stop(proc), proc.output()).toBe(0);
    }
    expect(mode(dataDir)).toBe(0o700);
    expect(readdirSync(join(dataDir, 'pglite')).length).toBeGreaterThan(5);
    expect(exposed(dataDir)).toEqual([]);
  }, 90_000);
});
