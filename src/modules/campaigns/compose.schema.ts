import { z } from 'zod';
import { Audience } from './campaigns.schema.js';

export const AudienceSamplesBody = z.object({
  audience: Audience,
  body: z.string().max(1600).optional().meta({ description: 'With a body: also the recipient whose final text is the costliest' }),
  smartEncoding: z.boolean().optional(),
  limit: z.number().int().min(1).max(10).optional().meta({ description: 'Sample contacts to return (default 3)' }),
}).strict();

export const AudienceSamplesOut = z.object({
  data: z.array(z.string()).meta({ description: 'Eligible contacts of the audience (ct_…), for POST /v1/messages/preview contactIds' }),
  worstCase: z.object({
    contactId: z.string(), segments: z.number().int(), encoding: z.enum(['GSM-7', 'UCS-2']), units: z.number().int(),
    problem: z.enum(['empty_body', 'body_too_long', 'invalid_characters']).nullable().meta({ description: 'Why this text could not be sent (launch would refuse it), or null' }),
  }).nullable().meta({ description: 'The eligible recipient whose final text (merged, with sender identification) has the most segments; null without a body or recipients' }),
}).meta({ id: 'CampaignAudienceSamples' });
