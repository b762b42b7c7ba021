/**
 * Runs the slowest test files first, so the run does not end with one long file alone on a core.
 * Vitest does this itself from its cache of earlier runs; a fresh clone (CI) has no cache, so the
 * durations of a measured run are committed in test/durations.json (seconds per file; refresh it
 * from a run's JSON report when files are added or change much). Files it does not list run first.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = join(import.meta.dirname, '..');
const durations: Record<string, number> = JSON.parse(readFileSync(join(import.meta.dirname, 'durations.json'), 'utf8'));

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = (f: TestSpecification) => durations[relative(root, f.moduleId)] ?? Infinity;
    return [...(await super.sort(files))].sort((a, b) => known(b) - known(a));
  }
}
