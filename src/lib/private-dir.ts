import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

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
