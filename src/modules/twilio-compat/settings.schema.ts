import { z } from 'zod';

export const TwilioSettingsOut = z.object({
  accountSid: z.string().meta({ description: 'The account SID (AC + 32 hex): the Basic user of the Twilio-compatible API' }),
  baseUrl: z.string().meta({ description: 'Point Twilio code here instead of https://api.twilio.com' }),
  authTokenIssuedAt: z.string().nullable().meta({ description: 'When the current auth token was issued (null: none yet); the token itself is shown only when issued' }),
}).meta({ id: 'TwilioSettings' });

export const TwilioAuthTokenOut = z.object({
  accountSid: z.string(),
  authToken: z.string().meta({ description: 'Shown once: it signs status callbacks and inbound webhooks (X-Twilio-Signature) and is a Basic password with the account SID' }),
  issuedAt: z.string(),
}).meta({ id: 'TwilioAuthToken' });
