/**
 * Merge fields of a campaign body: `{{first_name}}` or `{{first_name|fallback}}`. Parsing is the
 * messaging module's (messaging/merge-fields.ts, shared with the composer); the SQL that fills
 * them per recipient is in campaigns/audience.ts (mergedBodySql).
 */
import type { MergeToken } from '../../lib/merge-fields.js';

export { parseMergeFields, STANDARD_MERGE_FIELDS, type MergeProblem, type MergeToken } from '../../lib/merge-fields.js';

/** The body with each merge field replaced by its fallback (what a contact without the value gets). */
export const withFallbacks = (body: string, tokens: readonly MergeToken[]) => tokens.reduce((b, t) => b.split(t.token).join(t.fallback), body);
