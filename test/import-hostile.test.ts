import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, postMultipart, signUp, waitForImport } from './factories.js';

/**
 * Hostile CSV files (issue 12, "Bad input"): every fault gets a per-row or per-file answer in
 * our words, the rest of the file imports, and nothing of a refused upload stays stored.
 */
const UNKNOWN = { consent: { basis: 'unknown' } };

/** Multipart with the file FIRST and the fields after it (a browser may send them in any order). */
async function fileThenFields(file: string | Buffer, fields: Record<string, string>) {
  const fd = new FormData();
  fd.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), 'contacts.csv');
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

/** A US mobile-style number per row index, all distinct. */
const phone = (i: number) => `+1 415 555 ${String(1000 + i).padStart(4, '0')}`;

describeEachDb('CSV import, hostile files', (use) => {
  beforeAll(async () => {
    await use().ctx.jobs.work();
  });
  const owner = async () => (await signUp(use().app)).client;
  async function importFile(c: Client, content: Buffer | string, options: object = UNKNOWN) {
    const r = await postMultipart(c, '/v1/imports', { options }, { content });
    expect(r.statusCode, r.body).toBe(202);
    return waitForImport(c, r.json().id);
  }
  /** The error report as rows of [row, column, reason, value, message]. */
  async function report(c: Client, id: string): Promise<string[][]> {
    const csv = (await c.get(`/v1/imports/${id}/errors.csv`)).body;
    const { parse } = await import('csv-parse/sync');
    return (parse(csv) as string[][]).slice(1);
  }
  const stored = async () => {
    const q = async (sql: string) => Number((await use().ctx.database.query<{ n: number | string }>(sql)).rows[0].n);
    return { uploads: await q('select count(*) n from uploads'), chunks: await q('select count(*) n from upload_chunks') };
  };

  it('a NUL in a cell, in the first 8 KB or after it, is reported on its row; the other 300 of 302 rows import', async () => {
    const c = await owner();
    const rows = Array.from({ length: 302 }, (_, i) => `${phone(i)},Person ${i} with a longish name to pass 8 KB`);
    rows[2] = `${phone(2)},Nul\u0000early`; // row 4 of the file, inside the sniffing window
    rows[280] = `${phone(280)},Nul\u0000late`; // row 282, far past the first 8 KB
    const csv = `phone,first_name\n${rows.join('\n')}\n`;
    expect(Buffer.byteLength(csv.split('\n').slice(0, 282).join('\n'))).toBeGreaterThan(8192);
    const done = await importFile(c, csv);
    expect(done).toMatchObject({ status: 'completed', total: 302, inserted: 300, failed: 2, error: null });
    const errs = await report(c, done.id);
    expect(errs.map((e) => [e[0], e[1], e[2]])).toEqual([['4', 'first_name', 'invalid_characters'], ['282', 'first_name', 'invalid_characters']]);
    expect(errs[0][4]).toMatch(/NUL/);
    expect(JSON.stringify(errs)).not.toMatch(/0x00|invalid byte sequence|SQLSTATE|22021/);
  });

  it('a NUL in the header names or in an unmapped column is still per row, never PostgreSQL\'s message', async () => {
    const c = await owner();
    const csv = `phone,first_name,no\u0000te\n${phone(1)},Ada,x\n${phone(2)},Bob,\u0000\n`;
    const done = await importFile(c, csv);
    expect(done).toMatchObject({ status: 'completed', inserted: 1, failed: 1, error: null });
    const errs = await report(c, done.id);
    expect(errs.map((e) => [e[0], e[1], e[2]])).toEqual([['3', 'no\ufffdte', 'invalid_characters']]);
  });

  it('a file with 100,000 columns is refused as too_many_columns with the count and the limit, and stores nothing', async () => {
    const c = await owner();
    const header = ['phone', ...Array.from({ length: 99_999 }, (_, i) => `c${i}`)].join(',');
    const csv = `${header}\n${phone(1)}${','.repeat(99_999)}\n`;
    const before = await stored();
    for (const url of ['/v1/imports/preview', '/v1/imports']) {
      const r = await postMultipart(c, url, url === '/v1/imports' ? { options: UNKNOWN } : {}, { content: csv });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'too_many_columns', details: { columns: 100_000, limit: 1000 } });
      expect(r.json().error.message).toMatch(/100,000 columns.*1,000/);
    }
    expect(await stored()).toEqual(before);
  });

  it('a header of 1,001 columns is refused; 1,000 is accepted; a header line with no end in sight is header_too_long', async () => {
    const c = await owner();
    const cols = (n: number) => ['phone', ...Array.from({ length: n - 1 }, (_, i) => `c${i}`)].join(',');
    const over = await postMultipart(c, '/v1/imports/preview', {}, { content: `${cols(1001)}\n${phone(1)}\n` });
    expect(over.json().error).toMatchObject({ code: 'too_many_columns', details: { columns: 1001, limit: 1000 } });
    const ok = await postMultipart(c, '/v1/imports/preview', {}, { content: `${cols(1000)}\n${phone(1)}\n` });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().headers).toHaveLength(1000);
    const long = await postMultipart(c, '/v1/imports/preview', {}, { content: `phone,"${'n'.repeat(200_000)}"\n${phone(1)},x\n` });
    expect(long.statusCode, long.body).toBe(422);
    expect(long.json().error).toMatchObject({ code: 'header_too_long', details: { limitBytes: 65536 } });
  });

  it('a row wider than the column limit is reported on its row (too_many_columns); the others import', async () => {
    const c = await owner();
    const csv = `phone,first_name\n${phone(1)},Ada\n${phone(2)},Wide${','.repeat(1500)}\n${phone(3)},Cy\n`;
    const done = await importFile(c, csv);
    expect(done).toMatchObject({ status: 'completed', inserted: 2, failed: 1 });
    const errs = await report(c, done.id);
    expect(errs.map((e) => [e[0], e[2], e[3]])).toEqual([['3', 'too_many_columns', '1502 cells; the limit is 1000']]);
  });

  it('a UTF-8 file with Windows-1252 rows: those rows are reported (invalid_encoding, with the Windows-1252 reading flagged), the rest import intact', async () => {
    const c = await owner();
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    const bytes = Buffer.concat([
      utf8(`phone,first_name\n${phone(1)},Zoë\n`),
      Buffer.from(`${phone(2)},Ren\xe9e\n`, 'latin1'), // one Latin-1 row among UTF-8 ones
      utf8(`${phone(3)},Chloé\n`),
    ]);
    const done = await importFile(c, bytes);
    expect(done).toMatchObject({ status: 'completed', inserted: 2, failed: 1 });
    const names = (await c.get('/v1/contacts?limit=10')).json().data.map((x: { firstName: string }) => x.firstName).sort();
    expect(names).toEqual(['Chloé', 'Zoë']);
    const errs = await report(c, done.id);
    expect(errs.map((e) => [e[0], e[1], e[2], e[3]])).toEqual([['3', 'first_name', 'invalid_encoding', 'Renée']]);
    expect(errs[0][4]).toMatch(/invalid UTF-8 byte sequence.*Windows-1252/i);
  });

  it('the same when the Latin-1 row is past the first 64 KB, and in a BOM\'d UTF-8 file with invalid sequences', async () => {
    const c = await owner();
    const filler = Array.from({ length: 2000 }, (_, i) => `${phone(i)},Zoë ${i} ${'x'.repeat(20)}\n`).join('');
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`phone,first_name\n${filler}`, 'utf8'),
      Buffer.from([...Buffer.from(`${phone(2500)},Bad`), 0xff, 0xfe, 0x0a]), Buffer.from(`${phone(2501)},Ok\n`),
    ]);
    expect(bytes.length).toBeGreaterThan(65536);
    const done = await importFile(c, bytes);
    expect(done).toMatchObject({ status: 'completed', inserted: 2001, failed: 1 });
    const errs = await report(c, done.id);
    expect(errs.map((e) => [e[0], e[2]])).toEqual([['2002', 'invalid_encoding']]);
  });

  it('a UTF-16 file with an unpaired surrogate: that row is reported (invalid_characters), the others import', async () => {
    const c = await owner();
    const u16 = (t: string) => Buffer.from(t, 'utf16le');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), u16(`phone,first_name\r\n${phone(1)},Zoë 😀\r\n${phone(2)},Bad`), Buffer.from([0x3d, 0xd8]), u16(`\r\n${phone(3)},Cy\r\n`)]);
    const done = await importFile(c, bytes);
    expect(done).toMatchObject({ status: 'completed', inserted: 2, failed: 1 });
    const errs = await report(c, done.id);
    expect(errs.map((e) => [e[0], e[1], e[2]])).toEqual([['3', 'first_name', 'invalid_characters']]);
    const names = (await c.get('/v1/contacts?limit=10')).json().data.map((x: { firstName: string }) => x.firstName).sort();
    expect(names).toEqual(['Cy', 'Zoë 😀']);
  });

  it('a whole file in Windows-1252 keeps importing as before', async () => {
    const c = await owner();
    const file = Buffer.from(`phone;first_name\n${phone(1)};Ren\xe9e\n${phone(2)};\x80uro\n`, 'latin1');
    const pv = (await postMultipart(c, '/v1/imports/preview', {}, { content: file })).json();
    expect(pv).toMatchObject({ encoding: 'windows-1252', sampleRows: [[phone(1), 'Renée'], [phone(2), '€uro']] });
    const done = await importFile(c, file);
    expect(done).toMatchObject({ status: 'completed', inserted: 2, failed: 0 });
    const names = (await c.get('/v1/contacts?limit=10')).json().data.map((x: { firstName: string }) => x.firstName).sort();
    expect(names).toEqual(['Renée', '€uro']);
  });

  it('refused uploads leave nothing in uploads or upload_chunks', async () => {
    const { app } = use();
    const c = await owner();
    const before = await stored();
    // refused at validation, fields after the file
    const late = await fileThenFields(`phone\n${phone(1)}\n`, { options: '{"consent":{}}' });
    expect((await c.request('POST', '/v1/imports', late.payload, { 'content-type': late.contentType })).statusCode).toBe(422);
    // a field with a NUL after the file
    const nul = await fileThenFields(`phone\n${phone(1)}\n`, { options: '{"consent":{"basis":"unknown"}}', 'x\u0000': '1' });
    expect((await c.request('POST', '/v1/imports', nul.payload, { 'content-type': nul.contentType })).statusCode).toBe(400);
    // two files
    const two = await fileThenFields(`phone\n${phone(1)}\n`, {});
    const fd = new FormData();
    fd.append('file', new Blob(['phone\n4155550100\n']), 'a.csv');
    fd.append('file2', new Blob(['phone\n4155550101\n']), 'b.csv');
    const twoFiles = new Response(fd);
    const r2 = await c.request('POST', '/v1/imports/preview', Buffer.from(await twoFiles.arrayBuffer()), { 'content-type': twoFiles.headers.get('content-type')! });
    expect([r2.statusCode, r2.json().error.code]).toEqual([413, 'bad_request']); // over the multipart limit of one file
    void two;
    // a preview of a file with a header and nothing the parser can read
    const noRows = await postMultipart(c, '/v1/imports/preview', {}, { content: '\n\n\n' });
    expect(noRows.statusCode).toBe(422);
    // wrong type, bad encoding
    expect((await postMultipart(c, '/v1/imports/preview', {}, { content: Buffer.from([0x25, 0x50, 0x44, 0x46, 1, 2]) })).statusCode).toBe(422);
    expect((await postMultipart(c, '/v1/imports/preview', {}, { content: Buffer.from(`phone\n${'\x01\x02\x03\x04\x05\x06'.repeat(3)}\n`, 'latin1') })).statusCode).toBe(422);
    // abandoned half-way: the body ends in the middle of the file part
    const half = await fileThenFields(`phone\n${'4155550100\n'.repeat(200_000)}`, {});
    const cut = half.payload.subarray(0, 1_500_000);
    const r = await c.request('POST', '/v1/imports/preview', cut, { 'content-type': half.contentType });
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'upload_incomplete']);
    expect(await stored()).toEqual(before);
    void app;
  });

  it('a periodic sweep removes uploads abandoned longer than the configured age (controlled clock), keeping fresh ones and those an import uses', async () => {
    const { ctx } = use();
    const c = await owner();
    const before = await stored();
    const pv = (await postMultipart(c, '/v1/imports/preview', {}, { content: `phone\n${phone(1)}\n` })).json();
    const used = await importFile(c, `phone\n${phone(2)}\n`);
    expect(used.status).toBe('completed');
    const after = await stored();
    expect(after.uploads).toBe(before.uploads + 2);
    const { sweepAbandonedUploads } = await import('../src/modules/imports/imports.service.js');
    const { fromPublicId } = await import('../src/lib/ids.js');
    const rowsOf = async (uploadId: string) => Number((await ctx.database.query<{ n: number | string }>(
      `select (select count(*) from uploads where id = $1) + (select count(*) from upload_chunks where upload_id = $1) n`, [uploadId],
    )).rows[0].n);
    const previewed = () => rowsOf(fromPublicId('upload', pv.uploadId)!);
    const usedUpload = (await ctx.database.query<{ upload_id: string }>('select upload_id from imports where id = $1', [fromPublicId('import', used.id)])).rows[0].upload_id;
    expect(await previewed()).toBe(2); // the upload row and its one chunk
    await sweepAbandonedUploads(ctx); // nothing is old yet
    expect(await previewed()).toBe(2);
    const real = ctx.now;
    ctx.now = () => new Date(real().getTime() + ctx.config.uploadAbandonAfterMs + 60_000);
    try {
      expect(await sweepAbandonedUploads(ctx)).toBeGreaterThanOrEqual(1);
    } finally {
      ctx.now = real;
    }
    expect(await previewed()).toBe(0);
    expect(await rowsOf(usedUpload)).toBe(2); // an import's file is retention's business, not the sweep's
    const gone = await c.post('/v1/imports', { uploadId: pv.uploadId, options: UNKNOWN });
    expect(gone.statusCode).toBe(404);
    expect((await c.get(`/v1/imports/${used.id}`)).json().status).toBe('completed');
  });
});

describeEachDb('CSV import, refused for size mid-stream', (use) => {
  it('a file refused as too large after its first chunk was written leaves no chunk behind', async () => {
    const { app, ctx } = use();
    const { client } = await signUp(app);
    const r = await postMultipart(client, '/v1/imports/preview', {}, { content: `phone\n${'4155550100\n'.repeat(250_000)}` });
    expect(r.statusCode).toBe(413);
    const n = async (t: string) => Number((await ctx.database.query<{ n: number | string }>(`select count(*) n from ${t}`)).rows[0].n);
    expect([await n('uploads'), await n('upload_chunks')]).toEqual([0, 0]);
  });
}, { IMPORT_MAX_BYTES: String(2 * 1024 * 1024) });
