/**
 * Merge fields of a campaign body: `{{first_name}}` or `{{first_name|fallback}}`. Pure parsing;
 * the SQL that fills them per recipient is in campaigns.repo (mergedBodySql).
 *
 * SEAM: a shared merge-field module (src/lib or messaging) is being written by the compliance
 * engineer; when it lands, this file should delegate to it (same token syntax).
 */
export const STANDARD_MERGE_FIELDS = ['first_name', 'last_name', 'email', 'phone'] as const;

export interface MergeToken { token: string; name: string; fallback: string }
export type MergeProblem = { code: 'malformed_merge_field' | 'unknown_merge_field'; field: string; message: string };

const TOKEN = /\{\{([^{}]*)\}\}/g;
const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** The tokens of a body, or the first problem (malformed, or a field neither standard nor in `customKeys`). */
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
  const rest = body.replace(TOKEN, '');
  const stray = /\{\{|\}\}/.exec(rest);
  if (stray) return { problem: { code: 'malformed_merge_field', field: stray[0], message: `The body has an unmatched "${stray[0]}": write merge fields as {{name}} or {{name|fallback}}.` } };
  return { tokens };
}

/** The body with each merge field replaced by its fallback (what a contact without the value gets). */
export const withFallbacks = (body: string, tokens: MergeToken[]) => tokens.reduce((b, t) => b.split(t.token).join(t.fallback), body);
