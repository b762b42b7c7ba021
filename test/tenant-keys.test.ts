import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';

/**
 * The Citus contract (DESIGN, data rules): every tenant table carries a NOT NULL account_id,
 * and its primary key, every unique index and every foreign key to another tenant table lead
 * with it, so a sharded PostgreSQL distributed by account_id takes the schema unchanged.
 * Platform tables (reference tables, or distributed by something else) are listed here with
 * the reason; a new table is a tenant table unless it is added to this list.
 */
export const PLATFORM_TABLES: Record<string, string> = {
  accounts: 'the tenants themselves (reference table)',
  users: 'persons: one login across accounts',
  sessions: "a person's sessions; account_id is the account a session acts in",
  password_resets: "a person's one-time tokens",
  sign_in_events: "a person's sign-in history (successes and failures on a known login), across accounts",
  auth_throttle: 'failed sign-in counters by email/IP, before any account is known',
  policy_documents: 'the platform policy versions',
  emails: 'outgoing mail, some of it before an account exists',
  number_routes: 'inbound routing by the `to` number: a live number is unique platform-wide',
  outbox_positions: "consumers' positions; a consumer reads across accounts",
  platform_audit_events: 'the platform audit chain (events with no account)',
  platform_audit_heads: 'the head of the platform audit chain',
  signup_requests: 'sign-ups waiting for email confirmation, before the account exists',
  email_changes: "a person's new email address waiting for confirmation from that address",
  link_domains: "an account's own short-link domain: a click's Host names the account before any link is read (one domain, one account)",
  signup_form_routes: 'public sign-up form pages by slug: a slug names one form platform-wide',
  legal_requests: 'legal requests received by the platform; one may concern several accounts (legal_request_accounts), kept as a legal record',
  price_book: 'the platform price book (operator-edited); per-account prices are price_overrides',
  business_transfers: 'a change of owner of an account or of the platform itself, kept as a record (notices per account: transfer_notices)',
  operators: 'platform staff (issue 13): not members of any account',
  number_give_backs: 'an erased account\'s numbers its carrier has not taken back yet: kept past the account\'s erasure (no personal data), read by due time across accounts by the hourly job',
  operator_sessions: "an operator's sessions",
  operator_settings: 'platform-wide operator settings (one row: the bootstrap token turned off)',
  risk_settings: 'the risk signals\' thresholds operators set for the whole platform (one row)',
};

interface Col { table: string; column: string; notnull: boolean }
interface Idx { table: string; name: string; columns: string[]; primary: boolean }
interface Fk { table: string; name: string; columns: string[]; ref_table: string; ref_columns: string[] }

describeEachDb('tenant keys (catalog)', (use) => {
  it('every tenant table leads its primary key, unique indexes and tenant foreign keys with a NOT NULL account_id', async () => {
    const q = use().ctx.database.query;
    const tables = (await q<{ name: string }>(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`)).rows.map((r) => r.name);
    const cols = (await q<Col>(
      `select c.relname as table, a.attname as column, a.attnotnull as notnull from pg_attribute a join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and a.attname = 'account_id' and not a.attisdropped`,
    )).rows;
    const idx = (await q<Idx>(
      `select t.relname as table, i.relname as name, i2.indisprimary as primary,
              array(select a.attname from unnest(i2.indkey::int2[]) with ordinality k(attnum, ord) left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord)::text[] as columns
       from pg_index i2 join pg_class i on i.oid = i2.indexrelid join pg_class t on t.oid = i2.indrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = 'public' and (i2.indisunique or i2.indisprimary)`,
    )).rows;
    const fks = (await q<Fk>(
      `select t.relname as table, con.conname as name, r.relname as ref_table,
              array(select a.attname from unnest(con.conkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord)::text[] as columns,
              array(select a.attname from unnest(con.confkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord)::text[] as ref_columns
       from pg_constraint con join pg_class t on t.oid = con.conrelid join pg_class r on r.oid = con.confrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = 'public' and con.contype = 'f'`,
    )).rows;

    const tenant = tables.filter((t) => !(t in PLATFORM_TABLES));
    const problems: string[] = [];
    for (const t of tenant) {
      const col = cols.find((c) => c.table === t);
      if (!col) problems.push(`${t}: no account_id column (a tenant table, or list it as a platform table with a reason)`);
      else if (!col.notnull) problems.push(`${t}: account_id may be NULL`);
      const pk = idx.find((i) => i.table === t && i.primary);
      if (!pk) problems.push(`${t}: no primary key`);
      for (const i of idx.filter((i) => i.table === t)) {
        if (i.columns[0] !== 'account_id') problems.push(`${t}: ${i.primary ? 'primary key' : 'unique index'} ${i.name} (${i.columns.join(', ')}) does not lead with account_id`);
      }
      for (const f of fks.filter((f) => f.table === t && tenant.includes(f.ref_table))) {
        if (f.columns[0] !== 'account_id' || f.ref_columns[0] !== 'account_id') {
          problems.push(`${t}: foreign key ${f.name} (${f.columns.join(', ')}) → ${f.ref_table}(${f.ref_columns.join(', ')}) does not lead with account_id`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Enough tenant tables are checked that the rule means something, and the list names no ghosts.
    expect(tenant).toEqual(expect.arrayContaining(['contacts', 'messages', 'memberships', 'api_keys', 'conversations', 'outbox', 'audit_events']));
    const ghosts = Object.keys(PLATFORM_TABLES).filter((t) => !tables.includes(t));
    expect(ghosts).toEqual([]);
  });

  it('a platform table never references a tenant table (Citus: reference tables cannot)', async () => {
    const q = use().ctx.database.query;
    const { rows } = await q<{ table: string; ref_table: string }>(
      `select t.relname as table, r.relname as ref_table from pg_constraint con join pg_class t on t.oid = con.conrelid join pg_class r on r.oid = con.confrelid
       join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public' and con.contype = 'f'`,
    );
    const bad = rows.filter((r) => r.table in PLATFORM_TABLES && !(r.ref_table in PLATFORM_TABLES));
    expect(bad).toEqual([]);
  });
});
