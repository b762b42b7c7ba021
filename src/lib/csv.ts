/**
 * Neutralises spreadsheet formula injection (OWASP "CSV injection"): a cell that starts with
 * = + - @ (or tab / carriage return, which some spreadsheets strip first) gets a leading quote.
 */
export function escapeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = Array.isArray(value) ? value.join(', ') : value instanceof Date ? value.toISOString() : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
