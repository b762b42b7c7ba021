import { z } from 'zod';
import { MediaOut } from '../media/media.schema.js';
import { MediaIds, MediaUrls } from '../messaging/messaging.schema.js';
import { RateLimit } from './settings.schema.js';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'canceled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** A recipient's live status: skipped, queued while its message waits, else its message's final status. */
export const RECIPIENT_STATUSES = ['queued', 'skipped', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'] as const;
/** Why a contact of the audience is not texted, in the order they are checked (the first that holds is kept). */
export const SKIP_REASONS = ['invalid_phone', 'landline', 'opted_out', 'no_consent', 'frequency_cap', 'destination_not_allowed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const PublicIds = (what: string) => z.array(z.string().min(1).max(100)).max(1000).meta({ description: `Public ids of ${what}` });
const Tags = z.array(z.string().trim().min(1).max(100)).max(100);

export const Audience = z.object({
  segmentIds: PublicIds('segments (seg_…)').optional(),
  tags: Tags.optional(),
  contactIds: PublicIds('contacts (ct_…)').max(10_000).optional(),
  importIds: PublicIds('imports (imp_…)').optional(),
  exclude: z.object({
    segmentIds: PublicIds('segments to leave out').optional(),
    tags: Tags.optional(),
    contactedWithinDays: z.number().int().min(1).max(365).optional().meta({ description: 'Leave out contacts texted (either way) in the last N days' }),
  }).strict().optional(),
}).strict().meta({ id: 'CampaignAudience', description: 'Contacts in any of the segments, tags, imports or ids, minus the exclusions' });
export type Audience = z.infer<typeof Audience>;

const Name = z.string().trim().min(1).max(200);
const Body = z.string().min(1).max(1600).meta({ description: 'The text; merge fields as {{first_name}} or {{first_name|fallback}}' });
const AbTest = z.object({
  samplePercent: z.number().int().min(1).max(100).meta({ description: 'Share of the eligible audience, split evenly over the variants; the rest waits for the winner' }),
  metric: z.enum(['clicks', 'replies']).meta({ description: 'The winner: most recipients who clicked a link (or replied), per recipient' }),
  pickAfterHours: z.number().int().min(1).max(720).optional().meta({ description: 'Pick the winner automatically this long after the start; absent: by hand (POST /v1/campaigns/:id/pick-winner)' }),
}).strict().meta({ id: 'CampaignAbTest' });
const Schedule = z.union([
  z.object({ at: z.iso.datetime({ offset: true }) }).strict().meta({ description: 'When to start (UTC ISO 8601)' }),
  z.object({
    localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM').meta({ description: 'Wall-clock time in each recipient\'s zone (HH:MM)' }),
    date: z.iso.date().meta({ description: 'The day (YYYY-MM-DD), in each recipient\'s zone' }),
  }).strict().meta({ description: 'Local time for everyone: each recipient at this time of their own zone (contact, else account); quiet hours still apply' }),
]).meta({ id: 'CampaignSchedule', description: 'When to send; absent: at launch' });

export const CampaignBody = z.object({
  name: Name,
  from: z.string().min(1).max(100).optional().meta({ description: 'A number of the account (pn_… or E.164) or a number pool (pool_…, sticky sender); default the first number' }),
  body: Body.optional().meta({ description: 'The text (required unless variants are given: then it is the first variant)' }),
  smartEncoding: z.boolean().optional(),
  variants: z.array(z.object({ body: Body }).strict()).min(2).max(5).optional().meta({ description: 'A/B test: the texts to test (2–5), with abTest' }),
  abTest: AbTest.optional(),
  trackLinks: z.boolean().optional().meta({ description: "URLs are shortened per recipient and clicks counted; default: the account's link setting (/v1/links/settings)" }),
  mediaUrls: MediaUrls.optional().meta({ description: 'MMS: images (JPEG, PNG, GIF) fetched once by the server and attached to every message; at most 10 with mediaIds' }),
  mediaIds: MediaIds.optional().meta({ description: 'MMS: uploads (POST /v1/media) attached to every message' }),
  audience: Audience,
  schedule: Schedule.nullable().optional(),
  rateLimit: RateLimit.optional().meta({ description: 'Messages per second at most for this campaign, on top of each number\'s throughput; absent: the account\'s default (/v1/campaign-settings), null: no cap' }),
}).strict();
export const CampaignPatch = CampaignBody.partial().strict();

export const AudienceCountBody = z.object({ audience: Audience }).strict();
export const AudienceCountOut = z.object({
  matched: z.number().int(),
  eligible: z.number().int(),
  skipped: z.record(z.string(), z.number().int()).meta({ description: 'Counts by skip reason' }),
}).meta({ id: 'CampaignAudienceCount' });

export const CampaignOut = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  body: z.string(),
  smartEncoding: z.boolean(),
  trackLinks: z.boolean().meta({ description: 'URLs are shortened per recipient and their clicks counted' }),
  media: z.array(MediaOut).meta({ description: 'MMS media every message carries (empty: SMS)' }),
  from: z.string().nullable().meta({ description: 'The sending number (pn_…) or number pool (pool_…); null: the first number at launch' }),
  audience: Audience,
  abTest: AbTest.extend({
    variants: z.array(z.object({ body: z.string() })),
    winner: z.number().int().nullable().meta({ description: 'The picked variant (index), null until picked' }),
    winnerPickedAt: z.string().nullable(),
  }).nullable(),
  schedule: z.object({
    at: z.string().meta({ description: 'The start (with a local time: the earliest zone\'s moment)' }),
    localTime: z.string().optional(), date: z.string().optional(),
  }).nullable(),
  stats: z.object({
    recipients: z.number().int(),
    skipped: z.record(z.string(), z.number().int()),
    queued: z.number().int(), sent: z.number().int(), delivered: z.number().int(), undelivered: z.number().int(),
    failed: z.number().int(), canceled: z.number().int(),
    replies: z.number().int().meta({ description: 'Recipients who texted in since the launch (people: one replying three times counts once)' }),
    optOuts: z.number().int().meta({ description: 'Recipients who opted out since the launch (people)' }),
    segments: z.number().int(),
    cost: z.string().meta({ description: 'What the texts handed to a carrier cost (segments × price by country and sender type), decimal' }),
    costMicros: z.number().int().meta({ description: 'The same in micro-units of the currency' }),
    currency: z.literal('USD'),
    clicks: z.number().int().meta({ description: 'Clicks on the campaign\'s short links (people, not link-preview bots)' }),
    uniqueClicks: z.number().int().meta({ description: 'Recipients who clicked at least once' }),
  }),
  rateLimit: z.number().nullable().meta({ description: 'Messages per second at most (campaign rate cap); null: none' }),
  paused: z.object({
    reason: z.string().meta({ description: 'manual, the guardrail that paused it (opt_out_rate, filtered_rate, failure_rate), or number_released (its number was released before its texts were written)' }),
    at: z.string(),
    details: z.record(z.string(), z.unknown()).nullable().meta({ description: 'A guardrail\'s figures: rate, threshold, count, sample, windowMinutes' }),
  }).nullable().meta({ description: 'Why and when the campaign was last paused (while paused)' }),
  progress: z.object({
    audience: z.number().int().nullable().meta({ description: 'Contacts matched at launch' }),
    materialised: z.number().int().meta({ description: 'Recipient rows written so far' }),
    finished: z.number().int().meta({ description: 'Messages in a final status' }),
    fannedOut: z.boolean(),
  }),
  createdAt: z.string(), updatedAt: z.string(), launchedAt: z.string().nullable(), completedAt: z.string().nullable(), canceledAt: z.string().nullable(),
}).meta({ id: 'Campaign' });

export const CampaignSummaryOut = CampaignOut.omit({ stats: true, progress: true, audience: true }).extend({
  progress: CampaignOut.shape.progress,
}).meta({ id: 'CampaignSummary' });

export const RecipientsQuery = z.object({
  status: z.enum(RECIPIENT_STATUSES).optional(),
  reason: z.enum(SKIP_REASONS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();
export const RecipientOut = z.object({
  contactId: z.string(),
  name: z.string().nullable().meta({ description: "The contact's first and last name; null when it has none" }),
  phone: z.string().nullable().meta({ description: "The contact's phone, masked but for its last two digits (+•••••••••23); whole in the CSV export" }),
  status: z.string(), reason: z.string().optional(), messageId: z.string().optional(), scheduledFor: z.string().optional(),
  variant: z.number().int().optional().meta({ description: 'A/B test: the variant the recipient gets' }),
}).meta({ id: 'CampaignRecipient' });

export const PickWinnerBody = z.object({ variant: z.number().int().min(0).max(4) }).strict();
export const VariantsOut = z.object({
  metric: z.enum(['clicks', 'replies']), samplePercent: z.number().int(), winner: z.number().int().nullable(), winnerPickedAt: z.string().nullable(),
  data: z.array(z.object({
    variant: z.number().int(), body: z.string(),
    recipients: z.number().int().meta({ description: 'Sample recipients texted this variant' }),
    hits: z.number().int().meta({ description: 'Of them, who clicked a link (or replied)' }), rate: z.number(),
  })),
}).meta({ id: 'CampaignVariants' });
