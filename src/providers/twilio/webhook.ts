/**
 * Twilio webhooks: verify X-Twilio-Signature over the raw request, then turn the form body into
 * events. Status callbacks → receipts (intermediate statuses give none); inbound → texts with media.
 */
import type { ConnectionContext, InboundMedia, WebhookEvent, WebhookRequest } from '../carrier.js';
import { WebhookRejected } from '../carrier.js';
import type { ReceiptStatus } from '../provider.js';
import { mapDeliveryError } from './errors.js';
import { parseForm, verifySignature, type FormParams } from './signature.js';

/** Twilio MessageStatus → our receipt status; absent (null) = intermediate, no event. */
export const RECEIPT_STATUS: Record<string, ReceiptStatus | null> = {
  accepted: null, scheduled: null, queued: null, sending: null, receiving: null, received: null,
  sent: 'sent', delivered: 'delivered', read: 'delivered', partially_delivered: null,
  undelivered: 'undelivered', failed: 'failed', canceled: 'failed',
};

const MAX_MEDIA = 10;
const SID = /^(SM|MM|SK)[0-9a-fA-F]{32}$/;

const header = (req: WebhookRequest, name: string): string | undefined => {
  const v = req.headers[name] ?? req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const one = (p: FormParams, name: string): string | undefined => {
  const v = p[name];
  return Array.isArray(v) ? undefined : v; // a repeated scalar is malformed: treated as absent
};

/** The token Twilio signs webhooks with: the account's auth token (an API key cannot sign). */
export function webhookToken(ctx: ConnectionContext): string | undefined {
  return ctx.credentials.webhookAuthToken || ctx.credentials.authToken || undefined;
}

/** Verifies and parses; throws WebhookRejected for anything forged, altered or malformed. */
export function parseTwilioWebhook(req: WebhookRequest, ctx: ConnectionContext, which: 'status' | 'inbound'): WebhookEvent[] {
  const params = verified(req, ctx);
  const accountSid = one(params, 'AccountSid');
  if (accountSid !== undefined && ctx.credentials.accountSid && accountSid !== ctx.credentials.accountSid) {
    throw new WebhookRejected('malformed', 'The callback names another Twilio account.');
  }
  return which === 'status' ? statusEvents(params, ctx) : inboundEvents(params, ctx);
}

function verified(req: WebhookRequest, ctx: ConnectionContext): FormParams {
  const token = webhookToken(ctx);
  if (!token) throw new WebhookRejected('bad_signature', 'The connection has no auth token to verify Twilio signatures (set webhookAuthToken).');
  const signature = header(req, 'x-twilio-signature');
  if (!signature) throw new WebhookRejected('missing_signature', 'X-Twilio-Signature is missing.');
  const settings = header(req, 'x-twilio-webhooks-signature-settings');
  if (settings && /algorithm\s*=\s*(?!HMAC_SHA1\b)/i.test(settings)) {
    throw new WebhookRejected('bad_signature', 'Only auth-token (HMAC_SHA1) signatures are supported.');
  }
  if (req.method.toUpperCase() !== 'POST') throw new WebhookRejected('malformed', 'Twilio webhooks are expected as POST.');
  const params = parseForm(req.rawBody);
  if (!params) throw new WebhookRejected('malformed', 'The body is not a decodable form.');
  if (!verifySignature(token, signature, req.url, params)) throw new WebhookRejected('bad_signature', 'X-Twilio-Signature does not match.');
  return params;
}

function statusEvents(p: FormParams, ctx: ConnectionContext): WebhookEvent[] {
  const sid = one(p, 'MessageSid') ?? one(p, 'SmsSid');
  const status = one(p, 'MessageStatus') ?? one(p, 'SmsStatus');
  if (!sid || !SID.test(sid) || !status) throw new WebhookRejected('malformed', 'A status callback needs MessageSid and MessageStatus.');
  if (!(status in RECEIPT_STATUS)) throw new WebhookRejected('malformed', `Unknown MessageStatus "${status.slice(0, 40)}".`);
  const mapped = RECEIPT_STATUS[status];
  if (!mapped) return [];
  const errorCode = mapDeliveryError(one(p, 'ErrorCode')) ?? (status === 'canceled' ? 'canceled_at_carrier' : undefined);
  return [{
    kind: 'receipt',
    receipt: { accountId: ctx.accountId, connectionId: ctx.connectionId, provider: 'twilio', providerMessageId: sid, status: mapped, ...(errorCode ? { errorCode } : {}) },
  }];
}

function inboundEvents(p: FormParams, ctx: ConnectionContext): WebhookEvent[] {
  const sid = one(p, 'MessageSid') ?? one(p, 'SmsSid');
  const from = one(p, 'From');
  const to = one(p, 'To');
  if (!sid || !SID.test(sid) || !from || !to) throw new WebhookRejected('malformed', 'An inbound message needs MessageSid, From and To.');
  const status = one(p, 'SmsStatus') ?? one(p, 'MessageStatus');
  if (status !== undefined && status !== 'received') {
    throw new WebhookRejected('malformed', `A status callback ("${status.slice(0, 40)}") arrived at the inbound URL.`);
  }
  const media = inboundMedia(p);
  const body = one(p, 'Body') ?? '';
  return [{
    kind: 'inbound',
    message: { accountId: ctx.accountId, connectionId: ctx.connectionId, providerMessageId: sid, from, to, body, ...(media.length ? { media } : {}) },
  }];
}

function inboundMedia(p: FormParams): InboundMedia[] {
  const raw = one(p, 'NumMedia') ?? '0';
  const n = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 0 && n <= MAX_MEDIA)) throw new WebhookRejected('malformed', 'NumMedia is not a count of at most 10.');
  const media: InboundMedia[] = [];
  for (let i = 0; i < n; i++) {
    const url = one(p, `MediaUrl${i}`);
    if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) throw new WebhookRejected('malformed', `MediaUrl${i} is missing or not a URL.`);
    media.push({ url, contentType: one(p, `MediaContentType${i}`) ?? null });
  }
  return media;
}
