/** CSAT rules (pure): what counts as an answer to "Reply 1–5", and the default question. */
export const DEFAULT_CSAT_QUESTION = 'How did we do? Reply 1-5 (5 = great).';
export const DEFAULT_REPLY_HOURS = 24;

/** The score a reply gives: exactly one digit 1–5, spaces and a trailing "." or "!" allowed; else null (a normal message). */
export function csatScoreOf(body: string): number | null {
  const m = /^\s*([1-5])\s*[.!]?\s*$/.exec(body);
  return m ? Number(m[1]) : null;
}
