import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The permission bits of a path. */
export const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file and folder under dir whose mode lets anyone but the owner in. */
export function exposed(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (mode(path) & 0o077) found.push(`${path} ${mode(path).toString(8)}`);
  }
  return found;
}
