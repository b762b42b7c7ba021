/** The Twilio carrier kind: REST API for sending and numbers, signed webhooks for receipts and inbound texts. */
import type { CarrierKindImpl } from '../carrier.js';
import { resendsUnknownOutcome, submitWindow } from './config.js';
import { TwilioConnection } from './connection.js';
import { twilioMediaFetchHeaders } from './media.js';
import { parseTwilioWebhook } from './webhook.js';

export const twilioKind: CarrierKindImpl = {
  kind: 'twilio',
  capabilities: { mms: true },
  // Twilio 30007 (carrier filtering), as errors.ts maps it.
  filteredErrorCodes: ['carrier_filtered'],
  connect: (ctx) => new TwilioConnection(ctx),
  parseWebhook: parseTwilioWebhook,
  mediaFetchHeaders: twilioMediaFetchHeaders,
  // No idempotency key: hand-overs are journaled (at most once) unless the connection opted into resending unknown outcomes.
  resendsUnknownOutcome,
  // Its POSTs go `concurrency` at a time: journaled window by window (SendOptions.journal), not the whole batch at once.
  submitWindow,
};

export { readTwilioConfig, TWILIO_API } from './config.js';
export { OUTCOME_UNKNOWN } from './errors.js';
