import { z } from 'zod';

/**
 * Provider connections (issue 8): what each carrier kind takes as credentials and settings.
 * Shared by the routes (request validation), the service (credential rotation is checked
 * against the stored kind) and the web app's forms.
 */
export const CONNECTION_KINDS = ['twilio', 'smpp', 'simulator'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export const CONNECTION_STATUSES = ['connected', 'error', 'disabled'] as const;

const HttpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2000);
const Secret = z.string().min(1).max(500);
const Name = z.string().trim().min(1).max(100);

const AccountSid = z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID: AC followed by 32 hexadecimal characters');
export const TwilioCredentials = z.union([
  z.strictObject({ accountSid: AccountSid, authToken: Secret }),
  z.strictObject({
    accountSid: AccountSid,
    apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'a Twilio API key SID: SK followed by 32 hexadecimal characters'),
    apiKeySecret: Secret,
    /** Twilio signs webhooks with the account's auth token, never an API key: needed to verify them. */
    webhookAuthToken: Secret.optional(),
  }),
]);
export const TwilioSettings = z.strictObject({
  /** Twilio's API host by default (https://api.twilio.com); tests point it at a local server. */
  apiBaseUrl: HttpUrl.optional(),
  /** Sends through this Messaging Service instead of a From number. */
  messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID: MG followed by 32 hexadecimal characters').optional(),
  /** Requests in flight per connection (default 20). */
  concurrency: z.number().int().min(1).max(200).optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** Resend a message whose outcome is unknown (may duplicate) instead of recording it failed. */
  retryUnknownOutcome: z.boolean().optional(),
});

/** SMPP 3.4: system_id is at most 15 characters, system_type 12; the password is 8 in the standard, longer at some carriers. */
export const SmppCredentials = z.strictObject({ systemId: z.string().min(1).max(15), password: z.string().max(64) });
const Ms = (min: number) => z.number().int().min(min).max(3_600_000).optional();
export const SmppSettings = z.strictObject({
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
  port: z.number().int().min(1).max(65535),
  systemType: z.string().max(12).optional(),
  /** submit_sm in flight per session. */
  window: z.number().int().min(1).max(500).default(50),
  tls: z.boolean().optional(),
  /** One transceiver bind (default) or a transmitter and a receiver. */
  bind: z.enum(['transceiver', 'tx_rx']).optional(),
  serviceType: z.string().max(5).optional(),
  enquireLinkMs: Ms(100),
  responseTimeoutMs: Ms(50),
  connectWaitMs: Ms(0),
  reconnectBaseMs: Ms(10),
  reconnectMaxMs: Ms(10),
  authRetryMs: Ms(10),
  throttleBackoffMs: Ms(0),
  throttleMaxBackoffMs: Ms(0),
  holdReceiptsMs: Ms(10),
  inboundPartsMs: Ms(10),
  /** The SMSC gives hex ids in submit_sm_resp and decimal ones in receipts. */
  receiptIdsDecimal: z.boolean().optional(),
  maxTracked: z.number().int().min(1).max(10_000_000).optional(),
});

/** Empty: a sub-account is created on this server's simulator when the connection is saved; or an existing one's. */
export const SimulatorCredentials = z.strictObject({ accountSid: AccountSid.optional(), authToken: Secret.optional() });
/** The simulator is the server's own (embedded, or SIMULATOR_URL): no URL per connection. Outcome settings of its account: */
export const SimulatorSettings = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  undeliveredRate: z.number().min(0).max(1).optional(),
  failedRate: z.number().min(0).max(1).optional(),
});

/** Per kind: the schemas a connection's credentials and settings must satisfy. */
export const KIND_SCHEMAS = {
  twilio: { credentials: TwilioCredentials, settings: TwilioSettings },
  smpp: { credentials: SmppCredentials, settings: SmppSettings },
  simulator: { credentials: SimulatorCredentials, settings: SimulatorSettings },
} as const;

/** Failover: another connection of the account (never itself, no cycles); null clears it. */
const FallbackId = z.string().max(100).nullable().optional().meta({ description: 'A connection of this account that carries the messages this one definitely did not accept while it is down or failing (failover); null: none' });

export const CreateConnectionBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('twilio'), name: Name, credentials: TwilioCredentials, settings: TwilioSettings.optional(), fallbackConnectionId: FallbackId }),
  z.object({ kind: z.literal('smpp'), name: Name, credentials: SmppCredentials, settings: SmppSettings, fallbackConnectionId: FallbackId }),
  z.object({ kind: z.literal('simulator'), name: Name, credentials: SimulatorCredentials.default({}), settings: SimulatorSettings.optional(), fallbackConnectionId: FallbackId }),
]);

export type CreateConnectionInput = z.infer<typeof CreateConnectionBody>;

/** Settings replace the stored ones as a whole; credentials replace the sealed blob (rotation). */
export const PatchConnectionBody = z.object({
  name: Name.optional(),
  settings: z.record(z.string().max(100), z.unknown()).optional(),
  credentials: z.record(z.string().max(100), z.string().max(500)).optional(),
  /** false disables the connection (status `disabled`); true re-enables it and tests it again. */
  enabled: z.boolean().optional(),
  fallbackConnectionId: FallbackId,
});
export type PatchConnectionInput = z.infer<typeof PatchConnectionBody>;

// ---- responses ----
export const ConnectionOut = z.object({
  id: z.string(),
  kind: z.enum(CONNECTION_KINDS),
  name: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  fallbackConnectionId: z.string().nullable().meta({ description: 'The failover connection (null: none)' }),
  settings: z.record(z.string(), z.unknown()).meta({ description: 'The kind\'s settings (never a secret)' }),
  numbers: z.array(z.object({ id: z.string(), phoneNumber: z.string() })),
  webhookUrls: z.object({ status: z.string(), inbound: z.string() }).optional().meta({ description: 'Where the carrier reports receipts and inbound texts (kinds with webhooks)' }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'ProviderConnection' });
