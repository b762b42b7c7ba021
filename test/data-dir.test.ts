// Finding 8 of issue 7: DATA_DIR (embedded database, generated secrets) is its owner's alone.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openPglite } from '../src/db/client.js';
import { exposed, mode } from './fs-modes.js';

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
  // The server process itself (a fresh DATA_DIR, migrations, a restart) is checked in process.test.ts.
});
