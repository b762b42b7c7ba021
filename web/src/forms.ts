import type { UseFormReturnType } from '@mantine/form';
import { ApiError, errorMessage } from './api';
import { fieldIssue, fieldIssues } from './fieldIssue';

/**
 * Put a server error on the form: details.field (or a known error code) becomes a field error,
 * anything else is returned so the page can show it in an Alert. A refusal with several issues
 * (details.issues) puts each on its field at once.
 */
export function applyServerError<V>(
  form: UseFormReturnType<V>,
  e: unknown,
  fieldMap: Record<string, string> = {},
  codeMap: Record<string, string> = {},
): string | null {
  if (e instanceof ApiError) {
    const issues = fieldIssues(e);
    if (issues.length > 1) {
      // Several problems at once (a schema refusal, a sign-up): each on its field; the rest in the Alert.
      const values = form.getValues() as object;
      const left = issues.filter((i) => {
        const last = i.path.split('.').pop() ?? i.path;
        const target = fieldMap[i.path] ?? fieldMap[last] ?? (last in values ? last : undefined) ?? (i.code ? codeMap[i.code] : undefined);
        if (target) form.setFieldError(target, i.text);
        return !target;
      });
      if (!left.length) return null;
      return errorMessage(new ApiError(e.status, e.code, e.message, { ...e.details, issues: left.map((i) => i.issue) }));
    }
    const candidates: string[] = [];
    if (e.field) {
      candidates.push(e.field, e.field.split('.').pop() ?? e.field);
    }
    const byCode = codeMap[e.code];
    for (const c of candidates) {
      const mapped = fieldMap[c] ?? (c in (form.getValues() as object) ? c : undefined);
      if (mapped) {
        form.setFieldError(mapped, fieldIssue(e) ?? e.message);
        return null;
      }
    }
    if (byCode) {
      form.setFieldError(byCode, e.message);
      return null;
    }
  }
  return errorMessage(e);
}

export const required = (label: string) => (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? `${label} is required` : null;

/** Send undefined instead of empty strings for optional fields. */
export const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
