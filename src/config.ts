import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, ensurePrivateFile } from './lib/private-dir.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PUBLIC_URL: z.string().url().optional(),
  /** Where campaign short links point (default PUBLIC_URL + '/l'); its path is one short segment (no app page starts so), served by GET <path>/:code. */
  SHORT_LINK_BASE_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^/?#]+\/(?!v1\/?$)[A-Za-z0-9_-]{1,3}\/?$/, 'must be an http(s) URL whose path is one short segment (1–3 letters, digits, - or _; not v1), e.g. https://wm.link/l')
    .optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  OPERATOR_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Bearer token of GET /metrics (Prometheus); unset: /metrics is off (404). */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** ROLE=worker: the port its own GET /metrics listens on (on HOST; same METRICS_TOKEN); api/all serve /metrics on PORT. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Prepaid credits (src/modules/billing): `off` (default) — usage is metered and priced but nothing is held for credits unless an operator switches an account to prepaid; `prepaid` — every account is prepaid unless switched off. */
  BILLING_MODE: z.enum(['off', 'prepaid']).default('off'),
  /** The one currency of the price book, balances and statements (ISO 4217). */
  BILLING_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code, e.g. USD').default('USD'),
  /** Default low-balance threshold (a decimal amount of BILLING_CURRENCY): the owner is emailed once when a prepaid balance falls below it. */
  BILLING_LOW_BALANCE: z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'a decimal amount, e.g. 5.00').default('5.00'),
  /** Fraud at the door: sign-ups accepted per IP address per hour (0: no limit). */
  SIGNUP_PER_IP_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  TRUST_PROXY: bool.default(false),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('West Message <no-reply@localhost>'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  /** Operators (issue 13): consecutive failed sign-in steps before a lockout, its length, session idle and absolute limits. */
  OPERATOR_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  OPERATOR_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  OPERATOR_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  OPERATOR_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  JOB_STALE_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
  /** How often each job queue's worker looks for due jobs (pg-boss allows ≥ 500 ms); a job sent by this process wakes its queue's worker at once. */
  JOBS_POLL_MS: z.coerce.number().int().min(500).max(600_000).default(500),
  DISPATCH_CLAIM_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /** The longest a turn keeps renewing its claims (a wedged turn's then run out and are taken over); ≥ DISPATCH_CLAIM_MS. */
  DISPATCH_CLAIM_MAX_MS: z.coerce.number().int().min(500).max(86_400_000).default(900_000),
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  DISPATCH_BATCH: z.coerce.number().int().min(1).max(2000).default(1000),
  DISPATCH_TEST_HANDOVER_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** How often a worker checks its carrier sessions (SMPP binds): new, changed or removed connections, and taking over the lead of a dead worker's. */
  CARRIER_SESSIONS_CHECK_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(200 * 1024 * 1024),
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(10).max(50_000).default(5000),
  CAMPAIGN_BATCH_ROWS: z.coerce.number().int().min(1).max(50_000).default(1000),
  CAMPAIGN_FANOUT_PARALLEL: z.coerce.number().int().min(1).max(16).default(2),
  /** Days between an owner's request to delete the account and its hard erasure (cancelable until then). */
  ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Days a data export's download link (and its ZIP, stored in the database) lives. */
  EXPORT_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Days the outgoing email log (`emails`) keeps a mail after it was sent (over SMTP or into the operator outbox); queued mail stays as long. */
  EMAIL_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  IMPORT_MAX_RECORD_BYTES: z.coerce.number().int().min(1_048_576).max(1_073_741_824).default(32 * 1024 * 1024),
  /** Hours after which an uploaded file that no import uses (a preview never imported) is deleted by the sweep. */
  UPLOAD_ABANDON_HOURS: z.coerce.number().min(1).max(24 * 365).default(24),
  /** Tests only: `<point>:<n>` — the process kills itself (SIGKILL) the n-th time it reaches the point. */
  TEST_CRASH_AT: z.string().regex(/^[a-z_.]+:[1-9][0-9]*$/, 'must be <point>:<n>, e.g. import.batch:2').optional(),
  /** Tests only: `fast` hashes passwords with argon2id at 1 MiB and one pass (not 19 MiB and two): ~2 % of the CPU per sign-up or sign-in. Never in production. */
  TEST_PASSWORD_HASH: z.enum(['fast']).optional(),
  /** Comma-separated hosts carrier connections may reach, private ones included (e.g. 127.0.0.1,localhost,smsc.lan); unset: only hosts resolving to public addresses. */
  CARRIER_HOSTS_ALLOWED: z
    .string()
    .regex(/^[A-Za-z0-9.:\-\[\]]+(,[A-Za-z0-9.:\-\[\]]+)*$/, 'a comma-separated list of host names or IP addresses')
    .optional(),
  /** Connection health: consecutive transiently failed messages that put a connection in `error` (and fail over). */
  CONNECTION_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(100_000).default(5),
  /** A connection in `error` is probed (its connection test) after this delay, doubling per failed probe up to the max. */
  CONNECTION_PROBE_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  CONNECTION_PROBE_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
  CONNECTION_PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Comma-separated hosts whose private or loopback addresses media fetches may reach; unset: none (public addresses only). */
  MEDIA_HOSTS_ALLOWED: z
    .string()
    .regex(/^[A-Za-z0-9.:\-\[\]]+(,[A-Za-z0-9.:\-\[\]]+)*$/, 'a comma-separated list of host names or IP addresses')
    .optional(),
  /** Comma-separated hosts media are fetched from at all (checked before resolving); unset: any public host. Tests pin it to loopback. */
  MEDIA_HOSTS_ONLY: z
    .string()
    .regex(/^[A-Za-z0-9.:\-\[\]]+(,[A-Za-z0-9.:\-\[\]]+)*$/, 'a comma-separated list of host names or IP addresses')
    .optional(),
  MEDIA_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  MEDIA_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Comma-separated host names, IP addresses or CIDR blocks whose private or loopback addresses webhooks may reach; unset: public addresses only. */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .regex(/^[A-Za-z0-9.:\-\[\]\/]+(,[A-Za-z0-9.:\-\[\]\/]+)*$/, 'a comma-separated list of host names, IP addresses or CIDR blocks')
    .optional(),
  /** A webhook delivery attempt without a complete answer in this time fails (and is retried). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Deliveries in flight at once per endpoint (and across all endpoints: WEBHOOK_CONCURRENCY). */
  WEBHOOK_CONCURRENCY_PER_ENDPOINT: z.coerce.number().int().min(1).max(100).default(4),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /** Per-caller rate limits (src/http/rate-limit.ts): requests per second and burst per API key or signed-in person; 0 turns them off. */
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(100),
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /** Unauthenticated requests to public routes, per IP address. */
  API_RATE_LIMIT_IP_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(20),
  API_RATE_LIMIT_IP_BURST: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** API processes sharing the limits (each admits its share; no database round trip per request). */
  API_PROCESSES: z.coerce.number().int().min(1).max(1000).default(1),
  TWILIO_API_BASE_URL: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').default('https://api.twilio.com'),
  /** A simulator server of its own (src/providers/simulator/main.ts); unset: ROLE=all starts one on a loopback port. */
  SIMULATOR_URL: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
  /** The simulator's main-account token (the same value the simulator process is given). */
  SIMULATOR_AUTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SIMULATOR_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  SIMULATOR_UNDELIVERED_RATE: z.coerce.number().min(0).max(1).default(0),
  SIMULATOR_FAILED_RATE: z.coerce.number().min(0).max(1).default(0),
  SIMULATOR_TIMEOUT_RATE: z.coerce.number().min(0).max(1).default(0),
  SIMULATOR_THROTTLE_RATE: z.coerce.number().min(0).max(1).default(0),
  SIMULATOR_SERVER_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
});

export type Config = {
  port: number;
  host: string;
  role: 'api' | 'worker' | 'all';
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  publicUrl: string;
  /** Short links of campaigns are `${shortLinkBaseUrl}/<code>` (an account's own domain keeps the path). */
  shortLinkBaseUrl: string;
  secretKey: string;
  /** Keys the audit chain (MACs and checkpoints); when absent a key is derived from `secretKey`. */
  auditKey: string | undefined;
  operatorToken: string;
  /** GET /metrics answers only `Authorization: Bearer <metricsToken>`; null: the endpoint is off. */
  metricsToken: string | null;
  /** ROLE=worker serves its own /metrics on HOST:metricsPort (when metricsToken is set). */
  metricsPort: number;
  /** Billing (src/modules/billing): credits enforced for every account ('prepaid') or only accounts an operator switched to prepaid ('off'). */
  billingMode: 'off' | 'prepaid';
  billingCurrency: string;
  /** The default low-balance threshold in micro-units of billingCurrency. */
  billingLowBalanceMicros: number;
  /** Sign-ups accepted per IP address in any hour (0: no limit). */
  signupPerIpPerHour: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  trustProxy: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionTtlHours: number;
  operatorLockout: { attempts: number; minutes: number };
  operatorSession: { idleMinutes: number; hours: number };
  shutdownTimeoutMs: number;
  /** A long job (import, export) whose runner has not reported for this long is taken over. */
  jobStaleAfterMs: number;
  /** How often each queue's worker looks for due jobs (jobs sent by this process wake it at once; other processes' and retried ones wait for it). */
  jobsPollMs: number;
  /** How long a dispatcher's claim on a batch lasts; a killed worker's messages are taken over after it. */
  dispatchClaimMs: number;
  /** How long a turn renews its claims at most: past it they run out and are taken over as a dead worker's (DISPATCH_CLAIM_MAX_MS). */
  dispatchClaimMaxMs: number;
  /** Batches in flight at once per carrier (claim → submit → record pipelined), across senders. */
  dispatchConcurrency: number;
  /** Messages one claim takes at most (DISPATCH_BATCH). */
  dispatchBatch: number;
  /** Tests only: a pause between a claim and its hand-over, to make the STOP window observable. */
  dispatchTestHandoverDelayMs: number;
  /** How often a worker checks its carrier sessions (and takes over those a dead worker held). */
  carrierSessionsCheckMs: number;
  importMaxBytes: number;
  /** Rows an import commits per transaction (with its counters and checkpoint). */
  importBatchRows: number;
  /** Recipients a campaign fan-out commits per transaction (with its checkpoint). */
  campaignBatchRows: number;
  /** Parts a campaign fan-out runs at once on PostgreSQL, each a range of the audience on its own connection (PGlite and A/B tests: 1). */
  campaignFanoutParallel: number;
  /** A CSV record longer than this (an unclosed quote swallowing the file) fails the import. */
  importMaxRecordBytes: number;
  /** An upload no import uses is deleted by the hourly sweep once older than this (UPLOAD_ABANDON_HOURS). */
  uploadAbandonAfterMs: number;
  /** Days a data export's download link and file live (then the expiry job deletes the file). */
  exportTtlDays: number;
  /** Days a sent mail stays in the email log (EMAIL_LOG_DAYS); the daily `email.purge_log` deletes it then. */
  emailLogDays: number;
  /** Days between a requested account deletion and its hard erasure (ACCOUNT_DELETION_GRACE_DAYS). */
  accountDeletionGraceDays: number;
  /** Tests only: a crash point and the hit on which the process kills itself (null: never). */
  testCrashAt: { point: string; hit: number } | null;
  /** Tests only: cheap argon2id parameters for new password hashes (TEST_PASSWORD_HASH=fast). */
  testFastPasswordHash: boolean;
  /** Hosts carrier connections may reach; null: only hosts that resolve to public addresses (checked by net-guard). Tests pin it to loopback. */
  carrierHostsAllowed: string[] | null;
  /** Twilio's API, used by connections that name no apiBaseUrl of their own. */
  twilioApiBaseUrl: string;
  /** Hosts whose non-public addresses media fetches may reach (send `mediaUrls`; inbound media also allow carrierHostsAllowed). */
  mediaHostsAllowed: string[];
  /** When set, the only hosts media fetches may reach (null: any public host). */
  mediaHostsOnly: string[] | null;
  /** How long a carrier-facing media URL stays valid. */
  mediaUrlTtlSeconds: number;
  /** Deadline of one media fetch, redirects included. */
  mediaFetchTimeoutMs: number;
  /** Webhooks (issue 12): the SSRF guard's allow-list (names, addresses, CIDRs), the attempt timeout and concurrency. */
  webhooks: { allowedHosts: string[]; timeoutMs: number; perEndpoint: number; concurrency: number };
  /** Per-caller rate limits: API keys and sessions (`caller`), public routes per IP (`ip`); `perSecond` 0 = off; each of `processes` API processes admits its share. */
  rateLimit: { caller: { perSecond: number; burst: number }; ip: { perSecond: number; burst: number }; processes: number };
  /** Connection health from real traffic (failover): failure threshold and probe backoff. */
  connectionHealth: { failureThreshold: number; probeBaseMs: number; probeMaxMs: number; probeTimeoutMs: number };
  /**
   * The simulated carrier: `url` of a simulator process (null: ROLE=all runs one in-process on a
   * loopback port, its ledger under DATA_DIR/simulator), its main-account token, and the behaviour
   * the embedded one starts with (an external one is configured by the same SIMULATOR_* variables).
   */
  simulator: { url: string | null; authToken: string | null; latencyMs: number; undeliveredRate: number; failedRate: number; timeoutRate: number; throttleRate: number; serverErrorRate: number };
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A secret kept in DATA_DIR so an embedded install works with zero configuration. */
function persistedSecret(dataDir: string, file: string, bytes: number): string {
  const path = join(dataDir, file);
  ensurePrivateDir(dataDir);
  if (existsSync(path)) {
    ensurePrivateFile(path);
    return readFileSync(path, 'utf8').trim();
  }
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Parses the environment once; lists every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.success ? parsed.data : undefined;
  if (e && !e.DATABASE_URL && e.ROLE !== 'all') {
    problems.push('ROLE: the embedded database (no DATABASE_URL) runs api and worker in one process; use ROLE=all');
  }
  if (e && e.DATABASE_URL && !e.SECRET_KEY) {
    problems.push('SECRET_KEY: required when DATABASE_URL is set (all processes must share it)');
  }
  if (e && e.DATABASE_URL && !e.OPERATOR_TOKEN) {
    problems.push('OPERATOR_TOKEN: required when DATABASE_URL is set');
  }
  if (e && e.SIMULATOR_URL && !e.SIMULATOR_AUTH_TOKEN) {
    problems.push('SIMULATOR_AUTH_TOKEN: required with SIMULATOR_URL (the simulator process is given the same value)');
  }
  if (e && e.DISPATCH_CLAIM_MAX_MS < e.DISPATCH_CLAIM_MS) {
    problems.push('DISPATCH_CLAIM_MAX_MS: must be at least DISPATCH_CLAIM_MS (a claim lasts that long before any renewal)');
  }
  if (problems.length > 0 || !e) throw new ConfigError(problems);
  const dataDir = resolve(e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  return {
    port: e.PORT,
    host: e.HOST,
    role: e.ROLE,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    shortLinkBaseUrl: (e.SHORT_LINK_BASE_URL ?? `${(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '')}/l`).replace(/\/$/, ''),
    secretKey: e.SECRET_KEY ?? (embedded ? persistedSecret(dataDir, 'secret.key', 48) : ''),
    auditKey: e.AUDIT_KEY,
    operatorToken: e.OPERATOR_TOKEN ?? (embedded ? persistedSecret(dataDir, 'operator.token', 24) : ''),
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsPort: e.METRICS_PORT,
    billingMode: e.BILLING_MODE,
    billingCurrency: e.BILLING_CURRENCY,
    billingLowBalanceMicros: Math.round(Number(e.BILLING_LOW_BALANCE) * 1_000_000),
    signupPerIpPerHour: e.SIGNUP_PER_IP_PER_HOUR,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    operatorLockout: { attempts: e.OPERATOR_LOCKOUT_ATTEMPTS, minutes: e.OPERATOR_LOCKOUT_MINUTES },
    operatorSession: { idleMinutes: e.OPERATOR_SESSION_IDLE_MINUTES, hours: e.OPERATOR_SESSION_HOURS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobStaleAfterMs: e.JOB_STALE_AFTER_MS,
    jobsPollMs: e.JOBS_POLL_MS,
    dispatchClaimMs: e.DISPATCH_CLAIM_MS,
    dispatchClaimMaxMs: e.DISPATCH_CLAIM_MAX_MS,
    dispatchConcurrency: e.DISPATCH_CONCURRENCY,
    dispatchBatch: e.DISPATCH_BATCH,
    dispatchTestHandoverDelayMs: e.DISPATCH_TEST_HANDOVER_DELAY_MS,
    carrierSessionsCheckMs: e.CARRIER_SESSIONS_CHECK_MS,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importBatchRows: e.IMPORT_BATCH_ROWS,
    campaignBatchRows: e.CAMPAIGN_BATCH_ROWS,
    campaignFanoutParallel: e.CAMPAIGN_FANOUT_PARALLEL,
    importMaxRecordBytes: e.IMPORT_MAX_RECORD_BYTES,
    uploadAbandonAfterMs: e.UPLOAD_ABANDON_HOURS * 3_600_000,
    exportTtlDays: e.EXPORT_TTL_DAYS,
    emailLogDays: e.EMAIL_LOG_DAYS,
    accountDeletionGraceDays: e.ACCOUNT_DELETION_GRACE_DAYS,
    testCrashAt: e.TEST_CRASH_AT ? { point: e.TEST_CRASH_AT.split(':')[0], hit: Number(e.TEST_CRASH_AT.split(':')[1]) } : null,
    testFastPasswordHash: e.TEST_PASSWORD_HASH === 'fast',
    carrierHostsAllowed: e.CARRIER_HOSTS_ALLOWED ? e.CARRIER_HOSTS_ALLOWED.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')) : null,
    twilioApiBaseUrl: e.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
    mediaHostsAllowed: e.MEDIA_HOSTS_ALLOWED ? e.MEDIA_HOSTS_ALLOWED.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')) : [],
    mediaHostsOnly: e.MEDIA_HOSTS_ONLY ? e.MEDIA_HOSTS_ONLY.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')) : null,
    mediaUrlTtlSeconds: e.MEDIA_URL_TTL_SECONDS,
    mediaFetchTimeoutMs: e.MEDIA_FETCH_TIMEOUT_MS,
    webhooks: {
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS ? e.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')) : [],
      timeoutMs: e.WEBHOOK_TIMEOUT_MS, perEndpoint: e.WEBHOOK_CONCURRENCY_PER_ENDPOINT, concurrency: e.WEBHOOK_CONCURRENCY,
    },
    rateLimit: {
      caller: { perSecond: e.API_RATE_LIMIT_PER_SECOND, burst: e.API_RATE_LIMIT_BURST },
      ip: { perSecond: e.API_RATE_LIMIT_IP_PER_SECOND, burst: e.API_RATE_LIMIT_IP_BURST },
      processes: e.API_PROCESSES,
    },
    connectionHealth: {
      failureThreshold: e.CONNECTION_FAILURE_THRESHOLD, probeBaseMs: e.CONNECTION_PROBE_BASE_MS,
      probeMaxMs: Math.max(e.CONNECTION_PROBE_BASE_MS, e.CONNECTION_PROBE_MAX_MS), probeTimeoutMs: e.CONNECTION_PROBE_TIMEOUT_MS,
    },
    simulator: {
      url: e.SIMULATOR_URL?.replace(/\/+$/, '') ?? null, authToken: e.SIMULATOR_AUTH_TOKEN ?? null,
      latencyMs: e.SIMULATOR_LATENCY_MS, undeliveredRate: e.SIMULATOR_UNDELIVERED_RATE, failedRate: e.SIMULATOR_FAILED_RATE,
      timeoutRate: e.SIMULATOR_TIMEOUT_RATE, throttleRate: e.SIMULATOR_THROTTLE_RATE, serverErrorRate: e.SIMULATOR_SERVER_ERROR_RATE,
    },
  };
}
