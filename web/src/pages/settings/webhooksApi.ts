import type { components } from '../../api-types.gen';

type S = components['schemas'];
export type WebhookEndpoint = S['WebhookEndpoint'];
export type CreatedWebhookEndpoint = S['CreatedWebhookEndpoint'];
export type WebhookDelivery = S['WebhookDelivery'];
export type WebhookAttempt = S['WebhookAttempt'];

export const WEBHOOKS_KEY = ['webhook-endpoints'] as const;
export const deliveriesKey = (endpointId: string) => ['webhook-deliveries', endpointId] as const;
export const enc = encodeURIComponent;
