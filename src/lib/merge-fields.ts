/**
 * Merge fields of a message body: `{{first_name}}` or `{{first_name|fallback}}` — the standard
 * fields (first_name, last_name, email, phone) and the account's custom field keys. Pure: parsing,
 * validation (the first problem names the field) and rendering for one recipient. The same token
 * syntax as campaigns/merge-fields.ts (which fills them in SQL for a fan-out).
 */
export const STANDARD_MERGE_FIELDS = ['first_name', 'last_name', 'email', 'phone'] as const;

export interface MergeToken { token: string; name: string; fallback: string }
export type MergeProblem = { code: 'malformed_merge_field' | 'unknown_merge_field'; field: string; message: string };
/** A recipient's values by field name (custom fields by key); null, undefined or blank: the fallback. */
export type MergeValues = Readonly<Record<string, string | number | boolean | null | undefined>>;

const TOKEN = /\{\{([^{}]*)\}\}/g;
const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** The tokens of a body, or the first problem: malformed, or a field neither standard nor in `customKeys`. */
export function parseMergeFields(body: string, customKeys: readonly string[]): { tokens: MergeToken[] } | { problem: MergeProblem } {
  const tokens: MergeToken[] = [];
  for (const m of body.matchAll(TOKEN)) {
    const [rawName, ...rest] = m[1].split('|');
    const name = rawName.trim().toLowerCase();
    if (!NAME.test(name) || rest.length > 1) {
      return { problem: { code: 'malformed_merge_field', field: m[0], message: `Merge field ${m[0]} is malformed: write {{name}} or {{name|fallback}}.` } };
    }
    if (!(STANDARD_MERGE_FIELDS as readonly string[]).includes(name) && !customKeys.includes(name)) {
      return { problem: { code: 'unknown_merge_field', field: name, message: `Unknown merge field "${name}": use ${STANDARD_MERGE_FIELDS.join(', ')} or a custom field key.` } };
    }
    tokens.push({ token: m[0], name, fallback: rest[0]?.trim() ?? '' });
  }
  const stray = /\{\{|\}\}/.exec(body.replace(TOKEN, ''));
  if (stray) return { problem: { code: 'malformed_merge_field', field: stray[0], message: `The body has an unmatched "${stray[0]}": write merge fields as {{name}} or {{name|fallback}}.` } };
  return { tokens };
}

const text = (v: MergeValues[string]): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v).trim();
};

/** The body with each merge field replaced by the recipient's value, or its fallback when the value is missing or blank. */
export function renderMergeFields(body: string, tokens: readonly MergeToken[], values: MergeValues): string {
  if (!tokens.length) return body;
  const byToken = new Map(tokens.map((t) => [t.token, t]));
  return body.replace(TOKEN, (whole) => {
    const t = byToken.get(whole);
    if (!t) return whole;
    return text(values[t.name]) || t.fallback;
  });
}

/**
 * The contact field a merge field reads, as a partner grant names it (partners/grant-rules.ts
 * MASKABLE_FIELDS): first_name and last_name read the name, email and phone themselves, any other
 * (a custom field key) the custom fields. Notes and tags are no merge fields.
 */
export type MergeSource = 'name' | 'email' | 'phone' | 'fields';
export function mergeFieldSource(name: string): MergeSource {
  switch (name) {
    case 'first_name':
    case 'last_name':
      return 'name';
    case 'email':
    case 'phone':
      return name;
    default:
      return 'fields';
  }
}

/** The masked fields a body's merge fields read, in order of first use, each once (none masked: []). */
export function maskedSourcesOf(tokens: readonly MergeToken[], masked: readonly string[]): MergeSource[] {
  if (!masked.length) return [];
  return [...new Set(tokens.map((t) => mergeFieldSource(t.name)))].filter((s) => masked.includes(s));
}

/** A recipient's values without those of masked fields (rendered, they give the fallback). */
export function withoutMasked(values: MergeValues, masked: readonly string[]): MergeValues {
  if (!masked.length) return values;
  return Object.fromEntries(Object.entries(values).filter(([name]) => !masked.includes(mergeFieldSource(name))));
}
