/**
 * A schema refusal's (422 validation_failed) own words for the field it blames: the error's
 * message says "Invalid request: body.url Enter an http(s) URL.", the field shows "Enter an
 * http(s) URL.". Undefined for other refusals (their message is already for people).
 * No imports: the server-side tests run it as it is.
 */
export function fieldIssue(e: { code: string; field?: string; details: Record<string, unknown> }): string | undefined {
  if (e.code !== 'validation_failed' || !e.field) return undefined;
  const issues = Array.isArray(e.details.issues) ? (e.details.issues as { path?: unknown; message?: unknown }[]) : [];
  const issue = issues.find((i) => typeof i.path === 'string' && i.path.split('.').pop() === e.field);
  return typeof issue?.message === 'string' && issue.message ? issue.message : undefined;
}
