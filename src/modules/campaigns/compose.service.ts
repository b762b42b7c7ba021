/**
 * A campaign's text per recipient: the rules (business name, the account's sender identification
 * mode, smart encoding), the SQL that composes every recipient's final text at fan-out, and the
 * refusal of a body that is too long (or blank) for its worst recipient — computed over the audience in SQL.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { unprocessable } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { complianceSettingsOf } from '../compliance/compliance.service.js';
import { shortenedTextSql } from '../links/links.js';
import { composeFor, OPT_OUT_LANGUAGE } from '../messaging/compose.js';
import { bodyProblem, encodeBody, MAX_BODY_CHARS, type BodyProblem } from '../messaging/encoding.js';
import { audienceSql, mergedBodySql, mergeTokenValueSql, skipReasonSql } from './audience.js';
import { destinationCountriesOf } from '../accounts/destinations.service.js';
import { listFieldKeys, resolveAudience } from './audience.service.js';
import type { Audience } from './campaigns.schema.js';
import { campaignSettingsOf } from './settings.service.js';
import { basicGsmSql, composedTextSql, optOutInTemplate, type ComposeSqlRules } from './compose-sql.js';
import * as repo from './compose.repo.js';
import { parseMergeFields, type MergeToken } from './merge-fields.js';

const BODY_MESSAGES: Record<BodyProblem, string> = {
  empty_body: 'The message would be empty for some recipient.',
  body_too_long: 'The message is longer than 10 segments (1,600 characters) for some recipient after merging.',
  invalid_characters: 'The body contains characters that cannot be sent (a NUL or a lone surrogate).',
};

export async function composeRulesOf(db: Db, accountId: string, smartEncoding: boolean): Promise<ComposeSqlRules> {
  const [name, settings] = await Promise.all([repo.businessName(db, accountId), complianceSettingsOf(db, accountId)]);
  return { smartEncoding, businessName: name, senderId: settings.senderId };
}

/** The body's merge fields, or 422 naming the unknown or malformed one. */
export async function mergeTokens(db: Db, accountId: string, body: string): Promise<MergeToken[]> {
  const parsed = parseMergeFields(body, await listFieldKeys(db, accountId));
  if ('problem' in parsed) throw unprocessable(parsed.problem.code, parsed.problem.message, { field: 'body', mergeField: parsed.problem.field });
  return parsed.tokens;
}

/** Each recipient's final text as SQL over `contacts` (merge, sender identification, smart encoding). */
export const recipientTextSql = (body: string, tokens: MergeToken[], rules: ComposeSqlRules): SQL =>
  composedTextSql(mergedBodySql(body, tokens), { ...rules, optOutInTemplate: optOutInTemplate(body, tokens, rules.businessName) });

/**
 * Per recipient over `contacts`: its text (recipientTextSql) is GSM-7 basic — every fixed part (the
 * template without its merge fields, with sender identification the business name and the opt-out
 * language) and its merged values are; null when a fixed part is not (compose-sql.ts basicGsmSql).
 */
export function recipientBasicSql(body: string, tokens: MergeToken[], rules: ComposeSqlRules): SQL | null {
  const fixed = [tokens.reduce((b, t) => b.split(t.token).join(''), body)];
  if (rules.senderId !== 'never') fixed.push(`${rules.businessName.trim()}: `, `\n${OPT_OUT_LANGUAGE}`);
  const seen = new Set<string>();
  return basicGsmSql(fixed, tokens.filter((t) => !seen.has(t.token) && seen.add(t.token)).map(mergeTokenValueSql));
}

/** With sender identification on the first message only: the texts with and without it (repo.worstTexts scans those). */
function boundsOf(body: string, tokens: MergeToken[], rules: ComposeSqlRules, shorten = (t: SQL) => t): repo.TextBounds | undefined {
  if (rules.senderId !== 'first_message') return undefined;
  return {
    withId: shorten(recipientTextSql(body, tokens, { ...rules, senderId: 'always' })),
    withoutId: shorten(recipientTextSql(body, tokens, { ...rules, senderId: 'never' })),
  };
}

/** Why a final text cannot go out; an MMS only has the 1,600-character limit (its text may be empty). */
function problemOf(text: string, mms: boolean): BodyProblem | null {
  if (!mms) return bodyProblem(text);
  return text.length > MAX_BODY_CHARS ? 'body_too_long' : null;
}

export interface WorstCaseInput {
  body: string; smartEncoding: boolean; mms: boolean; audience: SQL | null; reason: SQL;
  /** Link tracking: each URL counted as a short link of this length (links.sampleShortUrl); null: URLs stay as written. */
  shortLink?: string | null;
}

/**
 * 422 when some eligible recipient's final text cannot be sent: the worst case over the audience
 * (found in SQL, re-counted exactly in JS), with `details.worstCase` {contactId, segments, encoding}.
 * Without an audience (or nobody eligible yet), the text with every fallback as a first message.
 */
export async function checkWorstCase(db: Db, accountId: string, input: WorstCaseInput): Promise<void> {
  const tokens = await mergeTokens(db, accountId, input.body);
  const rules = await composeRulesOf(db, accountId, input.smartEncoding);
  const fallback = composeFor(input.body, tokens, { ...rules, shortLink: input.shortLink }, { id: 'fallbacks', values: {}, firstMessage: rules.senderId !== 'never' });
  const shorten = (t: SQL) => (input.shortLink ? shortenedTextSql(t, input.shortLink) : t);
  const worst = input.audience
    ? await repo.worstTexts(db, accountId, input.audience, input.reason, shorten(recipientTextSql(input.body, tokens, rules)), 3, boundsOf(input.body, tokens, rules, shorten))
    : [];
  const candidates = worst.length
    ? worst.map((w) => ({ contactId: toPublicId('contact', w.contact_id) as string | null, text: w.text }))
    : [{ contactId: null, text: fallback.text }];
  for (const c of candidates) {
    const problem = problemOf(c.text, input.mms);
    if (!problem) continue;
    const e = encodeBody(c.text);
    throw unprocessable(problem, BODY_MESSAGES[problem], {
      field: 'body', worstCase: { contactId: c.contactId, segments: e.segments, encoding: e.encoding, characters: c.text.length },
    });
  }
}

/**
 * Samples for the composer: a few eligible contacts of the audience and, with a body, the
 * recipient whose final text is the costliest (most segments, then UCS-2, then longest) — computed
 * in SQL over the whole audience. The composer renders them through POST /v1/messages/preview.
 */
export async function audienceSamples(db: Db, accountId: string, now: Date, input: { audience: Audience; body?: string; smartEncoding?: boolean; limit?: number }) {
  const where = audienceSql(await resolveAudience(db, accountId, input.audience), now);
  const reason = skipReasonSql({ ...(await campaignSettingsOf(db, accountId)), countries: await destinationCountriesOf(db, accountId), now, campaignId: null });
  const ids = await repo.sampleContacts(db, accountId, where, reason, input.limit ?? 3);
  let worstCase = null;
  if (input.body?.trim()) {
    const tokens = await mergeTokens(db, accountId, input.body);
    const rules = await composeRulesOf(db, accountId, input.smartEncoding ?? false);
    const [w] = await repo.worstTexts(db, accountId, where, reason, recipientTextSql(input.body, tokens, rules), 1, boundsOf(input.body, tokens, rules));
    if (w) {
      const e = encodeBody(w.text);
      worstCase = { contactId: toPublicId('contact', w.contact_id), segments: e.segments, encoding: e.encoding, units: e.units, problem: problemOf(w.text, false) };
    }
  }
  return { data: ids.map((id) => toPublicId('contact', id)), worstCase };
}
