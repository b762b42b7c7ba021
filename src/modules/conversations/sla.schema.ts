import { z } from 'zod';
import { IsoDate, IsoDateTime } from '../../lib/dates.js';
import { CsatOut } from './csat.schema.js';

/** SLA policies, business hours, holidays, breaches and the SLA/CSAT report (shared with the web app). */
const minutes = z.number().int().min(1).max(525_600).nullable();
const isoDateTime = IsoDateTime();

// ---- requests ----
export const SlaPolicyIn = z.strictObject({
  name: z.string().trim().min(1).max(100),
  teamId: z.string().max(100).nullable().optional().meta({ description: 'A team: conversations of this team follow this policy; null or absent: the default policy (one per account)' }),
  firstResponseMinutes: minutes.meta({ description: 'Minutes from the customer\'s first text to the first reply; null: no such target' }),
  nextResponseMinutes: minutes.meta({ description: 'Minutes from a later customer text to the next reply' }),
  resolutionMinutes: minutes.meta({ description: 'Minutes from the conversation\'s first text to its close' }),
  businessHours: z.boolean().default(true).meta({ description: 'Count only business hours (minus holidays); false counts every minute' }),
  warnPercent: z.number().int().min(1).max(99).default(80).meta({ description: 'The assignee is warned when this share of the target has passed' }),
});
export const SlaPolicyPatch = SlaPolicyIn.partial();

export const OpeningHoursIn = z.strictObject({
  day: z.number().int().min(1).max(7).meta({ description: 'ISO weekday: 1 = Monday … 7 = Sunday' }),
  start: z.string().max(5).meta({ description: 'HH:mm local' }),
  end: z.string().max(5).meta({ description: 'HH:mm local; 24:00 = midnight' }),
});
export const BusinessHoursIn = z.strictObject({
  timeZone: z.string().max(64).nullable().meta({ description: "IANA zone; null: the account's time zone" }),
  hours: z.array(OpeningHoursIn).max(70).meta({ description: 'Opening intervals; empty: open around the clock' }),
});
export const HolidayIn = z.strictObject({
  date: IsoDate().meta({ description: 'YYYY-MM-DD, a local date of the business-hours zone' }),
  name: z.string().trim().min(1).max(100),
});
export const BreachesQuery = z.strictObject({
  state: z.enum(['breached', 'at_risk', 'all']).default('all').meta({ description: 'breached: past due; at_risk: warned, not yet due' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const SlaReportQuery = z.strictObject({
  from: isoDateTime,
  to: isoDateTime,
  groupBy: z.enum(['agent', 'team', 'day', 'partner']).default('day'),
});

// ---- responses ----
const ref = z.object({ id: z.string(), name: z.string() });
export const SlaPolicyOut = z.object({
  id: z.string(), name: z.string(), team: ref.nullable(),
  firstResponseMinutes: z.number().nullable(), nextResponseMinutes: z.number().nullable(), resolutionMinutes: z.number().nullable(),
  businessHours: z.boolean(), warnPercent: z.number(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'SlaPolicy' });
export const SlaPolicyList = z.object({ data: z.array(SlaPolicyOut) });

export const BusinessHoursOut = z.object({
  timeZone: z.string().nullable(), effectiveTimeZone: z.string(),
  hours: z.array(z.object({ day: z.number(), start: z.string(), end: z.string() })),
}).meta({ id: 'BusinessHours' });
export const HolidayOut = z.object({ id: z.string(), date: z.string(), name: z.string() }).meta({ id: 'Holiday' });
export const HolidayList = z.object({ data: z.array(HolidayOut) });

const KIND = z.enum(['first_response', 'next_response', 'resolution']);
export const SlaTargetOut = z.object({
  kind: KIND, status: z.enum(['active', 'met', 'breached', 'stopped']),
  startedAt: z.string(), dueAt: z.string().nullable(), warnAt: z.string().nullable(), metAt: z.string().nullable(), breachedAt: z.string().nullable(),
}).meta({ id: 'SlaTarget' });
export const ConversationSlaOut = z.object({
  policy: ref.nullable().meta({ description: 'The policy the conversation follows now' }),
  targets: z.array(SlaTargetOut),
  csat: CsatOut.nullable().meta({ description: 'The CSAT survey after its close, if one was queued' }),
}).meta({ id: 'ConversationSla' });

export const SlaBreachOut = z.object({
  conversationId: z.string(), kind: KIND, state: z.enum(['breached', 'at_risk']),
  startedAt: z.string(), dueAt: z.string(), breachedAt: z.string().nullable(),
  contact: z.object({ id: z.string(), phone: z.string(), name: z.string().nullable() }),
  assignee: ref.nullable(), team: ref.nullable(), conversationStatus: z.string(),
}).meta({ id: 'SlaBreach' });
export const SlaBreachList = z.object({ data: z.array(SlaBreachOut) });

const kindFigures = z.object({ total: z.number(), met: z.number() });
const csatFigures = z.object({ responses: z.number(), average: z.number().nullable(), distribution: z.array(z.number()).meta({ description: 'Replies scoring 1, 2, 3, 4, 5' }) });
export const SlaReportRow = z.object({
  key: z.string().nullable().meta({ description: 'Agent or team public id (null: none), or the local date' }),
  label: z.string(),
  total: z.number(), met: z.number(), breached: z.number(), percentMet: z.number().nullable(),
  byKind: z.object({ first_response: kindFigures, next_response: kindFigures, resolution: kindFigures }),
  csat: csatFigures,
}).meta({ id: 'SlaReportRow' });
export const SlaReportOut = z.object({
  from: z.string(), to: z.string(), groupBy: z.enum(['agent', 'team', 'day', 'partner']), timeZone: z.string(),
  totals: SlaReportRow.omit({ key: true, label: true }),
  rows: z.array(SlaReportRow),
}).meta({ id: 'SlaReport' });
