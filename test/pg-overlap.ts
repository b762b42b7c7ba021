/**
 * Queries started on a node-postgres client that is still running one (a vitest setup file,
 * vitest.config.ts). pg queues them and warns "Calling client.query() when the client is already
 * executing a query is deprecated" (pg@9 refuses them): it is `Promise.all` over one transaction,
 * or over a `db` that may be one. Pooled queries never overlap: each has a connection of its own.
 *
 * `pg.Client.prototype.query` is wrapped once per worker: a call looks at the client's own state
 * (a query running or queued, as pg does before it warns) and, only when it overlaps, keeps the
 * caller's stack. The wrapper returns what pg returns, unchanged (a promise; undefined with a
 * callback; the Submittable itself, synchronously, for pg-copy-streams and cursors).
 *
 * On by default since a whole clean-clone run in report mode (2 Dec) found no site but one (session
 * locks, fixed); TEST_PG_OVERLAP chooses:
 * - `fail` (the default): the test during which it happened fails (afterEach), with the statements and stacks;
 * - `report:<file>`: one JSON line per overlap (test, statements, stack) is appended to <file>, no test fails;
 * - `off`: no wrapper, no hook.
 * An overlap between tests (a background job) is reported, never failed: no test of its own to blame.
 * Only PostgreSQL runs through pg.Client; PGlite has one connection and serializes by itself.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, expect } from 'vitest';

export const MODE = process.env.TEST_PG_OVERLAP || 'fail';
const REPORT = MODE.startsWith('report:') ? MODE.slice('report:'.length) : null;
if (MODE !== 'off' && MODE !== 'fail' && !REPORT) throw new Error(`TEST_PG_OVERLAP=${MODE}: use fail, report:<file> or off`);

interface PgClientState {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
  pipeline?: boolean;
}

interface Overlaps {
  /** Stacks of the overlapping calls since the current test began (or since the last test ended). */
  stacks: string[];
  /** The test running now, for the report. */
  test: string;
}

/**
 * Whether pg would queue a query started on `client` now: one in flight or waiting (pg's own test
 * before it warns), outside pipeline mode. pg's private fields: test/pg-overlap.test.ts fails if an
 * upgrade renames them (the detector would see nothing).
 */
export function clientBusy(client: object): boolean {
  const c = client as PgClientState;
  return (c._activeQuery != null || (c._queryQueue?.length ?? 0) > 0) && !c.pipeline;
}

const KEY = Symbol.for('westmessage.test.pgOverlap');
type Wrapped = ((...args: unknown[]) => unknown) & { [KEY]?: Overlaps };

/** The caller's frames (Drizzle's and pg's are deep: the default limit of 10 would show only them), libraries' dropped. */
function callerStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').slice(1).filter((l) => !l.includes('/node_modules/') && !l.includes('pg-overlap.ts')).slice(0, 20).join('\n');
}

/** A query's statement, shortened, for the report: a string, or a query config's or Query's text. */
function sqlOf(q: unknown, role: string): string {
  const text = typeof q === 'string' ? q : (q as { text?: unknown } | null)?.text;
  return `    ${role}: ${typeof text === 'string' ? text.replace(/\s+/g, ' ').slice(0, 160) : '(no text)'}`;
}

function install(): Overlaps | null {
  if (MODE === 'off') return null;
  const proto = pg.Client.prototype as unknown as { query: Wrapped };
  // Setup files run again for every test file of a worker (isolate: false): wrap once.
  const existing = proto.query[KEY];
  if (existing) return existing;
  const state: Overlaps = { stacks: [], test: '(between tests)' };
  const original = proto.query;
  const query: Wrapped = function query(this: PgClientState, ...args: unknown[]) {
    if (clientBusy(this)) {
      // A Drizzle query builder awaited as a thenable starts its query with no frame of the caller: the
      // statements (the one waiting and the one running) say where it came from.
      const stack = `${sqlOf(args[0], 'started')}\n${sqlOf(this._activeQuery, 'running')}\n${callerStack()}`;
      state.stacks.push(stack);
      if (REPORT) appendFileSync(REPORT, `${JSON.stringify({ test: state.test, stack })}\n`);
    }
    return original.apply(this, args);
  };
  query[KEY] = state;
  proto.query = query;
  return state;
}

const overlaps = install();

/** The overlaps recorded during the current test, taken (it will not fail for them); [] when the detector is off. */
export function takeOverlaps(): string[] {
  return overlaps ? overlaps.stacks.splice(0) : [];
}

if (overlaps) {
  beforeEach(() => {
    const s = expect.getState();
    overlaps.test = `${relative(process.cwd(), s.testPath ?? '?')} > ${s.currentTestName ?? '?'}`;
    // What happened between tests (setup, a background job) is not this test's: shown, not failed.
    const between = overlaps.stacks.splice(0);
    if (between.length && !REPORT) console.warn(`pg-overlap: ${between.length} overlapping queries before ${overlaps.test}:\n${between.slice(0, 3).join('\n\n')}`);
  });
  afterEach(() => {
    const stacks = overlaps.stacks.splice(0);
    overlaps.test = '(between tests)';
    if (REPORT || stacks.length === 0) return;
    throw new Error(
      `${stacks.length} quer${stacks.length === 1 ? 'y was' : 'ies were'} started on a PostgreSQL client already running one `
      + '(Promise.all over one transaction or client? pg queues them, warns, and pg@9 refuses them: run them one after another). '
      + `Where (TEST_PG_OVERLAP=report:<file> records without failing):\n\n${stacks.slice(0, 3).join('\n\n')}`,
    );
  });
}
