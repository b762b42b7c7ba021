import { z } from 'zod';
import { IsoDateTime } from '../../lib/dates.js';

const TYPES = ['access', 'correction', 'deletion', 'opt_out'] as const;
const STATUSES = ['received', 'verified', 'in_progress', 'completed', 'denied'] as const;
const REGIMES = ['gdpr', 'ccpa', 'other'] as const;
const Reason = z.string().trim().min(1).max(1000);

const Correction = z.object({
  text: z.string().trim().max(2000).optional().meta({ description: 'What the person asks to correct, in their words' }),
  firstName: z.string().trim().max(100).nullable().optional(),
  lastName: z.string().trim().max(100).nullable().optional(),
  email: z.string().trim().max(254).email().nullable().optional(),
}).strict();

export const DataRequestIn = z.object({
  type: z.enum(TYPES),
  channel: z.enum(['phone', 'email', 'other']).meta({ description: 'How the business received the request' }),
  regime: z.enum(REGIMES).optional().meta({ description: 'Sets the due date (GDPR one month, CCPA 45 days, other one month); default from the account\'s country' }),
  phone: z.string().max(40).optional().meta({ description: 'The person\'s number, any format' }),
  email: z.string().trim().max(254).email().optional(),
  note: z.string().trim().max(2000).optional(),
  correction: Correction.optional(),
  receivedAt: IsoDateTime().optional().meta({ description: 'When the business received it (default now; not in the future): the due date counts from it' }),
  verified: z.boolean().optional().meta({ description: 'The business already verified the person\'s identity' }),
}).strict();

export const DataRequestPatch = z.object({
  status: z.enum(STATUSES).optional().meta({ description: 'received → verified → in_progress → completed | denied (forward only)' }),
  reason: Reason.optional().meta({ description: 'Required with status denied (told to the person)' }),
  extend: z.object({ reason: Reason }).strict().optional().meta({ description: 'Extend the due date once (GDPR +2 months, CCPA +45 days) with the reason, before it has passed (409 extension_too_late after)' }),
  answer: z.string().trim().min(1).max(1000).optional().meta({ description: 'The answer sent to the person when the request is completed or denied (default: a standard text)' }),
}).strict();

export const DataRequestQuery = z.object({
  status: z.enum(STATUSES).optional(),
  type: z.enum(TYPES).optional(),
  overdue: z.enum(['true', 'false']).optional().meta({ description: 'true: only open requests past their due date' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

export const DataRequestEventOut = z.object({
  action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), reason: z.string().nullable(),
  actor: z.object({ type: z.string(), label: z.string().nullable() }), at: z.string(),
}).meta({ id: 'DataRequestEvent' });

export const DataRequestOut = z.object({
  id: z.string(), type: z.enum(TYPES), channel: z.string(), regime: z.enum(REGIMES), status: z.enum(STATUSES),
  verified: z.boolean(), verifiedBy: z.string().nullable(),
  phone: z.string().nullable(), email: z.string().nullable(), contactId: z.string().nullable(), note: z.string().nullable(),
  correction: z.object({ text: z.string().optional(), firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional(), email: z.string().nullable().optional() }).nullable(),
  receivedAt: z.string(), dueAt: z.string(), overdue: z.boolean(), extendedAt: z.string().nullable(), extensionReason: z.string().nullable(),
  denialReason: z.string().nullable(), answer: z.string().nullable(), answerChannels: z.array(z.string()), answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
  trail: z.array(DataRequestEventOut).optional().meta({ description: 'The status trail (on GET of one request)' }),
}).meta({ id: 'DataRequest' });

export const DataRequestPage = z.object({ data: z.array(DataRequestOut), nextCursor: z.string().nullable() });

export const PrivacyPageOut = z.object({ url: z.string().meta({ description: 'The business\'s public privacy page (end customers ask for their data there)' }) });

/** The public page's form posts. */
export const PublicStartIn = z.object({ phone: z.string().max(40), token: z.string().max(500) });
export const PublicVerifyIn = z.object({ ticket: z.string().max(200), code: z.string().max(20) });
export const PublicChoiceIn = z.object({
  ticket: z.string().max(200),
  type: z.enum(TYPES),
  text: z.string().max(2000).optional(),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
});
