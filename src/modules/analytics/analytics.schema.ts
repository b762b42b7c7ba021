import { z } from 'zod';
import { IsoDate } from '../../lib/dates.js';

export const AnalyticsQuery = z.strictObject({
  from: IsoDate().describe('First UTC day (YYYY-MM-DD), inclusive'),
  to: IsoDate().describe('Last UTC day (YYYY-MM-DD), inclusive; at most 400 days after `from`'),
  numberId: z.string().min(1).max(100).optional().describe('Only this sending number (pn_…)'),
  granularity: z.enum(['day', 'week', 'month']).default('day'),
});

const counters = {
  sent: z.number(), delivered: z.number(), failed: z.number(), received: z.number(),
  segmentsOut: z.number(), segmentsIn: z.number(), optIns: z.number(), optOuts: z.number(), responses: z.number(),
  cost: z.string().describe('USD, 4 decimal places'),
};
const Cost = z.object({ amount: z.string(), currency: z.literal('USD'), source: z.string() });

export const AnalyticsPoint = z.object({ period: z.string(), ...counters, averageResponseSeconds: z.number().nullable() }).meta({ id: 'AnalyticsPoint' });

export const AnalyticsSummary = z.object({
  from: z.string(), to: z.string(), granularity: z.enum(['day', 'week', 'month']), numberId: z.string().nullable(), timeZone: z.literal('UTC'),
  totals: z.object({
    ...counters,
    deliveryRate: z.number().nullable().describe('% delivered of the texts with a final outcome (delivered + failed)'),
    optOutRate: z.number().nullable().describe('% opt-outs per text sent'),
    averageResponseSeconds: z.number().nullable(),
    respondedWithin: z.object({ fiveMinutes: z.number().nullable(), oneHour: z.number().nullable(), oneDay: z.number().nullable() }).describe('% of responses'),
  }),
  cost: Cost,
  series: z.array(AnalyticsPoint),
  errors: z.array(z.object({ code: z.string(), failed: z.number(), share: z.number().nullable() })),
  campaigns: z.array(z.object({
    id: z.string(), name: z.string(), status: z.string().nullable(), recipients: z.number().nullable(), sent: z.number(), delivered: z.number(),
    deliveredPercent: z.number().nullable(), failed: z.number(), optOuts: z.number(), optOutPercent: z.number().nullable(), clicks: z.number(), cost: z.string(),
  })),
  sla: z.object({ total: z.number(), met: z.number(), breached: z.number(), percentMet: z.number().nullable(), scope: z.literal('account') }),
}).meta({ id: 'AnalyticsSummary' });
