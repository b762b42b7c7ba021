import type { UseFormReturnType } from '@mantine/form';
import { ApiError, errorMessage } from './api';
import { fieldIssue } from './fieldIssue';

/**
 * Put a server error on the form: details.field (or a known error code) becomes a field error,
 * anything else is returned so the page can show it in an Alert.
 */
export function applyServerError<V>(
  form: UseFormReturnType<V>,
  e: unknown,
  fieldMap: Record<string, string> = {},
  codeMap: Record<string, string> = {},
): string | null {
  if (e instanceof ApiError) {
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
