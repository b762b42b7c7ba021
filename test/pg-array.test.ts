// pgArray (src/db/pg-array.ts): array parameters as literals built in one pass; every value comes back as it went, on both databases.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgArray } from '../src/db/pg-array.js';

const VALUES = [
  'd3b07384-d9a0-4f5c-8e4f-2b1f5c6a7e80', 'sent', '1000,1001,1002', 'NULL', 'null', '', ' padded ', 'a"quote', 'back\\slash', '{braces}',
  'comma,inside', 'line\nbreak', 'ESME_RINVDSTADR', 'REJECTD:0x0b', '2026-11-30T14:20:27.123Z', '+15125550199', 'é€😀', '"', '\\', null, undefined,
];

type Q = (sql: string, params: unknown[]) => Promise<{ rows: Array<{ v: unknown }> }>;
const targets: Array<[string, () => Promise<{ q: Q; end: () => Promise<void> }>]> = [
  ['pglite', async () => { const db = await PGlite.create(); return { q: (s, p) => db.query(s, p), end: () => db.close() }; }],
  ...(process.env.TEST_DATABASE_URL ? [['postgres', async () => {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    return { q: (s: string, p: unknown[]) => c.query(s, p), end: () => c.end() };
  }] as [string, () => Promise<{ q: Q; end: () => Promise<void> }>]] : []),
];

describe.each(targets)('pgArray on %s', (_, open) => {
  let db: Awaited<ReturnType<typeof open>> | null = null;
  const q = async () => db!.q;
  beforeAll(async () => { db = await open(); }, 120_000);
  afterAll(async () => db?.end());

  it('text values of every shape round-trip (quoted and escaped where needed, NULL stays a null)', async () => {
    const { rows: [r] } = await (await q())('select $1::text[] as v', [pgArray(VALUES)]);
    expect(r.v).toEqual(VALUES.map((v) => v ?? null));
  });

  it('numbers, uuids and timestamps, and the empty array', async () => {
    const run = await q();
    expect((await run('select $1::int[] as v', [pgArray([1, -2, null, 2147483647])])).rows[0].v).toEqual([1, -2, null, 2147483647]);
    expect((await run('select $1::uuid[] as v', [pgArray(['d3b07384-d9a0-4f5c-8e4f-2b1f5c6a7e80', null])])).rows[0].v).toEqual(['d3b07384-d9a0-4f5c-8e4f-2b1f5c6a7e80', null]);
    expect((await run('select $1::timestamptz[] as v', [pgArray(['2026-11-30T14:20:27.123Z', null])])).rows[0].v).toEqual([new Date('2026-11-30T14:20:27.123Z'), null]);
    expect((await run('select cardinality($1::text[]) as v', [pgArray([])])).rows[0].v).toBe(0);
  });
});
