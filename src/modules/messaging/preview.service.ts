import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { unprocessable } from '../../lib/errors.js';
import { complianceSettingsOf } from '../compliance/compliance.service.js';
import { customFieldKeys, mergeSamplesOf } from '../contacts/contacts.service.js';
import { sampleShortUrl } from '../links/links.service.js';
import { composeAll, type ComposedText, type Recipient } from './compose.js';
import { textedContacts } from './compose.repo.js';
import { estimateCost, type SenderType } from './pricing.js';

export interface ComposePreviewInput { body: string; smartEncoding?: boolean; contactIds?: string[]; senderType?: SenderType; recipients?: number; trackLinks?: boolean }

const FALLBACKS = 'fallbacks';
const present = (t: ComposedText, firstMessage: boolean) => ({
  contactId: t.recipientId === FALLBACKS ? null : t.recipientId, text: t.text, encoding: t.encoding, segments: t.segments, units: t.units, firstMessage,
});

/**
 * The composer's preview: the body with merge fields for each sample contact (or, without samples,
 * with every fallback as a first message), sender identification and opt-out language per the
 * account's rule, and exactly the text, encoding and segments that would go out; the worst case; a
 * cost estimate of `recipients` (default: the samples) texts at the worst case's segments.
 */
export async function composePreview(ctx: Ctx, auth: AuthContext, input: ComposePreviewInput) {
  const [keys, settings, samples, shortLink] = await Promise.all([
    customFieldKeys(ctx, auth.accountId), complianceSettingsOf(ctx.db, auth.accountId), mergeSamplesOf(ctx, auth.accountId, input.contactIds ?? []),
    sampleShortUrl(ctx.db, ctx.config, auth.accountId, input.trackLinks),
  ]);
  const texted = await textedContacts(ctx.db, auth.accountId, samples.map((s) => s.id));
  const recipients: Recipient[] = samples.length
    ? samples.map((s) => ({ id: s.publicId, values: s.values, firstMessage: !texted.has(s.id) }))
    : [{ id: FALLBACKS, values: {}, firstMessage: true }];
  const rules = { smartEncoding: input.smartEncoding, businessName: auth.account.name, senderId: settings.senderId, shortLink };
  const out = composeAll(input.body, keys, rules, recipients);
  const first = new Map(recipients.map((r) => [r.id, r.firstMessage]));
  if (!out.ok) {
    const worst = 'worst' in out ? present(out.worst, first.get(out.worst.recipientId) ?? false) : undefined;
    throw unprocessable(out.code, out.message, { field: out.field, ...(worst ? { worst } : {}) });
  }
  const worst = out.worst!;
  const count = input.recipients ?? (samples.length || 1);
  return {
    senderId: settings.senderId,
    samples: out.texts.map((t) => present(t, first.get(t.recipientId) ?? false)),
    worst: present(worst, first.get(worst.recipientId) ?? false),
    estimate: { ...estimateCost([{ country: auth.account.defaultCountry, segments: worst.segments, count }], input.senderType ?? 'long_code'), recipients: count },
  };
}
