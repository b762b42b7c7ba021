import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../src/db/schema/index.js';
import { KEPT_RECORDS, NOT_PERSONAL, PERSONAL_DATA } from '../src/modules/privacy/data-map.js';

/**
 * DESIGN "Personal data has an owner": every table whose columns look personal is in the data
 * map with an erase hook that exists (or in KEPT_RECORDS with why and how long, or in NOT_PERSONAL with the reason), and the map names
 * only real tables and columns. Reads the schema every migration is generated from.
 */
const tables = Object.values(schema)
  .filter((t) => t instanceof PgTable)
  .map((t) => getTableConfig(t as PgTable))
  .map((c) => ({ name: c.name, columns: c.columns.map((col) => col.name) }));

/**
 * Column names that look like personal data (ids of other rows excepted): a person's own words and answers (a CSAT score), stored files (`data`), addresses they reached or were reached at (`url`),
 * free text someone wrote (`description`, a mail's or an inquiry's `subject`) and stored copies of a document (`content`: an issued statement carries the account's name),
 * and what staff or operators write about someone: a `reason` (a denial, an extension, an enforcement), a legal request's `scope` and what was `disclosed`,
 * a review's `resolution`, an entry's `details`, the `label` that names who acted.
 */
const PERSONAL = /(^|_)(phone|number|to|from|body|name|email|ip|user_agent|address|note|notes|evidence|payload|bytes|data|filename|text|wording|url|score|content|description|subject|reason|scope|disclosed|resolution|details|label)($|_)/;
const looksPersonal = (column: string) => PERSONAL.test(column) && !/_id$|_ids$/.test(column);

/** A hook `module.fn` is a function exported by one of src/modules/<module>/*.service.ts (dataRequests → data-requests). */
function hookExists(name: string): boolean {
  const [mod, fn] = name.split('.');
  const dir = join(import.meta.dirname, '..', 'src', 'modules', mod.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.service.ts'));
  } catch {
    return false;
  }
  const exported = new RegExp(`export (async )?function\\*? ${fn}\\b|export const ${fn}\\b`);
  return files.some((f) => exported.test(readFileSync(join(dir, f), 'utf8')));
}

describe('privacy data map', () => {
  it('lists every table whose columns look personal (or says why it is kept, or why it holds none)', () => {
    const listed = new Set([...PERSONAL_DATA.map((t) => t.table), ...KEPT_RECORDS.map((t) => t.table), ...Object.keys(NOT_PERSONAL)]);
    const missing = tables.filter((t) => t.columns.some(looksPersonal) && !listed.has(t.name)).map((t) => `${t.name} (${t.columns.filter(looksPersonal).join(', ')})`);
    expect(missing, 'tables with personal-looking columns missing from src/modules/privacy/data-map.ts').toEqual([]);
  });

  it('names only real tables and columns, once each, with an export section or the reason there is none', () => {
    const byName = new Map(tables.map((t) => [t.name, t]));
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const e of PERSONAL_DATA) {
      const t = byName.get(e.table);
      if (!t) problems.push(`${e.table}: no such table`);
      else for (const c of e.personal) if (!t.columns.includes(c)) problems.push(`${e.table}.${c}: no such column`);
      if (seen.has(e.table) || e.table in NOT_PERSONAL) problems.push(`${e.table}: listed twice`);
      seen.add(e.table);
      if (e.export === null && !e.why) problems.push(`${e.table}: not exported and no reason given`);
      if (!e.erase) problems.push(`${e.table}: no erase hook`);
    }
    for (const e of KEPT_RECORDS) {
      const t = byName.get(e.table);
      if (!t) problems.push(`${e.table}: no such table (KEPT_RECORDS)`);
      else for (const c of e.personal) if (!t.columns.includes(c)) problems.push(`${e.table}.${c}: no such column (KEPT_RECORDS)`);
      if (seen.has(e.table) || e.table in NOT_PERSONAL) problems.push(`${e.table}: listed twice`);
      seen.add(e.table);
      if (!e.why || !e.kept) problems.push(`${e.table}: kept without saying why and how long`);
    }
    for (const t of Object.keys(NOT_PERSONAL)) if (!byName.has(t)) problems.push(`${t}: no such table (NOT_PERSONAL)`);
    expect(problems).toEqual([]);
  });

  it('names erase hooks that exist (an exported function of the module\'s services)', () => {
    const missing = [...new Set(PERSONAL_DATA.map((t) => t.erase))].filter((hook) => !hookExists(hook));
    expect(missing).toEqual([]);
  });

  it('fails for a table it does not know (the check can fail)', () => {
    const fake = { name: 'new_feature_table', columns: ['account_id', 'id', 'customer_phone'] };
    const listed = new Set([...PERSONAL_DATA.map((t) => t.table), ...KEPT_RECORDS.map((t) => t.table), ...Object.keys(NOT_PERSONAL)]);
    expect(fake.columns.some(looksPersonal) && !listed.has(fake.name)).toBe(true);
    expect(['content', 'description', 'subject', 'subject_id'].map(looksPersonal)).toEqual([true, true, true, false]);
    expect(['scope', 'disclosed', 'denial_reason', 'reason', 'operator_label', 'resolution', 'paused_details'].every(looksPersonal)).toBe(true);
    expect(hookExists('contacts.noSuchHook')).toBe(false);
    expect(hookExists('privacy.eraseContacts')).toBe(true);
  });
});
