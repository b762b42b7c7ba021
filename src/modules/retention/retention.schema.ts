import { z } from 'zod';
import { RETENTION_LIMITS } from './retention-rules.js';

const limit = (key: keyof typeof RETENTION_LIMITS, what: string) =>
  z.number().int().min(RETENTION_LIMITS[key].min).max(RETENTION_LIMITS[key].max).nullable().describe(`${what}; null keeps them`);

export const RetentionBody = z
  .object({
    messageBodyDays: limit('messageBodyDays', 'days after which message bodies are redacted and their media deleted'),
    uploadDays: limit('uploadDays', 'days after which uploaded files are deleted: import CSVs, and MMS uploads (POST /v1/media) no message or unfinished campaign lists'),
    inactiveContactMonths: limit('inactiveContactMonths', 'months without a message or consent activity after which a contact is erased'),
    exportDays: limit('exportDays', 'days after which a data export expires'),
  })
  .strict()
  .meta({ id: 'RetentionRules' });

export const RetentionOut = RetentionBody.extend({
  defaults: z.object({ messageBodyDays: z.number().nullable(), uploadDays: z.number().nullable(), inactiveContactMonths: z.number().nullable(), exportDays: z.number().nullable() }),
  lastRunAt: z.string().nullable(),
  lastRun: z.record(z.string(), z.number()).nullable().describe('what the last daily run did, rule by rule'),
}).meta({ id: 'RetentionSettings' });

export const RetentionPreview = z
  .object({
    at: z.string().describe('the instant the counts were taken at'),
    messageBodies: z.number().int().describe('message bodies the daily job would redact now'),
    uploads: z.number().int().describe('uploaded files (import CSVs) it would delete'),
    mediaUploads: z.number().int().describe('MMS uploads it would delete (past uploadDays, listed by no message and no unfinished campaign; a text whose body the run redacts frees its uploads only in the run)'),
    inactiveContacts: z.number().int().describe('contacts it would erase'),
    exports: z.null().describe('exports expire on their own (their own expiry, set from exportDays)'),
    cutoffs: z.object({ messageBodies: z.string().nullable(), uploads: z.string().nullable(), inactiveContacts: z.string().nullable(), exports: z.string().nullable() }),
  })
  .meta({ id: 'RetentionPreview' });
