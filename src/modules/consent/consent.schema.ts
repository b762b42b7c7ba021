import { z } from 'zod';
import { nonJson } from '../../http/responses.js';
import { IsoDateTime } from '../../lib/dates.js';
import { CONSENT_KINDS } from './consent.service.js';

export const ConsentBody = z.object({
  kind: z.enum(CONSENT_KINDS),
  source: z.enum(['api', 'agent', 'web_form']),
  evidence: z
    .object({
      wording: z.string().max(2000).optional(),
      ip: z.string().max(100).optional(),
      userAgent: z.string().max(500).optional(),
      url: z.string().max(2000).optional(),
      note: z.string().max(2000).optional(),
      occurredAt: IsoDateTime().optional(),
    })
    .default({}),
});

export const ConsentEventOut = z.object({
  id: z.string(), contactId: z.string().nullable(), phone: z.string().nullable(), phoneHash: z.string(),
  kind: z.string().meta({ description: 'opt_in | opt_out' }),
  source: z.string().meta({ description: 'keyword | web_form | import | api | agent | carrier' }),
  evidence: z.record(z.string(), z.unknown()).meta({ description: 'wording, ip, userAgent, url, note, importId, messageId, userId where known' }),
  recordedBy: z.string().nullable(), occurredAt: z.string(),
}).meta({ id: 'ConsentEvent' });

export const ConsentTimelineOut = z.object({ state: z.string(), suppressed: z.boolean(), data: z.array(ConsentEventOut) }).meta({ id: 'ConsentTimeline' });

export const SuppressionOut = z.object({
  phone: z.string().nullable(), phoneHash: z.string(), source: z.string(), reason: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'Suppression' });

/** `?format=` of the evidence downloads, and what they answer. */
export const EvidenceFormat = z.object({ format: z.enum(['csv', 'json']).default('json') });
export const EvidenceFile = nonJson(['application/json', 'text/csv'], 'Consent evidence as a JSON array or a CSV file (by `format`), sent as an attachment.');
