import { z } from 'zod';
import { MediaOut } from '../media/media.schema.js';

// ---- responses (named: they become components of the OpenAPI document and the web app's types) ----
const Keyword = z.object({ kind: z.string().meta({ description: 'opt_out | opt_in | help | custom' }), word: z.string() });

export const MessageOut = z.object({
  id: z.string(), conversationId: z.string().nullable(), contactId: z.string().nullable(),
  direction: z.string().meta({ description: 'inbound | outbound' }),
  kind: z.string().meta({ description: 'conversational | marketing | keyword_reply' }),
  from: z.string(), to: z.string(), body: z.string(),
  encoding: z.string().meta({ description: 'GSM-7 | UCS-2' }), segments: z.number().int(),
  status: z.string().meta({ description: 'accepted | scheduled | queued | sending | sent | delivered | undelivered | failed | canceled | received' }),
  errorCode: z.string().nullable(), errorMessage: z.string().nullable(), keyword: Keyword.nullable(),
  sendAt: z.string().nullable(), createdAt: z.string(), sentAt: z.string().nullable(), deliveredAt: z.string().nullable(),
  media: z.array(MediaOut).meta({ description: 'MMS media, in order (empty for an SMS)' }),
}).meta({ id: 'Message' });

/** A send's MMS media: URLs the server fetches, and ids of uploads (at most 10 in all). */
export const MediaUrls = z.array(z.string().max(2000)).max(10);
export const MediaIds = z.array(z.string().max(100)).max(10);

export const MessageDetailOut = MessageOut.extend({
  history: z.array(z.object({ status: z.string(), errorCode: z.string().nullable(), source: z.string(), at: z.string() })),
}).meta({ id: 'MessageDetail' });

export const NumberOut = z.object({
  id: z.string(), phoneNumber: z.string(), provider: z.string(),
  connectionId: z.string().nullable().meta({ description: 'The provider connection the number is on (null: the built-in simulator)' }),
  type: z.string().meta({ description: 'long_code | toll_free | short_code' }),
  mps: z.number().meta({ description: 'Throughput limit, segments per second' }),
  keywordReplies: z.record(z.string(), z.string()), customKeywords: z.array(Keyword.extend({ reply: z.string().optional() })),
  twilioSmsUrl: z.string().nullable().meta({ description: "Where inbound texts are posted in Twilio's form (null: nowhere)" }),
  origin: z.enum(['provisioned', 'attached']).meta({ description: 'provisioned: bought through West Message (a release gives it back to the carrier); attached: your carrier account\'s own (a release only detaches it)' }),
  createdAt: z.string(),
}).meta({ id: 'PhoneNumber' });

export const ReleaseNumberQuery = z.object({
  cancelQueued: z.enum(['true', 'false']).optional().meta({ description: 'true: cancel the texts waiting to go from the number (error code number_released) instead of refusing the release' }),
}).strict();
export const ReleasedNumberOut = z.object({
  id: z.string(), phoneNumber: z.string(), releasedAt: z.string(),
  canceled: z.number().int().meta({ description: 'Waiting texts canceled by the release' }),
  carrier: z.enum(['releasing', 'kept']).meta({ description: 'releasing: bought through West Message, given back to the carrier; kept: attached, it stays yours at your carrier' }),
}).meta({ id: 'ReleasedNumber' });

/** A number of the carrier account behind a connection (import). */
export const CarrierNumberOut = z.object({
  phoneNumber: z.string(), type: z.string().meta({ description: 'long_code | toll_free | short_code' }), mms: z.boolean(),
  numberId: z.string().nullable().meta({ description: 'The number as attached to this account (pn_…), or null when not in use here' }),
}).meta({ id: 'CarrierNumber' });
export const ImportNumbersBody = z.object({
  phoneNumbers: z.array(z.string().max(64)).min(1).max(1000).optional().meta({ description: 'Only these numbers of the carrier account; default: every number not yet attached' }),
}).strict();
export const ImportNumbersOut = z.object({
  imported: z.array(NumberOut),
  skipped: z.array(z.object({ phoneNumber: z.string(), reason: z.enum(['already_attached', 'number_taken', 'number_not_on_carrier']) })),
}).meta({ id: 'ImportedNumbers' });

export const PreviewOut = z.object({
  encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number().int(), units: z.number().int(), remaining: z.number().int(), body: z.string(),
}).meta({ id: 'BodyPreview' });

const ComposedOut = z.object({
  contactId: z.string().nullable().meta({ description: 'The sample contact; null for the fallbacks-only sample' }),
  text: z.string().meta({ description: 'Exactly what goes out: merged, with sender identification if due, smart-encoded if asked' }),
  encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number().int(), units: z.number().int(),
  firstMessage: z.boolean().meta({ description: 'No text was sent to this contact before (sender identification rule `first_message`)' }),
}).meta({ id: 'ComposedText' });

/** The composer's preview (`mergeFields` or `contactIds` given). */
export const ComposePreviewOut = z.object({
  senderId: z.enum(['first_message', 'always', 'never']),
  samples: z.array(ComposedOut),
  worst: ComposedOut.meta({ description: 'The costliest sample: most segments, then UCS-2, then most units' }),
  estimate: z.object({
    recipients: z.number().int(), messages: z.number().int(), segments: z.number().int(),
    costMicros: z.number().int().meta({ description: 'USD × 10⁻⁶' }), cost: z.string().meta({ description: 'USD, 4 decimals' }), currency: z.literal('USD'),
  }).meta({ description: "recipients × the worst case's segments × the per-segment price for the account's country and the sender type" }),
});

/** POST /v1/messages/preview: the plain counter, and `compose` when composing as a campaign text. */
export const MessagePreviewOut = PreviewOut.extend({ compose: ComposePreviewOut.optional() }).meta({ id: 'MessagePreview' });
