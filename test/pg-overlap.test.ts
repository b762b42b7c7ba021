/**
 * The overlapping-query detector (test/pg-overlap.ts) itself, on PostgreSQL: it reads pg's private
 * state, so a pg upgrade that renames it must fail here rather than leave the detector blind.
 * Unless TEST_PG_OVERLAP=off, the wrapper's records are checked too, and the value pg returns (a
 * copy stream's Submittable, synchronously) passes through unchanged.
 */
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, TEST_PG_URL } from './harness.js';
import { MODE, clientBusy, takeOverlaps } from './pg-overlap.js';

const detecting = MODE !== 'off'; // the detector's own default (on)

describe.runIf(DB_KINDS.includes('postgres'))('overlapping queries on one PostgreSQL client', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it('a client is busy from a query\'s start to its end, and a second query then started is recorded', async () => {
    expect(clientBusy(client)).toBe(false);
    const first = client.query('select pg_sleep(0.05)');
    expect(clientBusy(client)).toBe(true);
    const second = client.query('select 1 as one');
    await Promise.all([first, second]);
    expect(clientBusy(client)).toBe(false);
    const recorded = takeOverlaps();
    if (detecting) {
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toContain('started: select 1 as one');
      expect(recorded[0]).toContain('running: select pg_sleep(0.05)');
      expect(recorded[0]).toContain('pg-overlap.test.ts');
    } else expect(recorded).toEqual([]);
  });

  it('queries one after another, and pooled queries at once, are not overlaps; a Submittable comes back as given', async () => {
    await client.query('select 1');
    await client.query('select 2');
    const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 3 });
    try {
      const rows = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.query('select $1::int as n, pg_sleep(0.01)', [n])));
      expect(rows.map((r) => r.rows[0].n)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await pool.end();
    }
    const stream = copyTo('copy (select 1) to stdout');
    expect(client.query(stream)).toBe(stream);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('1\n');
    expect(takeOverlaps()).toEqual([]);
  });
});
