import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './client.js';

/**
 * COPY … FROM STDIN inside a transaction, for bulk writes (imports). PostgreSQL only: PGlite's
 * driver has no COPY FROM STDIN, so callers keep a parameterised INSERT for it (`canCopy`).
 */
function pgClientOf(tx: Db): pg.ClientBase | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}

/** True when `tx` runs on PostgreSQL (node-postgres), where `copyIn` works. */
export const canCopy = (tx: Db): boolean => pgClientOf(tx) !== null;

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: NULL as \N; backslash, tab, newline and CR escaped. */
export function copyValue(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
}

/** A text[] value in COPY's text format (an array literal, each element quoted). */
export function copyTextArray(values: readonly string[]): string {
  if (!values.length) return '{}';
  return copyValue(`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

/**
 * Streams `text` (rows in COPY text format, each ending in a newline) into `statement`
 * (`copy <table> (<columns>) from stdin`) on the transaction's connection. A failing row fails
 * the statement and, like any error, the transaction (or the caller's savepoint).
 */
export async function copyIn(tx: Db, statement: string, text: string): Promise<void> {
  const client = pgClientOf(tx);
  if (!client) throw new Error('COPY needs PostgreSQL');
  const stream = client.query(copyFrom(statement));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(text);
  });
}
