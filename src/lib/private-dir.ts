import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates a folder only its owner can enter (0700), or tightens an existing one: DATA_DIR holds
 * the embedded database and the generated secrets.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o700);
}

/** Makes an existing file readable and writable by its owner only (0600). */
export function ensurePrivateFile(path: string): void {
  if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Takes group and other permissions off everything under dir. PGlite's first start writes the
 * initial database files 0666 whatever the umask (PostgreSQL itself creates later files 0600).
 */
export function tightenTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if ((lstatSync(path).mode & 0o077) !== 0) chmodSync(path, entry.isDirectory() ? 0o700 : 0o600);
    if (entry.isDirectory()) tightenTree(path);
  }
}
