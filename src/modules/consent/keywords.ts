/**
 * Inbound SMS keyword classification (STOP / START / HELP and per-account custom keywords).
 *
 * A message is a keyword only when its whole body is exactly one keyword, ignoring case,
 * surrounding whitespace, surrounding quotes/brackets and trailing punctuation. "Stop." is STOP;
 * "please stop texting me" is not a keyword (a human should read it).
 */

export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

export interface Keyword {
  kind: KeywordKind | 'custom';
  /** Canonical upper-case word, e.g. 'STOP', 'OPT OUT'. */
  word: string;
}

export interface CustomKeyword {
  word: string;
  kind: KeywordKind | 'custom';
}

export const OPT_OUT_WORDS: readonly string[] = Object.freeze([
  'STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT',
]);
export const OPT_IN_WORDS: readonly string[] = Object.freeze(['START', 'YES', 'UNSTOP']);
export const HELP_WORDS: readonly string[] = Object.freeze(['HELP', 'INFO']);

/** Placeholder in the default HELP reply that the business replaces with its phone, e-mail or URL. */
export const HELP_CONTACT_PLACEHOLDER = '{contact}';

export const CUSTOM_KEYWORD_MAX_LENGTH = 20;

const BUILT_IN: ReadonlyMap<string, KeywordKind> = new Map<string, KeywordKind>([
  ...OPT_OUT_WORDS.map((w) => [w, 'opt_out'] as const),
  ...OPT_IN_WORDS.map((w) => [w, 'opt_in'] as const),
  ...HELP_WORDS.map((w) => [w, 'help'] as const),
]);

// Invisible format characters (zero-width space, BOM, joiners) some handsets insert.
const FORMAT_CHARS = /\p{Cf}/gu;
// Leading: whitespace, opening quotes/brackets, inverted marks (¡ ¿).
const LEADING = /^[\s\p{Ps}\p{Pi}\p{Pf}"'`¡¿]+/u;
// Trailing: whitespace and any punctuation (. ! ? , ; : … closing quotes/brackets, etc.).
const TRAILING = /[\s\p{P}]+$/u;

/** Trimmed, surrounding quotes and trailing punctuation stripped, whitespace collapsed, upper-case. */
export function normaliseKeywordText(body: string): string {
  return body
    .normalize('NFKC')
    .replace(FORMAT_CHARS, '')
    .replace(LEADING, '')
    .replace(TRAILING, '')
    .replace(/\s+/gu, ' ')
    .toUpperCase();
}

/** The keyword an inbound body consists of, or null. Built-in keywords win over custom ones. */
export function classifyKeyword(body: string, custom: CustomKeyword[] = []): Keyword | null {
  const text = normaliseKeywordText(body);
  if (text === '') return null;
  const builtIn = BUILT_IN.get(text);
  if (builtIn) return { kind: builtIn, word: text };
  for (const c of custom) {
    if (validateCustomKeyword(c.word) === text) return { kind: c.kind, word: text };
  }
  return null;
}

/** Whether a canonical word is one of the built-in (carrier-mandated) keywords. */
export function isBuiltInKeyword(word: string): boolean {
  return BUILT_IN.has(normaliseKeywordText(word));
}

/**
 * Canonical form of a custom keyword (trimmed, whitespace collapsed, upper-case), or null when it is
 * empty, longer than 20 characters, more than two words, or contains anything but ASCII letters/digits.
 */
export function validateCustomKeyword(word: string): string | null {
  const canonical = word.trim().replace(/\s+/g, ' ').toUpperCase();
  if (canonical === '' || canonical.length > CUSTOM_KEYWORD_MAX_LENGTH) return null;
  return /^[A-Z0-9]+(?: [A-Z0-9]+)?$/.test(canonical) ? canonical : null;
}

/**
 * CTIA-style default auto-replies. Each names the business, says what happened and how to get help.
 * With a business name of up to 30 ASCII characters each fits in a single 160-character GSM-7 segment.
 */
export function defaultReplies(businessName: string): { opt_out: string; opt_in: string; help: string } {
  const name = businessName.trim();
  return {
    opt_out: `${name}: You have been unsubscribed and will receive no more messages. Reply START to resubscribe, HELP for help.`,
    opt_in: `${name}: You are subscribed to messages. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to opt out.`,
    help: `${name}: For help, contact ${HELP_CONTACT_PLACEHOLDER}. Msg frequency varies. Msg & data rates may apply. Reply STOP to opt out.`,
  };
}
