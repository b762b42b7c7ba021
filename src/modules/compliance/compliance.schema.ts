import { z } from 'zod';
import { IsoDateTime } from '../../lib/dates.js';

export const SENDER_ID_MODES = ['first_message', 'always', 'never'] as const;
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:mm');

export const SendHours = z.object({ start: HHMM, end: HHMM }).strict().meta({
  id: 'SendHours', description: "The account's own sending hours for marketing texts, recipient local time (start inclusive, end exclusive)",
});

export const SendWindowBody = z.object({
  to: z.string().min(1).max(64).meta({ description: 'The recipient, E.164 or national in the account\'s country' }),
  at: IsoDateTime().meta({ description: 'The moment asked about (ISO 8601)' }),
  timeZone: z.string().min(1).max(64).optional().meta({ description: "IANA zone; default: the contact's, else the number's (area code), else the account's" }),
}).strict();

export const SendWindowOut = z.object({
  allowed: z.boolean(),
  at: z.string().meta({ description: 'ISO 8601 UTC' }),
  nextAllowedAt: z.string().meta({ description: 'ISO 8601 UTC; equals `at` when allowed' }),
  timeZone: z.string(),
  timeZoneSource: z.enum(['request', 'contact', 'number', 'account']),
  region: z.string().nullable().meta({ description: "The number's region (ISO 3166-2, e.g. US-FL) when known" }),
  rule: z.enum(['TCPA', 'FL', 'OK', 'account']),
  maxPer24h: z.number().int().nullable().meta({ description: 'Marketing texts allowed per rolling 24 h to this number (3 in FL and OK), null: no statutory cap' }),
}).meta({ id: 'SendWindow' });

export const ComplianceSettingsOut = z.object({
  sendHours: SendHours.nullable(),
  senderId: z.enum(SENDER_ID_MODES).meta({ description: 'When the business name and "Reply STOP to opt out" are added to marketing texts' }),
}).meta({ id: 'ComplianceSettings' });

export const ComplianceSettingsPatch = z.object({
  sendHours: SendHours.nullable().optional(),
  senderId: z.enum(SENDER_ID_MODES).optional(),
}).strict();

export type SenderIdMode = (typeof SENDER_ID_MODES)[number];
export type ComplianceSettings = z.infer<typeof ComplianceSettingsOut>;
