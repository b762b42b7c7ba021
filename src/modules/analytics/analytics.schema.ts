import { z } from 'zod';
import { IsoDate } from '../../lib/dates.js';

export const AnalyticsQuery = z.strictObject({
  from: IsoDate().optional().describe("First day (YYYY-MM-DD), inclusive: a local day of the account's zone (`timeZone` of the answer); with `to`, or neither: the last 30 days up to today there"),
  to: IsoDate().optional().describe('Last day (YYYY-MM-DD), inclusive; at most 400 days after `from`'),
  numberId: z.string().min(1).max(100).optional().describe('Only this sending number (pn_…)'),
  granularity: z.enum(['day', 'week', 'month']).default('day'),
}).refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'Give both `from` and `to`, or neither (the last 30 days).', path: ['to'] });

const counters = {
  sent: z.number(), delivered: z.number(), failed: z.number(), received: z.number(),
  segmentsOut: z.number(), segmentsIn: z.number(), optIns: z.number(), optOuts: z.number(), responses: z.number(),
  cost: z.string().describe('USD, 4 decimal places'),
};
const SlaRow = z.object({
  id: z.string().nullable().describe('usr_… / team_…; null: unassigned, no team'), name: z.string(),
  total: z.number(), met: z.number(), breached: z.number(), percentMet: z.number().nullable(),
});
const Cost = z.object({ amount: z.string(), currency: z.literal('USD'), source: z.string() });

export const AnalyticsPoint = z.object({ period: z.string(), ...counters, averageResponseSeconds: z.number().nullable() }).meta({ id: 'AnalyticsPoint' });

export const AnalyticsSummary = z.object({
  from: z.string(), to: z.string(), today: z.string().describe("Today's date in `timeZone`"), granularity: z.enum(['day', 'week', 'month']), numberId: z.string().nullable(),
  timeZone: z.string().describe("The IANA zone whose days these are: the business hours' zone, else the account's"),
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
  sla: z.object({
    total: z.number(), met: z.number(), breached: z.number(), percentMet: z.number().nullable(), scope: z.literal('account'),
    byAgent: z.array(SlaRow).describe('Per agent who had the conversation when the target was decided (as GET /v1/reports/sla?groupBy=agent)'),
    byTeam: z.array(SlaRow).describe('Per team (as GET /v1/reports/sla?groupBy=team)'),
  }),
}).meta({ id: 'AnalyticsSummary' });
