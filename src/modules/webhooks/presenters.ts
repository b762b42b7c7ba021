import { toPublicId } from '../../lib/ids.js';
import type { AttemptRow, DeliveryRow, EndpointRow } from './endpoints.service.js';

export const presentEndpoint = (e: EndpointRow, now: Date) => ({
  id: toPublicId('webhookEndpoint', e.id), url: e.url, description: e.description, events: e.events, enabled: e.enabled,
  disabledReason: (e.disabledReason === 'gone' || e.disabledReason === 'failing' || e.disabledReason === 'user' ? e.disabledReason : null) as 'gone' | 'failing' | 'user' | null,
  failingSince: e.failingSince?.toISOString() ?? null,
  rotationEndsAt: e.previousSecret && e.previousSecretUntil && e.previousSecretUntil > now ? e.previousSecretUntil.toISOString() : null,
  createdAt: e.createdAt.toISOString(),
});

export const presentAttempt = (a: AttemptRow) => ({
  at: a.createdAt.toISOString(), url: a.url, requestHeaders: a.requestHeaders, statusCode: a.statusCode, responseExcerpt: a.responseExcerpt, error: a.error, latencyMs: a.latencyMs,
});

export const presentDelivery = (d: DeliveryRow, attempts: AttemptRow[]) => ({
  id: toPublicId('webhookDelivery', d.id), endpointId: toPublicId('webhookEndpoint', d.endpointId), webhookId: toPublicId('webhookMessage', d.messageId),
  eventType: d.eventType, status: d.status as 'pending' | 'succeeded' | 'failed', attempts: d.attempts, nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  lastStatusCode: d.lastStatusCode, lastError: d.lastError, replayOf: d.replayOf ? toPublicId('webhookDelivery', d.replayOf) : null,
  createdAt: d.createdAt.toISOString(), payload: d.payload, attemptLog: attempts.filter((a) => a.deliveryId === d.id).map(presentAttempt),
});
