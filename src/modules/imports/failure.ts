import { sqlStateOf } from '../../db/errors.js';

/**
 * What an import that stopped says to its user. A problem of the file (ImportFileError) is told in
 * our words; anything else (a database or driver error) is never shown as is — PostgreSQL's
 * message means nothing to a marketer and may quote a cell of the file. The SQLSTATE, when there
 * is one, is kept as a reference for support.
 */
export class ImportFileError extends Error {}

export function failureMessage(err: unknown): string {
  if (err instanceof ImportFileError) return err.message.slice(0, 500);
  const code = sqlStateOf(err);
  return `The import stopped on an error on our side; the rows counted as processed were imported. Start the import again for the rest${code ? ` (reference: database error ${code})` : ''}.`;
}
