/** A Twilio connection's credentials and settings, checked once (pure). */

export interface TwilioConfig {
  accountSid: string;
  /** Basic auth: the account sid + auth token, or an API key sid + secret. */
  username: string;
  password: string;
  messagingServiceSid: string | null;
  apiBaseUrl: string;
  concurrency: number;
  timeoutMs: number;
  /** Report an unknown outcome as transient (the dispatcher resends: may duplicate) instead of final. */
  retryUnknownOutcome: boolean;
}

export const TWILIO_API = 'https://api.twilio.com';

/** The connection resends a message whose outcome is unknown (at-least-once, may duplicate): `retryUnknownOutcome: true`. */
export const resendsUnknownOutcome = (settings: Record<string, unknown>): boolean => settings.retryUnknownOutcome === true;
/** POSTs in flight at once per batch (`concurrency`, default 20): the window a batch is journaled by (SendOptions.journal). */
const DEFAULT_CONCURRENCY = 20;
export const submitWindow = (settings: Record<string, unknown>): number => int(settings.concurrency, DEFAULT_CONCURRENCY, 1, 200) ?? DEFAULT_CONCURRENCY;
const ACCOUNT = /^AC[0-9a-fA-F]{32}$/;
const API_KEY = /^SK[0-9a-fA-F]{32}$/;
const SERVICE = /^MG[0-9a-fA-F]{32}$/;

const int = (v: unknown, dflt: number, min: number, max: number): number | null => {
  if (v === undefined || v === null) return dflt;
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

export function readTwilioConfig(credentials: Record<string, string>, settings: Record<string, unknown>):
  { ok: true; config: TwilioConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const { accountSid, authToken, apiKeySid, apiKeySecret } = credentials;
  if (!accountSid || !ACCOUNT.test(accountSid)) problems.push('accountSid must be an AC… account sid.');
  const apiKey = Boolean(apiKeySid || apiKeySecret);
  if (apiKey && (!apiKeySid || !API_KEY.test(apiKeySid) || !apiKeySecret)) problems.push('An API key needs apiKeySid (SK…) and apiKeySecret.');
  if (!apiKey && !authToken) problems.push('Give authToken, or apiKeySid and apiKeySecret.');
  // Twilio signs webhooks with the account's auth token, never with an API key.
  if (apiKey && !authToken && !credentials.webhookAuthToken) problems.push('With an API key, give webhookAuthToken (the account\'s auth token) so status callbacks and inbound texts can be verified.');
  const mgs = settings.messagingServiceSid;
  if (mgs !== undefined && mgs !== null && mgs !== '' && (typeof mgs !== 'string' || !SERVICE.test(mgs))) problems.push('messagingServiceSid must be an MG… sid.');
  const base = settings.apiBaseUrl ?? TWILIO_API;
  let apiBaseUrl = '';
  try {
    const u = new URL(String(base));
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
    apiBaseUrl = u.origin;
  } catch { problems.push('apiBaseUrl must be an http(s) URL.'); }
  const concurrency = int(settings.concurrency, DEFAULT_CONCURRENCY, 1, 200);
  if (concurrency === null) problems.push('concurrency must be an integer from 1 to 200.');
  const timeoutMs = int(settings.timeoutMs, 15_000, 100, 120_000);
  if (timeoutMs === null) problems.push('timeoutMs must be an integer from 100 to 120000.');
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      accountSid, apiBaseUrl, concurrency: concurrency!, timeoutMs: timeoutMs!,
      username: apiKey ? apiKeySid : accountSid, password: apiKey ? apiKeySecret : authToken,
      messagingServiceSid: typeof mgs === 'string' && mgs ? mgs : null,
      retryUnknownOutcome: resendsUnknownOutcome(settings),
    },
  };
}
