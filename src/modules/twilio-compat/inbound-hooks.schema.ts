import { z } from 'zod';

export const InboundLogQuery = z.object({
  numberId: z.string().max(100).optional().meta({ description: 'Only the deliveries of this number (pn_…)' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
}).strict();

export const InboundAttemptOut = z.object({
  at: z.string(), url: z.string(), statusCode: z.number().int().nullable(),
  responseExcerpt: z.string().nullable().meta({ description: 'The answer (the TwiML), first 64 KB' }), error: z.string().nullable(), latencyMs: z.number().int(),
}).meta({ id: 'TwilioInboundAttempt' });

export const TwimlOutcomeOut = z.object({
  messages: z.number().int().meta({ description: 'How many <Message> verbs the answer held (only the first 10 are sent)' }),
  replies: z.array(z.object({
    messageId: z.string().nullable().meta({ description: 'The reply queued (msg_…), or null' }),
    reason: z.string().nullable().meta({ description: 'Why no reply was queued (e.g. recipient_opted_out, mms_not_supported, empty_body, auto_reply_limit)' }),
  })),
  error: z.object({ code: z.number().int(), message: z.string() }).nullable().meta({ description: "A TwiML problem with Twilio's error code (12100 not XML, 12200 not TwiML, 14109 more than 10 <Message> verbs: the rest refused)" }),
  ignored: z.array(z.string()).meta({ description: 'Verbs and attributes read but not carried out (e.g. Redirect)' }),
}).meta({ id: 'TwimlOutcome' });

export const InboundDeliveryOut = z.object({
  id: z.string(), numberId: z.string(), messageId: z.string(), messageSid: z.string(), url: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']), attempts: z.number().int(), nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(), lastError: z.string().nullable(), createdAt: z.string(),
  twiml: TwimlOutcomeOut.nullable().meta({ description: 'What the answer\'s TwiML did (null until a 2xx answer)' }),
  attemptLog: z.array(InboundAttemptOut),
}).meta({ id: 'TwilioInboundDelivery' });

export const InboundDeliveryPage = z.object({ data: z.array(InboundDeliveryOut), nextCursor: z.string().nullable() });
