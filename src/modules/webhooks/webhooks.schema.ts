import { z } from 'zod';
import { IsoDateTime } from '../../lib/dates.js';
import { WEBHOOK_EVENT_TYPES } from './events.js';

const Url = z.string().trim().min(1).max(2000).pipe(z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL.' }));
const EventType = z.enum(WEBHOOK_EVENT_TYPES);

export const EndpointBody = z.object({
  url: Url,
  events: z.array(EventType).max(50).optional().meta({ description: 'Event types to receive; empty or absent: every type' }),
  description: z.string().trim().max(500).optional(),
}).strict();
export const EndpointPatch = z.object({
  url: Url.optional(),
  events: z.array(EventType).max(50).optional(),
  description: z.string().trim().max(500).optional(),
  enabled: z.boolean().optional(),
}).strict();
export const RotateBody = z.object({
  overlapHours: z.number().int().min(0).max(168).optional().meta({ description: 'How long the old secret keeps signing beside the new one (default 24)' }),
}).strict();
export const ReplayBody = z.object({ since: IsoDateTime() }).strict();
export const IdParams = z.object({ id: z.string().min(1).max(100) });
export const LogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
}).strict();

export const EndpointOut = z.object({
  id: z.string(), url: z.string(), description: z.string(), events: z.array(z.string()), enabled: z.boolean(),
  disabledReason: z.enum(['gone', 'failing', 'user']).nullable(),
  failingSince: z.string().nullable(), rotationEndsAt: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'WebhookEndpoint' });
export const CreatedEndpointOut = EndpointOut.extend({ secret: z.string().meta({ description: 'whsec_… — shown here once; reveal it later with GET …/secret' }) }).meta({ id: 'CreatedWebhookEndpoint' });
export const SecretOut = z.object({ secret: z.string() });
export const EventTypesOut = z.object({ data: z.array(z.string()) });

export const AttemptOut = z.object({
  at: z.string(), url: z.string(), requestHeaders: z.record(z.string(), z.string()), statusCode: z.number().int().nullable(),
  responseExcerpt: z.string().nullable(), error: z.string().nullable(), latencyMs: z.number().int(),
}).meta({ id: 'WebhookAttempt' });
export const DeliveryOut = z.object({
  id: z.string(), endpointId: z.string(), webhookId: z.string(), eventType: z.string(), status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(), nextAttemptAt: z.string().nullable(), lastStatusCode: z.number().int().nullable(), lastError: z.string().nullable(),
  replayOf: z.string().nullable(), createdAt: z.string(), payload: z.record(z.string(), z.unknown()), attemptLog: z.array(AttemptOut),
}).meta({ id: 'WebhookDelivery' });
export const DeliveryPage = z.object({ data: z.array(DeliveryOut), nextCursor: z.string().nullable() });
export const ReplayOut = z.object({ queued: z.number().int() });
