/**
 * Composing a (campaign or scheduled) message, pure: merge fields for one recipient, the sender
 * identification and opt-out language the account's rule asks for, then smart encoding, encoding and
 * segments of exactly the text that goes out; the worst case over a set of recipients; the refusal of
 * a body that exceeds 10 segments (or 1,600 characters) for some recipient.
 */
import { bodyProblem, encodeBody, MAX_BODY_CHARS, MAX_SEGMENTS, type BodyProblem, type Encoding } from './encoding.js';
import { replaceUrls, URL_PATTERN } from '../links/links.js';
import { parseMergeFields, renderMergeFields, type MergeProblem, type MergeToken, type MergeValues } from '../../lib/merge-fields.js';

/** When the business name and opt-out language are added: the first text to a contact, every text, or never. */
export type SenderIdMode = 'first_message' | 'always' | 'never';

export const OPT_OUT_LANGUAGE = 'Reply STOP to opt out';
const HAS_OPT_OUT = /\b(STOP|UNSUBSCRIBE|OPT[ -]?OUT)\b/i;
/** The text tells how to opt out: the words outside any URL ("https://x.co/stop-now" does not; a tracked link hides it anyway). */
const tellsOptOut = (text: string) => HAS_OPT_OUT.test(text.replace(new RegExp(URL_PATTERN, 'gi'), ' '));

export interface SenderIdInput { body: string; businessName: string; mode: SenderIdMode; firstMessage: boolean }

/**
 * The text that goes out: when the rule applies (`always`, or `first_message` for a contact never
 * texted before) the business name leads ("Acme: …") unless the text already starts with it, and
 * "Reply STOP to opt out" ends it on its own line unless the text already tells how to opt out (outside its URLs).
 */
export function withSenderId({ body, businessName, mode, firstMessage }: SenderIdInput): string {
  if (mode === 'never' || (mode === 'first_message' && !firstMessage)) return body;
  const name = businessName.trim();
  let out = body.trim();
  if (name && !out.toLowerCase().startsWith(name.toLowerCase())) out = `${name}: ${out}`;
  if (!tellsOptOut(out)) out = `${out}\n${OPT_OUT_LANGUAGE}`;
  return out;
}

export interface ComposeRules {
  smartEncoding?: boolean; businessName: string; senderId: SenderIdMode;
  /** Link tracking: every URL reads as this sample short link (all have its length), as the fan-out will send it. */
  shortLink?: string | null;
}
export interface Recipient { id: string; values: MergeValues; firstMessage: boolean }
export interface ComposedText { recipientId: string; text: string; encoding: Encoding; segments: number; units: number; chars: number; problem: BodyProblem | null }

/** One recipient's final text (after merge, sender identification and smart encoding) and its encoding. */
export function composeFor(body: string, tokens: readonly MergeToken[], rules: ComposeRules, r: Recipient): ComposedText {
  const merged = renderMergeFields(body, tokens, r.values);
  const named = withSenderId({ body: merged, businessName: rules.businessName, mode: rules.senderId, firstMessage: r.firstMessage });
  const full = rules.shortLink ? replaceUrls(named, () => rules.shortLink!) : named;
  const e = encodeBody(full, { smartEncoding: rules.smartEncoding });
  return { recipientId: r.id, text: e.body, encoding: e.encoding, segments: e.segments, units: e.units, chars: e.body.length, problem: bodyProblem(full, { smartEncoding: rules.smartEncoding }) };
}

/** The costliest of several composed texts: most segments, then UCS-2 over GSM-7, then most units. */
export function worstOf(texts: readonly ComposedText[]): ComposedText | null {
  let worst: ComposedText | null = null;
  for (const t of texts) {
    if (!worst || t.segments > worst.segments || (t.segments === worst.segments && (rank(t) > rank(worst) || (rank(t) === rank(worst) && t.units > worst.units)))) worst = t;
  }
  return worst;
}
const rank = (t: ComposedText) => (t.encoding === 'UCS-2' ? 1 : 0);

export type ComposeOutcome =
  | { ok: true; texts: ComposedText[]; worst: ComposedText | null }
  | { ok: false; code: MergeProblem['code']; field: string; message: string }
  | { ok: false; code: BodyProblem; field: 'body'; message: string; worst: ComposedText };

/**
 * Validates the body's merge fields against the account's custom field keys and composes it for
 * each sample recipient. Refused: a malformed or unknown merge field (naming it), or a recipient
 * whose final text is empty, too long (> 10 segments or 1,600 characters) or holds invalid
 * characters — the worst such text is returned so the composer can show it.
 */
export function composeAll(body: string, customKeys: readonly string[], rules: ComposeRules, recipients: readonly Recipient[]): ComposeOutcome {
  const parsed = parseMergeFields(body, customKeys);
  if ('problem' in parsed) return { ok: false, ...parsed.problem };
  const texts = recipients.map((r) => composeFor(body, parsed.tokens, rules, r));
  const refused = texts.filter((t) => t.problem);
  if (refused.length) {
    const worst = worstOf(refused.filter((t) => t.problem === 'body_too_long')) ?? refused[0];
    return { ok: false, code: worst.problem!, field: 'body', message: refusalMessage(worst), worst };
  }
  return { ok: true, texts, worst: worstOf(texts) };
}

function refusalMessage(t: ComposedText): string {
  if (t.problem === 'body_too_long') {
    return `For recipient ${t.recipientId} the message is ${t.segments} segments (${t.encoding}, ${t.chars} characters): at most ${MAX_SEGMENTS} segments and ${MAX_BODY_CHARS} characters.`;
  }
  if (t.problem === 'empty_body') return `For recipient ${t.recipientId} the message would be empty.`;
  return `For recipient ${t.recipientId} the message holds characters that cannot be sent.`;
}
