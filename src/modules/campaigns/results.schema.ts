import { z } from 'zod';

export const TIMELINE_BUCKETS = ['minute', 'hour', 'day'] as const;

export const TimelineQuery = z.object({
  bucket: z.enum(TIMELINE_BUCKETS).default('hour').meta({ description: 'Bucket size; days are cut in the account\'s time zone' }),
}).strict();

export const TimelineOut = z.object({
  bucket: z.enum(TIMELINE_BUCKETS),
  timeZone: z.string().meta({ description: 'The zone buckets are cut in (the account\'s)' }),
  data: z.array(z.object({
    t: z.string().meta({ description: 'Start of the bucket (ISO 8601 UTC)' }),
    sent: z.number().int(), delivered: z.number().int(), failed: z.number().int().meta({ description: 'Failed or undelivered' }),
    replies: z.number().int().meta({ description: 'Recipients who texted in during the bucket (people, not texts)' }),
    optOuts: z.number().int().meta({ description: 'Recipients who opted out during the bucket (people)' }),
  })).meta({ description: 'Buckets with activity, oldest first (at most the last 2,000)' }),
}).meta({ id: 'CampaignTimeline' });

export const RECIPIENT_CSV_COLUMNS = [
  'contact_id', 'phone', 'name', 'status', 'reason', 'message_id', 'scheduled_for', 'sent_at', 'delivered_at', 'error_code',
] as const;
