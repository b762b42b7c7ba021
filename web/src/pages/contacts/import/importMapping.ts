import type { CustomField, Mapping, MappingTarget } from '../contactTypes';

/** Per column of the file: a contact attribute, `field:<key>`, or SKIP. */
export type ColumnTarget = string;
export const SKIP = 'skip';

export const TARGET_LABELS: Record<MappingTarget, string> = {
  phone: 'Phone',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  email: 'Email',
  tags: 'Tags',
  timeZone: 'Time zone',
  notes: 'Notes',
  consent: 'Consent',
};
const TARGETS = Object.keys(TARGET_LABELS) as MappingTarget[];

export function targetOptions(fields: CustomField[]) {
  return [
    { group: 'Contact', items: TARGETS.map((t) => ({ value: t, label: TARGET_LABELS[t] })) },
    ...(fields.length ? [{ group: 'Custom fields', items: fields.map((f) => ({ value: `field:${f.key}`, label: f.label })) }] : []),
    { group: 'Other', items: [{ value: SKIP, label: 'Don’t import' }] },
  ];
}

/** The detected mapping as one target per column. */
export function columnsFromMapping(mapping: Mapping, columns: number): ColumnTarget[] {
  const out: ColumnTarget[] = Array.from({ length: columns }, () => SKIP);
  for (const t of TARGETS) {
    const i = mapping[t];
    if (typeof i === 'number' && i < columns) out[i] = t;
  }
  for (const [key, i] of Object.entries(mapping.fields ?? {})) if (i < columns) out[i] = `field:${key}`;
  return out;
}

/** Sets a column's target; each target is used by one column only, so it moves off any other. */
export function assign(targets: ColumnTarget[], column: number, target: ColumnTarget): ColumnTarget[] {
  return targets.map((t, i) => (i === column ? target : target !== SKIP && t === target ? SKIP : t));
}

/** The mapping the API takes: column indexes per target, custom fields by key. */
export function mappingFromColumns(targets: ColumnTarget[]): Mapping {
  const mapping: Mapping = { phone: null, fields: {} };
  targets.forEach((t, i) => {
    if (t === SKIP) return;
    if (t.startsWith('field:')) mapping.fields[t.slice(6)] = i;
    else (mapping as unknown as Record<string, number>)[t] = i;
  });
  return mapping;
}

/** Up to three non-empty example values of a column. */
export function examples(rows: string[][], column: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const v = (r[column] ?? '').trim();
    if (v && !out.includes(v)) out.push(v.length > 40 ? `${v.slice(0, 39)}…` : v);
    if (out.length === 3) break;
  }
  return out;
}
