/**
 * A dump of the whole database (every row of every table of every schema, pg-boss included,
 * as text; bytea columns also decoded as Latin-1 and UTF-16) and of every file under DATA_DIR,
 * for the erasure tests: what an attacker with a copy of the storage would read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/db/client.js';

export interface DumpLine { where: string; text: string }

export async function dumpDatabase(db: Database): Promise<DumpLine[]> {
  const tables = (await db.query<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  )).rows;
  const binary = (await db.query<{ s: string; t: string; c: string }>(
    `select table_schema as s, table_name as t, column_name as c from information_schema.columns
      where data_type = 'bytea' and table_schema not in ('pg_catalog', 'information_schema')`,
  )).rows;
  const out: DumpLine[] = [];
  for (const { s, t } of tables) {
    const rows = (await db.query<{ r: string }>(`select x::text as r from "${s}"."${t}" x`)).rows;
    for (const r of rows) out.push({ where: `${s}.${t}`, text: r.r });
    for (const b of binary.filter((x) => x.s === s && x.t === t)) {
      const bytes = (await db.query<{ v: Uint8Array | null }>(`select "${b.c}" as v from "${s}"."${t}"`)).rows;
      for (const v of bytes) {
        if (!v.v) continue;
        const buf = Buffer.from(v.v);
        out.push({ where: `${s}.${t}.${b.c}`, text: buf.toString('latin1') }, { where: `${s}.${t}.${b.c} (utf-16)`, text: buf.toString('utf16le') });
      }
    }
  }
  return out;
}

export function dumpFiles(dir: string): DumpLine[] {
  const out: DumpLine[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const buf = readFileSync(p);
        out.push({ where: p, text: buf.toString('latin1') }, { where: `${p} (utf-16)`, text: buf.toString('utf16le') });
      }
    }
  };
  walk(dir);
  return out;
}

const NUMBERISH = /\+?\d[\d\s().\/-]{4,}\d/g;

/**
 * Where a dump still holds any of these: a number in any format (E.164, national, digits only,
 * dashes, dots, parentheses: any run of digits and separators whose digits are one of the
 * number's forms) or a string (name, email, body; case-insensitive).
 */
export function findTraces(lines: DumpLine[], needles: { digits: string[]; strings: string[] }): string[] {
  const digits = new Set(needles.digits);
  const strings = needles.strings.map((s) => s.toLowerCase());
  const found: string[] = [];
  for (const l of lines) {
    const lower = l.text.toLowerCase();
    for (const s of strings) if (lower.includes(s)) found.push(`${l.where}: "${s}"`);
    for (const m of l.text.matchAll(NUMBERISH)) if (digits.has(m[0].replace(/\D/g, ''))) found.push(`${l.where}: number as "${m[0]}"`);
  }
  return [...new Set(found)];
}
