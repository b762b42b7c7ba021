import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, postMultipart, signUp, waitForImport } from './factories.js';

const CONSENTED = { basis: 'consented', description: 'Signed up at the counter on our paper form, which says we will text offers.' };

describeEachDb('CSV import', (use) => {
  beforeAll(async () => {
    await use().ctx.jobs.work();
  });
  const owner = async () => (await signUp(use().app)).client;
  async function importFile(c: Client, content: Buffer | string, options: object = { consent: CONSENTED }, mapping?: object) {
    const r = await postMultipart(c, '/v1/imports', { options, ...(mapping ? { mapping } : {}) }, { content });
    expect(r.statusCode, r.body).toBe(202);
    return waitForImport(c, r.json().id);
  }
  const errorsOf = async (c: Client, id: string) => {
    const csv = (await c.get(`/v1/imports/${id}/errors.csv`)).body.trim().split('\n');
    return csv.slice(1).map((l) => l.split(','));
  };

  it('previews a file: header, sample rows and a detected mapping', async () => {
    const c = await owner();
    await c.post('/v1/custom-fields', { label: 'Loyalty tier', type: 'text' });
    const r = await postMultipart(c, '/v1/imports/preview', {}, { content: 'First Name,Mobile,Email,Loyalty Tier\nAda,(415) 555-0100,ada@example.com,gold\n' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      uploadId: expect.stringMatching(/^upl_/), encoding: 'utf-8', delimiter: ',', headers: ['First Name', 'Mobile', 'Email', 'Loyalty Tier'],
      sampleRows: [['Ada', '(415) 555-0100', 'ada@example.com', 'gold']], mapping: { phone: 1, firstName: 0, email: 2, fields: { loyalty_tier: 3 } },
    });
  });

  it('imports mixed formats, reports bad rows and in-file duplicates, and records consent evidence', async () => {
    const c = await owner();
    const csv = [
      'phone,first_name,last_name,email,tags',
      '(415) 555-0101,Ada,Lovelace,ada@example.com,vip',
      '+1 415 555 0102,Bob,,,',
      '415.555.0101,Ada,Again,,', // duplicate of row 2 in another format
      '12,Tiny,,,', // too short
      '+1 415 555 01021234567,Long,,,', // too long
      'not a number,Nope,,,',
      ',NoPhone,,,',
      '+44 20 7946 0958,Landline,,,', // fixed line
      '"+33 6 12 34 56 78","Zoé ""Z""","Multi\nLine",,',
    ].join('\n');
    const r = await importFile(c, csv, { consent: CONSENTED, tags: ['spring-list'], defaultCountry: 'US' });
    // Skipped: the duplicate and the landline ("Skip landlines" was chosen: a skip, not a failure — it showed under FAILED).
    expect(r).toMatchObject({ status: 'completed', total: 9, processed: 9, inserted: 3, updated: 0, skipped: 2, failed: 4, percent: 100 });
    const contacts = (await c.get('/v1/contacts?limit=50')).json().data;
    expect(contacts.map((x: { phone: string }) => x.phone).sort()).toEqual(['+14155550101', '+14155550102', '+33612345678']);
    const zoe = contacts.find((x: { phone: string }) => x.phone === '+33612345678');
    expect(zoe).toMatchObject({ firstName: 'Zoé "Z"', lastName: 'Multi\nLine', tags: ['spring-list'], consent: { state: 'opted_in' } });
    const tl = (await c.get(`/v1/contacts/${zoe.id}/consent`)).json().data;
    expect(tl[0]).toMatchObject({ kind: 'opt_in', source: 'import', evidence: { wording: CONSENTED.description, importId: expect.any(String) } });
    const errors = await errorsOf(c, (await c.get('/v1/imports')).json().data[0].id);
    expect(errors.map((e) => [e[0], e[2]])).toEqual([
      ['4', 'duplicate_in_file'], ['5', 'too_short'], ['6', 'too_long'], ['7', 'invalid_phone'], ['8', 'missing_phone'], ['9', 'landline'],
    ]);
  });

  it('numbers rows as a spreadsheet shows them: blank lines inside the file count as rows (and are not imported)', async () => {
    const c = await owner();
    // A blank line before the header does not move it; the header is row 1.
    const csv = '\nphone,first_name\n4155550111,Ann\n\n\n12,Tiny\n4155550112,Ben\n\nnot a number,Nope\n';
    const r = await importFile(c, csv);
    expect(r).toMatchObject({ status: 'completed', total: 4, processed: 4, inserted: 2, failed: 2 });
    const errors = await errorsOf(c, (await c.get('/v1/imports')).json().data[0].id);
    expect(errors.map((e) => [e[0], e[2]])).toEqual([['5', 'too_short'], ['8', 'invalid_phone']]);
  });

  it('sniffs the delimiter from the header line when blank lines come before it (preview and import alike)', async () => {
    const c = await owner();
    const csv = '\r\n\r\nphone;first_name\r\n4155550121;Ann\r\n';
    const pv = await postMultipart(c, '/v1/imports/preview', {}, { content: csv });
    expect(pv.json()).toMatchObject({ delimiter: ';', headers: ['phone', 'first_name'], sampleRows: [['4155550121', 'Ann']], mapping: { phone: 0, firstName: 1 } });
    expect(await importFile(c, csv)).toMatchObject({ status: 'completed', total: 1, processed: 1, inserted: 1 });
    expect((await c.get('/v1/contacts')).json().data).toMatchObject([{ phone: '+14155550121', firstName: 'Ann' }]);
  });

  it('previews a file as the import reads it (its CSV options): a second BOM, a line of just "", blank lines', async () => {
    const c = await owner();
    // Saved twice with a BOM: the import's parser drops the second one, so the first column is Phone, not "Phone" with its quotes.
    // A line holding one empty quoted cell is an empty line to the import: no row to show.
    const csv = `\uFEFF\uFEFF"Phone",Name\n4155550131,Ann\n""\n\n4155550132,Ben\n`;
    const pv = await postMultipart(c, '/v1/imports/preview', {}, { content: csv });
    expect(pv.statusCode, pv.body).toBe(201);
    expect(pv.json()).toMatchObject({ headers: ['Phone', 'Name'], sampleRows: [['4155550131', 'Ann'], ['4155550132', 'Ben']], mapping: { phone: 0 } });
    expect(await importFile(c, csv)).toMatchObject({ status: 'completed', total: 2, processed: 2, inserted: 2, failed: 0 });
    // Blank lines take none of the sample's ten rows, before the header or among the rows.
    const many = `${'\n'.repeat(12)}phone\n${Array.from({ length: 12 }, (_, i) => `41555502${10 + i}\n\n`).join('')}`;
    const shown = (await postMultipart(c, '/v1/imports/preview', {}, { content: many })).json();
    expect(shown).toMatchObject({ headers: ['phone'], mapping: { phone: 0 } });
    expect(shown.sampleRows).toEqual(Array.from({ length: 10 }, (_, i) => [`41555502${10 + i}`]));
  });

  it('previews and imports a file over 64 KB whose lines end in CR only (Excel\'s "CSV (Macintosh)"), as the import\'s parser reads it', async () => {
    const c = await owner();
    const phone = (i: number) => `+1 415 555 ${String(1000 + i).padStart(4, '0')}`;
    // Semicolons between the cells, commas inside them: the delimiter is sniffed from the header line (up to its CR), not the whole sample.
    const csv = `phone;first_name\r${Array.from({ length: 3000 }, (_, i) => `${phone(i)};Person, ${i}, Jr\r`).join('')}`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(64 * 1024);
    const pv = await postMultipart(c, '/v1/imports/preview', {}, { content: csv });
    expect(pv.statusCode, pv.body).toBe(201);
    expect(pv.json()).toMatchObject({ delimiter: ';', headers: ['phone', 'first_name'], mapping: { phone: 0 } });
    expect(pv.json().sampleRows).toEqual(Array.from({ length: 10 }, (_, i) => [phone(i), `Person, ${i}, Jr`]));
    expect(await importFile(c, csv, { consent: { basis: 'unknown' } })).toMatchObject({ status: 'completed', total: 3000, inserted: 3000, failed: 0 });
  });

  it('never opts an opted-out or suppressed number back in, and leaves consent unknown without a basis', async () => {
    const c = await owner();
    const out = (await c.post('/v1/contacts', { phone: '+1 305 555 0400' })).json();
    await c.post(`/v1/contacts/${out.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    const erased = (await c.post('/v1/contacts', { phone: '+1 305 555 0401' })).json();
    await c.post(`/v1/contacts/${erased.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    await c.delete(`/v1/contacts/${erased.id}`);
    await importFile(c, 'phone,consent\n3055550400,yes\n3055550401,yes\n3055550402,yes\n');
    const byPhone = async (p: string) => (await c.get(`/v1/contacts?query=${encodeURIComponent(p)}`)).json().data[0];
    expect((await byPhone('+13055550400')).consent.state).toBe('opted_out');
    expect((await byPhone('+13055550401')).consent.state).toBe('opted_out');
    expect((await byPhone('+13055550402')).consent.state).toBe('opted_in');
    await importFile(c, 'phone\n3055550403\n', { consent: { basis: 'unknown' } });
    expect((await byPhone('+13055550403')).consent.state).toBe('unknown');
    await importFile(c, 'phone,status\n3055550402,unsubscribed\n', { consent: { basis: 'unknown' } }, { phone: 'phone', consent: 'status' });
    expect((await byPhone('+13055550402')).consent.state).toBe('opted_out');
  });

  it('updates existing contacts or skips them, as chosen', async () => {
    const c = await owner();
    await c.post('/v1/contacts', { phone: '+1 305 555 0410', firstName: 'Old', tags: ['a'] });
    const skip = await importFile(c, 'phone,first_name,tags\n3055550410,New,b\n', { consent: { basis: 'unknown' }, existing: 'skip' });
    expect(skip).toMatchObject({ inserted: 0, updated: 0, skipped: 1 });
    const upd = await importFile(c, 'phone,first_name,tags\n3055550410,New,b\n', { consent: { basis: 'unknown' }, existing: 'update' });
    expect(upd).toMatchObject({ inserted: 0, updated: 1, skipped: 0 });
    const ct = (await c.get('/v1/contacts')).json().data[0];
    expect(ct).toMatchObject({ firstName: 'New', tags: ['a', 'b'] });
  });

  it.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('phone,first_name\r\n4155550420,Zoë\r\n', 'utf16le')]), 'Zoë'],
    ['Latin-1', Buffer.from('phone;first_name\n4155550421;Zo\xeb\n', 'latin1'), 'Zoë'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('phone,first_name\n4155550422,Zoë\n')]), 'Zoë'],
  ])('reads %s', async (_label, bytes, name) => {
    const c = await owner();
    const r = await importFile(c, bytes, { consent: { basis: 'unknown' } });
    expect(r).toMatchObject({ status: 'completed', inserted: 1, failed: 0 });
    expect((await c.get('/v1/contacts')).json().data[0].firstName).toBe(name);
  });

  it('reports ragged rows and a 2 MB line (over the 1 MB row limit, across upload chunks) per row, and imports the rest', { timeout: 120_000 }, async () => {
    const c = await owner();
    const huge = `4155550431,"${'x'.repeat(2 * 1024 * 1024)}"`;
    const csv = ['phone,first_name', '4155550430,A', '4155550432,B,extra,cells', huge, '4155550433,D'].join('\n');
    const r = await importFile(c, csv, { consent: { basis: 'unknown' } });
    expect(r).toMatchObject({ status: 'completed', inserted: 2, failed: 2 });
    const errs = (await errorsOf(c, (await c.get('/v1/imports')).json().data[0].id)).map((e) => e[2]);
    expect(errs).toEqual(['ragged_row', 'row_too_large']);
  });

  it.each([
    ['an empty file', '', 'empty_file'],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3, 4, 5]), 'binary_file'],
    ['a file with no phone column', 'name,city\nAda,Paris\n', 'no_phone_column'],
  ])('refuses %s and stores nothing', async (_label, content, code) => {
    const { ctx } = use();
    const c = await owner();
    const before = (await ctx.database.query<{ n: number }>('select count(*) n from uploads')).rows[0].n;
    const r = await postMultipart(c, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe(code);
    const after = (await ctx.database.query<{ n: number }>('select count(*) n from uploads')).rows[0].n;
    if (code !== 'no_phone_column') expect(after).toBe(before);
  });

  it('refuses a consented import without the description of how consent was given', async () => {
    const c = await owner();
    const r = await postMultipart(c, '/v1/imports', { options: { consent: { basis: 'consented' } } }, { content: 'phone\n4155550440\n' });
    expect(r.json().error.code).toBe('consent_description_required');
    const bad = await postMultipart(c, '/v1/imports', { options: '{not json' }, { content: 'phone\n4155550440\n' });
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('imports by upload id with a corrected mapping (JSON API) and keeps a history', async () => {
    const c = await owner();
    const pv = (await postMultipart(c, '/v1/imports/preview', {}, { content: 'a,b\nAda,4155550450\n' })).json();
    expect(pv.mapping.phone).toBe(1);
    const r = await c.post('/v1/imports', { uploadId: pv.uploadId, mapping: { phone: 'b', firstName: 'a' }, options: { consent: { basis: 'unknown' } } });
    expect(r.statusCode).toBe(202);
    const done = await waitForImport(c, r.json().id);
    expect(done.inserted).toBe(1);
    expect((await c.get('/v1/contacts')).json().data[0].firstName).toBe('Ada');
    const badCol = await c.post('/v1/imports', { uploadId: pv.uploadId, mapping: { phone: 'zzz' }, options: { consent: { basis: 'unknown' } } });
    expect(badCol.json().error.code).toBe('unknown_column');
    expect((await c.get('/v1/imports')).json().data).toHaveLength(1);
  });

  it('cancels a queued import; another account cannot see or cancel it', async () => {
    const { ctx } = use();
    const c = await owner();
    const other = await owner();
    const r = await postMultipart(c, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content: 'phone\n4155550460\n' });
    const id = r.json().id;
    expect((await other.get(`/v1/imports/${id}`)).statusCode).toBe(404);
    expect((await other.post(`/v1/imports/${id}/cancel`)).statusCode).toBe(404);
    expect((await other.get(`/v1/imports/${id}/errors.csv`)).statusCode).toBe(404);
    const cancel = await c.post(`/v1/imports/${id}/cancel`);
    if (cancel.statusCode === 200) expect(cancel.json().status).toBe('canceled');
    else expect(cancel.json().error.code).toBe('import_finished'); // the worker was faster
    void ctx;
  });
});

describeEachDb('CSV import size limit', (use) => {
  it('answers a file over the limit with 413 and stores nothing', async () => {
    const { ctx, app } = use();
    const { client } = await signUp(app);
    const r = await postMultipart(client, '/v1/imports/preview', {}, { content: `phone\n${'4155550100\n'.repeat(500)}` });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('file_too_large');
    expect((await ctx.database.query<{ n: number }>('select count(*) n from uploads')).rows[0].n).toBe(0);
  });
}, { IMPORT_MAX_BYTES: '2048' });

describeEachDb('CSV import, unbalanced quote', (use) => {
  it('fails clearly, writing nothing, when a row runs past IMPORT_MAX_RECORD_BYTES (an unclosed quote)', async () => {
    const { ctx, app } = use();
    await ctx.jobs.work();
    const { client } = await signUp(app);
    const csv = `phone,first_name\n4155550500,A\n4155550501,"unclosed ${'y'.repeat(5 * 1024 * 1024)}\n4155550502,C\n`;
    const r = await postMultipart(client, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content: csv });
    const done = await waitForImport(client, r.json().id);
    expect(done).toMatchObject({ status: 'failed', inserted: 0 });
    expect(done.error).toMatch(/Row 3 is longer than 4 MB/);
    expect((await client.get('/v1/contacts')).json().data).toHaveLength(0);
  }, 120_000);

  it('names the overlong row as the error report would: blank lines before the header are not rows', async () => {
    const { ctx, app } = use();
    await ctx.jobs.work();
    const { client } = await signUp(app);
    const csv = `\n\nphone,first_name\n4155550500,A\n4155550501,"unclosed ${'y'.repeat(5 * 1024 * 1024)}\n4155550502,C\n`;
    const r = await postMultipart(client, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content: csv });
    const done = await waitForImport(client, r.json().id);
    expect(done).toMatchObject({ status: 'failed' });
    expect(done.error).toMatch(/Row 3 is longer than 4 MB/);
  }, 120_000);
}, { IMPORT_MAX_BYTES: String(16 * 1024 * 1024), IMPORT_MAX_RECORD_BYTES: String(4 * 1024 * 1024) }); // 32 MB by default
