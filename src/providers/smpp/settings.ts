/** Credentials and settings of an SMPP connection, validated at the edge (a bad value is reported, never thrown later). */
import { z } from 'zod';

const settingsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
  systemType: z.string().max(12).default(''),
  serviceType: z.string().max(5).optional(),
  /** One transceiver session, or a transmitter and a receiver. */
  bind: z.enum(['transceiver', 'tx_rx']).default('transceiver'),
  /** In-flight submit_sm (without a submit_sm_resp yet). */
  window: z.coerce.number().int().min(1).max(1000).default(50),
  enquireLinkMs: z.coerce.number().int().min(100).default(30_000),
  responseTimeoutMs: z.coerce.number().int().min(50).default(10_000),
  /** How long a send waits for the session to be bound before answering `not_connected` (transient). */
  connectWaitMs: z.coerce.number().int().min(0).default(5_000),
  reconnectBaseMs: z.coerce.number().int().min(10).default(500),
  reconnectMaxMs: z.coerce.number().int().min(10).default(60_000),
  /** After a bind refused for bad credentials: retry this rarely (no crash loop against the SMSC). */
  authRetryMs: z.coerce.number().int().min(10).default(300_000),
  throttleBackoffMs: z.coerce.number().int().min(0).default(250),
  throttleMaxBackoffMs: z.coerce.number().int().min(0).default(5_000),
  /** Accepted for compatibility, no longer used: receipts are not held in memory (the platform parks an unknown id until its send is recorded). */
  holdReceiptsMs: z.coerce.number().int().min(10).default(60_000),
  /** Parts of a concatenated inbound text are kept this long for the others. */
  inboundPartsMs: z.coerce.number().int().min(10).default(300_000),
  /** The SMSC gives hex ids in submit_sm_resp and the same ids in decimal in the receipt text. */
  receiptIdsDecimal: z.boolean().default(false),
  /** Messages partly accepted (some parts refused, to be resent) whose accepted part ids we remember (the oldest are forgotten beyond it). */
  maxTracked: z.coerce.number().int().min(1).default(500_000),
  /** SMPP over TLS (the SMSC's certificate is verified; `tlsCa` adds a private CA in PEM). */
  tls: z.boolean().default(false),
  tlsCa: z.string().min(1).optional(),
  tlsServername: z.string().min(1).optional(),
});

const credentialsSchema = z.object({ systemId: z.string().min(1).max(15), password: z.string().max(64) }) // SMPP 3.4 says 8; some carriers issue longer ones;

export type SmppSettings = z.infer<typeof settingsSchema> & z.infer<typeof credentialsSchema>;

export function parseSettings(credentials: Record<string, string>, settings: Record<string, unknown>): { ok: true; settings: SmppSettings } | { ok: false; message: string } {
  const c = credentialsSchema.safeParse(credentials);
  const s = settingsSchema.safeParse(settings);
  if (!c.success || !s.success) {
    const issues = [...(c.success ? [] : c.error.issues.map((i) => `credentials.${i.path.join('.')}: ${i.message}`)), ...(s.success ? [] : s.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`))];
    return { ok: false, message: issues.join('; ') };
  }
  return { ok: true, settings: { ...s.data, ...c.data } };
}

/** Options for `smpp.connect` (TLS when asked: verified against the system CAs or `tlsCa`). */
export function connectOptions(s: SmppSettings): { host: string; port: number; tls?: boolean; ca?: string; servername?: string } {
  if (!s.tls) return { host: s.host, port: s.port };
  return { host: s.host, port: s.port, tls: true, ...(s.tlsCa ? { ca: s.tlsCa } : {}), ...(s.tlsServername ? { servername: s.tlsServername } : {}) };
}

/** How a failed connection attempt is reported. */
export function connectErrorCode(e: unknown): 'tls_failed' | 'unreachable' {
  const code = String((e as { code?: unknown })?.code ?? '');
  return /CERT|TLS|SSL|SELF_SIGNED|ALTNAME|UNABLE_TO/i.test(code) ? 'tls_failed' : 'unreachable';
}
