import { z } from 'zod';

export const SignalOut = z.object({
  code: z.string(),
  campaignId: z.string().nullable().describe('the campaign (cmp_…) of a campaign signal; null: the account as a whole'),
  value: z.number(), threshold: z.number(), crossed: z.boolean(),
  numbers: z.record(z.string(), z.union([z.number(), z.string()])),
  explanation: z.string(),
}).meta({ id: 'RiskSignal' });

export const ReviewOut = z.object({
  id: z.string(), accountId: z.string(), accountName: z.string(), accountStatus: z.string(),
  enforcementState: z.string().nullable(),
  status: z.enum(['open', 'dismissed', 'actioned']),
  signals: z.array(SignalOut),
  openedAt: z.string(), updatedAt: z.string(), resolvedAt: z.string().nullable(), resolution: z.string().nullable(),
}).meta({ id: 'RiskReview' });

export const ReviewQuery = z.object({
  status: z.enum(['open', 'dismissed', 'actioned']).default('open'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ResolveBody = z.object({
  decision: z.enum(['dismiss']).describe('dismiss: nothing to act on (to act, POST the account\'s enforcement: it closes the review as actioned)'),
  note: z.string().trim().min(1).max(2000),
});

export const EnforcementBody = z.object({
  action: z.enum(['warn', 'throttle', 'suspend', 'terminate', 'reinstate']),
  reason: z.string().trim().min(1).max(2000).describe('sent to the account owner and kept in both audit logs'),
  throttleMps: z.number().positive().max(1000).optional().describe('throttle: messages per second per sender (default 0.2)'),
});

export const EnforcementOut = z.object({ actionId: z.string(), state: z.string() });

export const HoldOut = z.object({ id: z.string(), kind: z.string(), reason: z.string(), placedAt: z.string(), liftedAt: z.string().nullable() });

export const ActionOut = z.object({
  id: z.string(), action: z.string(), reason: z.string(), throttleMps: z.number().nullable(), operator: z.string().nullable(), createdAt: z.string(),
});

export const AppealSummaryOut = z.object({
  id: z.string(), accountId: z.string(), accountName: z.string().nullable(), status: z.enum(['open', 'closed']), subject: z.string(),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'AppealSummary' });

export const AppealMessageOut = z.object({
  id: z.string(), author: z.enum(['account', 'operator']), authorName: z.string().nullable(), body: z.string(), createdAt: z.string(),
});

export const AppealOut = AppealSummaryOut.extend({ messages: z.array(AppealMessageOut) }).meta({ id: 'Appeal' });

export const AccountTrustSafetyOut = z.object({
  state: z.string(), throttleMps: z.number().nullable(), sendingHeld: z.boolean(),
  holds: z.array(HoldOut), actions: z.array(ActionOut), reviews: z.array(ReviewOut),
}).meta({ id: 'AccountTrustSafety' });

export const NoticeOut = z.object({
  id: z.string(), kind: z.string(), title: z.string(), body: z.string(), createdAt: z.string(), acknowledgedAt: z.string().nullable(),
}).meta({ id: 'AccountNotice' });

export const NoticesOut = z.object({
  state: z.string().describe('active | warned | throttled | suspended | terminated'),
  sendingHeld: z.boolean().describe('queued messages wait (a sending hold: suspension or exhausted credits)'),
  data: z.array(NoticeOut),
});

export const AppealCreateBody = z.object({ subject: z.string().trim().min(1).max(200), body: z.string().trim().min(1).max(5000) });
export const AppealReplyBody = z.object({ body: z.string().trim().min(1).max(5000) });
export const OperatorAppealReplyBody = AppealReplyBody.extend({ close: z.boolean().optional() });

export const ThresholdsBody = z.object({
  windowHours: z.number().positive().max(24 * 30), baselineDays: z.number().positive().max(90), minSample: z.number().int().min(1).max(1_000_000),
  optOutRate: z.number().min(0).max(1), firstMessageStopRate: z.number().min(0).max(1), firstMessageStopHours: z.number().positive().max(24 * 30),
  carrierFilteredRate: z.number().min(0).max(1), noConsentShare: z.number().min(0).max(1),
  spikeFactor: z.number().positive().max(10_000), spikeMinVolume: z.number().int().min(0).max(100_000_000),
  shortenerShare: z.number().min(0).max(1), phishingShare: z.number().min(0).max(1), shaftShare: z.number().min(0).max(1),
  highCostShare: z.number().min(0).max(1), sequentialShare: z.number().min(0).max(1), sequentialRun: z.number().int().min(2).max(1000),
  highCostPrefixes: z.array(z.string().regex(/^\+\d{1,6}$/)).max(500),
}).partial().strict().meta({ id: 'RiskThresholds' });
