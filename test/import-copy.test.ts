import pg from 'pg';
import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { fromPublicId, newUuids } from '../src/lib/ids.js';
import { phoneHash } from '../src/modules/consent/consent.service.js';
import { writeBatch, type Accepted, type ImportPolicy, type WriteHint } from '../src/modules/imports/batch-writer.js';
import type { RowError } from '../src/modules/imports/rows.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

// The import's set-based write path (COPY on PostgreSQL, INSERT … SELECT on PGlite) and its
// fallbacks when a number is already there: no contact lost, none doubled, counts exact.
async function setUpWith(use: () => TestEnv) {
  const { ctx, app } = use();
  const { accountId } = await signUp(app);
  const account = fromPublicId('account', accountId)!;
  const [importId] = newUuids(1);
  const policy: ImportPolicy = { importId, accountId: account, existing: 'update', consentDescription: 'Paper form', userId: null, actor: { type: 'system', id: null, label: 'import test' } };
  const row = (n: number, e164: string, over: Partial<Accepted> = {}): Accepted => ({
    row: n, e164, type: 'mobile', country: 'US', firstName: `F${n}`, lastName: 'Tab\there', email: null, tags: ['a"b', 'back\\slash'], notes: 'line\nbreak',
    fields: { tier: 'gold' }, timeZone: 'America/Los_Angeles', timeZoneSource: 'number', consent: null, phoneHash: phoneHash(ctx, e164), newId: newUuids(1)[0], ...over,
  });
  const q = async <T>(sql: string, params: unknown[] = []) => (await ctx.database.query<T>(sql, params)).rows;
  const write = (rows: Accepted[], hint: WriteHint, errors: RowError[] = []) => withTx(ctx.db, (tx) => writeBatch(ctx, tx, policy, rows, errors, hint));
  return { ctx, account, importId, row, q, write };
}

describeEachDb('import batch writes', (use) => {
  const setUp = () => setUpWith(use);

  it('writes new contacts and their opt-in evidence in one go, values intact (tabs, newlines, quotes, backslashes)', async () => {
    const { account, importId, row, q, write } = await setUp();
    const hint = { lookupFirst: false };
    const counts = await write([row(2, '+14155550101'), row(3, '+14155550102')], hint);
    expect(counts).toMatchObject({ inserted: 2, updated: 0, skipped: 0 });
    expect(hint.lookupFirst).toBe(false);
    const rows = await q<Record<string, unknown>>(`select phone, last_name, notes, tags, fields, consent_state, consent_updated_at is not null as stamped, import_id from contacts where account_id = $1 order by phone`, [account]);
    expect(rows).toEqual([
      { phone: '+14155550101', last_name: 'Tab\there', notes: 'line\nbreak', tags: ['a"b', 'back\\slash'], fields: { tier: 'gold' }, consent_state: 'opted_in', stamped: true, import_id: importId },
      { phone: '+14155550102', last_name: 'Tab\there', notes: 'line\nbreak', tags: ['a"b', 'back\\slash'], fields: { tier: 'gold' }, consent_state: 'opted_in', stamped: true, import_id: importId },
    ]);
    const events = await q<{ n: number }>(`select count(*)::int n from consent_events where account_id = $1 and kind = 'opt_in' and evidence->>'importId' = $2 and contact_id is not null`, [account, importId]);
    expect(events[0].n).toBe(2);
  });

  it('a number already in the account: the optimistic COPY is rolled back, the batch looks up and updates it instead', async () => {
    const { ctx, account, row, q, write } = await setUp();
    const [known] = newUuids(1);
    await q(`insert into contacts (id, account_id, phone, first_name) values ($1, $2, '+14155550201', 'Known')`, [known, account]);
    const hint = { lookupFirst: false };
    const counts = await write([row(2, '+14155550200'), row(3, '+14155550201'), row(4, '+14155550202')], hint);
    expect(counts).toMatchObject({ inserted: 2, updated: 1, skipped: 0 });
    expect(hint.lookupFirst).toBe(ctx.database.kind === 'postgres'); // the next batch looks up first (PGlite always does)
    const rows = await q<{ id: string; phone: string; first_name: string }>(`select id, phone, first_name from contacts where account_id = $1 order by phone`, [account]);
    expect(rows.map((r) => r.phone)).toEqual(['+14155550200', '+14155550201', '+14155550202']);
    expect(rows[1]).toMatchObject({ id: known, first_name: 'F3' });
    const events = await q<{ n: number }>(`select count(*)::int n from consent_events where account_id = $1 and kind = 'opt_in'`, [account]);
    expect(events[0].n).toBe(3);
    // A later batch that finds none of its numbers goes back to COPY straight away.
    await write([row(5, '+14155550203')], hint);
    expect(hint.lookupFirst).toBe(false);
  });

});

// Two connections racing: PGlite has one connection, so this is PostgreSQL's alone.
describeEachDb('import batch writes beside another writer', (use) => {
  it('a contact committed by another writer between the lookup and the COPY is skipped, not doubled', async () => {
    const { ctx, account, row, q, write } = await setUpWith(use);
    const other = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`insert into contacts (id, account_id, phone, first_name) values ($1, $2, '+14155550301', 'Other')`, [newUuids(1)[0], account]);
      // The lookup does not see the uncommitted row; the COPY then waits on it.
      const writing = write([row(2, '+14155550300'), row(3, '+14155550301'), row(4, '+14155550302')], { lookupFirst: true });
      for (let i = 0; ; i++) {
        const waiting = await q<{ n: number }>(`select count(*)::int n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'copy contacts%'`);
        if (waiting[0].n === 1) break;
        if (i > 600) throw new Error('the COPY never waited on the other transaction');
        await new Promise((r) => setImmediate(r));
      }
      await other.query('commit');
      const counts = await writing;
      expect(counts).toMatchObject({ inserted: 2, updated: 0, skipped: 1 });
    } finally {
      await other.end();
    }
    const rows = await q<{ phone: string; first_name: string }>(`select phone, first_name from contacts where account_id = $1 order by phone`, [account]);
    expect(rows).toEqual([{ phone: '+14155550300', first_name: 'F2' }, { phone: '+14155550301', first_name: 'Other' }, { phone: '+14155550302', first_name: 'F4' }]);
    const events = await q<{ n: number }>(`select count(*)::int n from consent_events where account_id = $1`, [account]);
    expect(events[0].n).toBe(2); // no evidence for the contact the import did not write
  });
}, {}, { only: 'postgres' });
