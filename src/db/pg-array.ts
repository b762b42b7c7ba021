/**
 * A PostgreSQL array literal (`{a,b,NULL}`) for a query parameter, built in one pass. The `pg`
 * driver's own conversion of a JS array quotes and escapes every element through two regular
 * expressions; the dispatcher's batch statements send tens of thousands of ids, statuses and
 * numbers per batch, which need no quoting. Elements that do (anything beyond letters, digits and
 * `_ . : + -`, or the word NULL) are quoted and escaped as the driver does. Cast the parameter in SQL
 * (`$1::uuid[]`).
 */
const BARE = /^[0-9A-Za-z_.:+-]+$/;
const NULL_WORD = /^null$/i;

export function pgArray(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) s += ',';
    if (v === null || v === undefined) s += 'NULL';
    else if (typeof v !== 'string') s += String(v);
    else if (BARE.test(v) && !NULL_WORD.test(v)) s += v;
    else s += `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${s}}`;
}
