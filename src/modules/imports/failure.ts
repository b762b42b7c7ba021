/**
 * What an import that stopped says to its user. A problem of the file (ImportFileError) is told in
 * our words; anything else (a database or driver error) is never shown as is — PostgreSQL's
 * message means nothing to a marketer and may quote a cell of the file. The SQLSTATE, when there
 * is one, is kept as a reference for support.
 */
export class ImportFileError extends Error {}

export function failureMessage(err: unknown): string {
  if (err instanceof ImportFileError) return err.message.slice(0, 500);
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  let code: string | null = null;
  for (let i = 0; e && i < 4 && !code; i++, e = e.cause as typeof e) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) code = e.code;
  return `The import stopped on an error on our side; the rows counted as processed were imported. Start the import again for the rest${code ? ` (reference: database error ${code})` : ''}.`;
}
