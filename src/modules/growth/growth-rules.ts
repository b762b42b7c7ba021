/**
 * Audience growth rules (pure): join keywords, the texts a sign-up gets (CTIA), confirmation
 * replies, codes and form slugs.
 */
import { randomInt } from 'node:crypto';
import { isBuiltInKeyword, normaliseKeywordText, validateCustomKeyword } from '../consent/keywords.js';

/** The caller the sign-up form's and privacy page's per-address limits count (IPv6 by /64). */
export { clientNetwork } from '../../lib/client-network.js';

/** A pending keyword double opt-in or reply-confirmed form sign-up waits this long for its Y. */
export const REPLY_CONFIRM_TTL_MS = 24 * 3_600_000;
/** A texted form code is good for this long, and for this many wrong tries. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/**
 * Public form limits in one window: sign-ups per caller (an IPv4 address, an IPv6 /64: clientNetwork),
 * texts per phone, and sign-ups per form from everywhere (a flood from many callers stops there).
 */
export const FORM_LIMITS = { perIp: 10, perPhone: 3, perAccount: 300, windowMs: 3_600_000 } as const;
/** A rendered form's token is accepted this long (the page was opened at most this long ago). */
export const FORM_TOKEN_TTL_MS = 2 * 3_600_000;

/** Replies that confirm a pending opt-in (besides the built-in YES). */
const CONFIRM_WORDS = new Set(['Y', 'YES']);

export type JoinWordProblem = 'invalid_keyword' | 'reserved_keyword';

/**
 * The canonical join word, or why it cannot be one: not 1–2 words of letters/digits (max 20), or
 * one of the carrier-mandated words (STOP, HELP, START… every opt-out/opt-in/help word) or Y,
 * which confirms a double opt-in.
 */
export function validateJoinWord(word: string): { word: string } | { problem: JoinWordProblem } {
  const canonical = validateCustomKeyword(word);
  if (!canonical) return { problem: 'invalid_keyword' };
  if (isBuiltInKeyword(canonical) || CONFIRM_WORDS.has(canonical)) return { problem: 'reserved_keyword' };
  return { word: canonical };
}

/** Which join word an inbound text is, if it is exactly one of them (case, spaces and trailing punctuation ignored). */
export function matchJoinWord(body: string, words: readonly string[]): string | null {
  const text = normaliseKeywordText(body);
  return text && words.includes(text) ? text : null;
}

/** Whether a text could be a join word at all (1–2 words of letters/digits): most texts are not, and need no look-up. */
export const couldBeJoinWord = (body: string) => body.length <= 60 && validateCustomKeyword(normaliseKeywordText(body)) !== null;

/** Whether an inbound text confirms a pending opt-in: Y or YES (any case, trailing punctuation ignored). */
export const isConfirmReply = (body: string) => CONFIRM_WORDS.has(normaliseKeywordText(body));

export interface Program { businessName: string; programName: string; frequency: string }

/** The program as a text names it: the business and the program ("Acme Plumbing Deals"), once. */
export function programLabel(p: Program): string {
  const business = p.businessName.trim();
  const program = p.programName.trim();
  if (!program) return business;
  return program.toLowerCase().includes(business.toLowerCase()) ? program : `${business} ${program}`;
}

const sentence = (s: string) => {
  const t = s.trim();
  return t === '' ? '' : /[.!?]$/.test(t) ? t : `${t}.`;
};

/** The CTIA confirmation of an opt-in: program, frequency, "Msg & data rates may apply", HELP and STOP. */
export function confirmationText(p: Program): string {
  return `${programLabel(p)}: You are subscribed. ${sentence(p.frequency)} Msg & data rates may apply. Reply HELP for help, STOP to opt out.`;
}

/** The double opt-in question: nothing is sent to the person again unless they reply Y. */
export function replyPromptText(p: Program): string {
  return `${programLabel(p)}: Reply Y to confirm you want to get our texts. ${sentence(p.frequency)} Msg & data rates may apply. Reply HELP for help, STOP to opt out.`;
}

/** The form's code text. */
export function codeText(p: Program, code: string): string {
  return `${programLabel(p)}: Your sign-up code is ${code}. It expires in ${Math.round(CODE_TTL_MS / 60_000)} minutes. If you did not ask for it, ignore this text.`;
}

/** A six-digit code, uniformly drawn. */
export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Form slugs: 3–40 lower-case letters, digits and inner hyphens. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

/** An `sms:` URI that opens the messaging app with the keyword typed (RFC 5724; iOS and Android read `?body=`). */
export const smsUri = (phone: string, body: string) => `sms:${phone}?body=${encodeURIComponent(body)}`;

/** Origins a form may be framed by: `https://host[:port]` only, no path. */
export function validOrigin(o: string): boolean {
  try {
    const u = new URL(o);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o && !o.endsWith('/');
  } catch {
    return false;
  }
}
