import { z } from 'zod';

export const DeviceOut = z.object({
  browser: z.string().nullable(),
  os: z.string().nullable(),
  type: z.string().nullable().meta({ description: 'desktop | mobile | tablet | tv | bot' }),
  label: z.string().meta({ description: 'e.g. "Chrome 120 on macOS", parsed from the user agent' }),
}).meta({ id: 'Device' });

export const SignedInSessionOut = z.object({
  id: z.string(),
  accountId: z.string().meta({ description: 'The account the session acts in now' }),
  device: DeviceOut,
  ip: z.string().nullable().meta({ description: 'The address the session started from' }),
  userAgent: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string().meta({ description: 'Updated at most once a minute' }),
  expiresAt: z.string(),
  current: z.boolean().meta({ description: 'The session making this request' }),
}).meta({ id: 'SignedInSession' });

export const SignInEventOut = z.object({
  id: z.string(),
  at: z.string(),
  outcome: z.enum(['succeeded', 'failed']),
  method: z.string().meta({ description: 'password | signup | invitation (succeeded); invalid_credentials (failed)' }),
  device: DeviceOut,
  ip: z.string().nullable(),
}).meta({ id: 'SignInEvent' });

export const RevokedOthersOut = z.object({ revoked: z.number().int() }).meta({ id: 'RevokedSessions' });
