import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_OPTIONS, runImport } from '../src/modules/imports/import-runner.js';
import { describeEachDb } from './harness.js';
import { postMultipart, signUp, type Client } from './factories.js';

/**
 * A record the CSV parser skips as malformed (`malformed_row`). With our options (relax_quotes,
 * relax_column_count, no trimming, no comments) the parser skips exactly one kind of record: an
 * opening quote never closed before the end of the file (CSV_QUOTE_NOT_CLOSED) — it swallows the
 * rest of the file, so it is always the file's last record. (A longer one hits max_record_size
 * and fails the import instead: imports.test.)
 */
describe('what csv-parse skips with the import\'s options', () => {
  const skips = (text: string) => {
    const codes: string[] = [];
    const records = parse(text, { ...CSV_OPTIONS, delimiter: ',', max_record_size: 1 << 20, on_skip: (e) => void codes.push(e?.code ?? '?') }) as string[][];
    return { codes, records: records.length };
  };
  it.each([
    ['an invalid closing quote followed by a character', 'a,b\n"x"y,1\n2,3\n', 3],
    ['a quote inside an unquoted field', 'a,b\nx"y,1\n2,3\n', 3],
    ['a lone quote mid-field, closed later on the line', 'a,b\nx"y"z,1\n2,3\n', 3],
    ['more and fewer cells than the header', 'a,b\n1,2,3\n4\n5,6\n', 4],
    ['a backslash "escape" inside quotes', 'a,b\n"x\\"y",1\n2,3\n', 3],
    ['a quote then spaces before the delimiter', 'a,b\n"x" ,1\n2,3\n', 3],
    ['a BOM then a quoted header', '\ufeff"a",b\n1,2\n', 2],
  ])('keeps every record of %s (no skip)', (_name, text, records) => {
    expect(skips(text)).toEqual({ codes: [], records });
  });
  it('skips only a quote left open to the end of the file, as the last record', () => {
    expect(skips('a,b\n1,2\n"3,4\n5,6\n')).toEqual({ codes: ['CSV_QUOTE_NOT_CLOSED'], records: 2 });
  });
});

const UNKNOWN = { consent: { basis: 'unknown' } };
const BATCH = 10; // IMPORT_BATCH_ROWS' minimum
/** Distinct US numbers, the i-th good row's. */
const phone = (i: number) => `+1415555${String(1000 + i).padStart(4, '0')}`;

/**
 * A header, `good` rows and a last row with an unclosed quote that swallows the two lines after
 * it: in a spreadsheet, row `good + 2` holds "…9999,Zed\n…9998,Yan" in one cell.
 */
const fileWith = (good: number) =>
  ['phone,first_name', ...Array.from({ length: good }, (_, i) => `${phone(i)},P${i}`), '"+14155559999,Zed', '+14155559998,Yan', ''].join('\n');

describeEachDb('CSV import, a malformed row (unclosed quote at the end)', (use) => {
  const q = async <T>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;

  /**
   * Makes the n-th batch commit of any import lose its runner (the update of the import's
   * counters matches no row): the batch rolls back and the runner stops with the import running
   * and its earlier batches committed — the state a killed process leaves. 0: no crash. Each
   * committed batch's checkpoint is logged (test_checkpoints).
   */
  async function crashAtBatch(n: number) {
    await q('drop trigger if exists test_crash on imports');
    await q('drop sequence if exists test_crash_seq');
    if (n < 0) return;
    await q('create sequence test_crash_seq');
    await q('create table if not exists test_checkpoints (import_id uuid, seq serial, row_number int)');
    await q(`create or replace function test_crash() returns trigger language plpgsql as $$
      begin
        if nextval('test_crash_seq') = ${n} then return null; end if;
        insert into test_checkpoints (import_id, row_number) values (new.id, new.checkpoint_row);
        return new;
      end $$`);
    await q('create trigger test_crash before update on imports for each row when (new.processed is distinct from old.processed) execute function test_crash()');
  }

  async function importWithCrash(c: Client, good: number, crashAt: number) {
    const r = await postMultipart(c, '/v1/imports', { options: UNKNOWN }, { content: fileWith(good) });
    expect(r.statusCode, r.body).toBe(202);
    const [{ id, accountId }] = await q<{ id: string; accountId: string }>(`select id, account_id "accountId" from imports order by created_at desc limit 1`); // this test's only queued import
    await crashAtBatch(crashAt);
    await runImport(use().ctx, { accountId, importId: id });
    await crashAtBatch(0);
    const [mid] = await q<{ status: string }>('select status from imports where id = $1', [id]);
    if (mid.status === 'running') {
      // Restart: the dead runner's heartbeat is stale, a new runner resumes from the checkpoint.
      await q(`update imports set heartbeat_at = now() - interval '1 hour' where id = $1`, [id]);
      await runImport(use().ctx, { accountId, importId: id });
    }
    return { id: r.json().id as string, importId: id, accountId, crashed: mid.status === 'running' };
  }

  beforeAll(async () => {
    await crashAtBatch(-1);
  });

  // good = 40: the malformed row is alone in the last batch (a boundary just before it);
  // good = 39: it ends the fourth batch (a boundary just after it). Every batch is tried as the crash.
  for (const good of [39, 40]) {
    const batches = Math.ceil((good + 1) / BATCH);
    it.each(Array.from({ length: batches + 1 }, (_, i) => i))(`${good} good rows, crash in batch %i (0: none): every good row once, the malformed row once with its row number`, async (crashAt) => {
      const { client: c } = await signUp(use().app);
      const { id, importId, accountId, crashed } = await importWithCrash(c, good, crashAt);
      expect(crashed).toBe(crashAt > 0);
      const phones = (await q<{ phone: string }>('select phone from contacts where account_id = $1 order by phone', [accountId])).map((x) => x.phone);
      expect(phones).toEqual(Array.from({ length: good }, (_, i) => phone(i))); // not …9999/…9998: they are inside the quote
      const errors = await q<{ row_number: number; reason: string }>('select row_number, reason from import_errors where import_id = $1 order by row_number', [importId]);
      expect(errors).toEqual([{ row_number: good + 2, reason: 'malformed_row' }]);
      const report = parse((await c.get(`/v1/imports/${id}/errors.csv`)).body) as string[][];
      expect(report.slice(1).map((l) => [l[0], l[2]])).toEqual([[String(good + 2), 'malformed_row']]);
      const done = (await c.get(`/v1/imports/${id}`)).json();
      expect(done).toMatchObject({ status: 'completed', total: good + 1, processed: good + 1, inserted: good, updated: 0, skipped: 0, failed: 1 });
      expect(done.processed).toBe(done.inserted + done.updated + done.skipped + done.failed);
      // The checkpoint only moves forward, to the file's last row: a crash between any two batches resumes safely.
      const checkpoints = (await q<{ row_number: number }>('select row_number from test_checkpoints where import_id = $1 order by seq', [importId])).map((x) => x.row_number);
      expect(checkpoints).toEqual([...checkpoints].sort((a, b) => a - b));
      expect(new Set(checkpoints).size).toBe(checkpoints.length);
      expect(checkpoints.at(-1)).toBe(good + 2);
    }, 60_000);
  }
}, { IMPORT_BATCH_ROWS: String(BATCH) });

// An error on our side (here: the contacts table gone) ends the import `failed` with a reference for
// support, and is thrown on to the job runner, which logs and counts it: it used to be swallowed, so a
// server whose every import failed (the phone workers refusing npm start's Node flags) logged nothing.
describeEachDb('CSV import, an error on our side', (use) => {
  it('ends the import failed with the SQLSTATE as a reference, and throws to the job runner (logged, counted)', async () => {
    const { app, ctx } = use();
    const owner = await signUp(app);
    const r = await postMultipart(owner.client, '/v1/imports', { options: UNKNOWN }, { content: ['phone', phone(1), phone(2), ''].join('\n') });
    expect(r.statusCode, r.body).toBe(202);
    const [{ id, accountId }] = (await ctx.database.query<{ id: string; accountId: string }>(`select id, account_id "accountId" from imports order by created_at desc limit 1`)).rows;
    await ctx.database.query('alter table contacts rename to contacts_away');
    try {
      await expect(runImport(ctx, { accountId, importId: id })).rejects.toMatchObject({ code: '42P01' });
    } finally {
      await ctx.database.query('alter table contacts_away rename to contacts');
    }
    const [imp] = (await ctx.database.query<{ status: string; error: string }>('select status, error from imports where id = $1', [id])).rows;
    expect(imp.status).toBe('failed');
    expect(imp.error).toContain('(reference: database error 42P01)');
  }, 60_000);
});
