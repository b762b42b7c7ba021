/**
 * Child processes of the tests (servers, the simulator, carrier peers) run compiled JavaScript:
 * the global setup transpiles src/ and test/peers/ once per run with esbuild (file by file, no
 * bundling, about a second) into `.test-build/<run>/`, inside the repository so the copies resolve
 * node_modules as the sources do, with src/'s other files (migrations, workers) beside them and
 * `web` linked. A child then starts without tsx's loader hooks (≈1 s of CPU less per start, and the
 * suite starts ~50 of them). Without the global setup (another config), children run through tsx.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's compiled copy of src/ and test/peers/ (test/global-setup.ts), or '' when there is none. */
    wmBuildDir: string;
  }
}

const ROOT = join(import.meta.dirname, '..');

function tsFiles(dir: string, skip: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) && !skip.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Transpiles src/ and test/peers/ into `.test-build/<tag>/` (called by the global setup); returns the folder. */
export async function compileForChildren(tag: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(ROOT, '.test-build', tag);
  rmSync(out, { recursive: true, force: true });
  const entryPoints = [...tsFiles(join(ROOT, 'src'), /\.test\.ts$/), ...tsFiles(join(ROOT, 'test', 'peers'), /^$/)];
  await build({ entryPoints, outdir: out, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'error' });
  // Everything in src/ that is not TypeScript: migrations and their journal, the phone worker (.mjs).
  cpSync(join(ROOT, 'src'), join(out, 'src'), { recursive: true, filter: (from) => !/\.(ts|mts|cts)$/.test(from) || /\.d\.mts$/.test(from) });
  mkdirSync(out, { recursive: true });
  symlinkSync(join(ROOT, 'web'), join(out, 'web'));
  return out;
}

export function removeCompiled(dir: string) {
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  const parent = join(ROOT, '.test-build');
  if (existsSync(parent) && !readdirSync(parent).length) rmSync(parent, { recursive: true, force: true });
}

/** The node arguments that run a TypeScript entry point: its compiled copy when the run has one, else through tsx. */
export function nodeArgs(tsFile: string): string[] {
  let dir = '';
  try {
    dir = inject('wmBuildDir');
  } catch {
    dir = '';
  }
  if (!dir) return ['--import', 'tsx', tsFile];
  return [join(dir, relative(ROOT, tsFile)).replace(/\.ts$/, '.js')];
}

/** The simulator's entry point (started by the harness and the crash test as a process of its own). */
export const SIMULATOR_MAIN = join(ROOT, 'src', 'providers', 'simulator', 'main.ts');
