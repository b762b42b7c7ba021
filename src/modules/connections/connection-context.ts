import type { Ctx } from '../../context.js';
import { checkHost, guardedLookup } from '../../lib/net-guard.js';
import { secretBox, type SecretBox } from '../../lib/secret-box.js';
import { hashToken } from '../../lib/tokens.js';
import type { CarrierKind, ConnectionContext } from '../../providers/carrier.js';
import type { ConnectionRow } from './connections.repo.js';

/**
 * Sealing and opening what a connection keeps secret: its credentials (purpose
 * `provider.credentials`) and its webhook token (`provider.webhook-token`), each bound to the
 * connection's row (account id and id as associated data): copied onto another row they do not open.
 */
const boxes = new Map<string, { credentials: SecretBox; token: SecretBox }>();
function boxesOf(ctx: Ctx) {
  let b = boxes.get(ctx.config.secretKey);
  if (!b) {
    b = { credentials: secretBox(ctx.config.secretKey, 'provider.credentials'), token: secretBox(ctx.config.secretKey, 'provider.webhook-token') };
    boxes.set(ctx.config.secretKey, b);
  }
  return b;
}
const bound = (accountId: string, id: string) => `${accountId}:${id}`;

export const sealCredentials = (ctx: Ctx, accountId: string, id: string, credentials: Record<string, string>) =>
  boxesOf(ctx).credentials.encrypt(JSON.stringify(credentials), bound(accountId, id));
/**
 * Opened credentials by sealed value and row (the JSON text; each caller parses its own copy). Not a
 * cache of a connection's credentials: the sealed value is read from the row every time, and the same
 * sealed value on the same row under the same key always opens to the same text (a rotation or an
 * edit seals anew, with a fresh IV, so it is a different entry). Webhooks open them on every callback.
 * Entries are dropped 5 min after their last use so plaintext of a deleted or rotated connection does not
 * linger: every look-up first drops the entries unused that long (each map is kept in order of last use —
 * a hit moves its entry to the end — so the sweep stops at the first fresh one), and this process drops
 * a connection's entries when it re-seals or deletes it (forgetOpened). A process that looks nothing up
 * keeps them until its next look-up.
 */
const opened = new Map<string, Map<string, { text: string; at: number }>>();
const OPENED_MAX = 1_000;
const OPENED_FOR_MS = 5 * 60_000;
function sweepOpened(now: number) {
  for (const [secret, byBox] of opened) {
    for (const [key, entry] of byBox) {
      if (now - entry.at < OPENED_FOR_MS) break;
      byBox.delete(key);
    }
    if (!byBox.size) opened.delete(secret);
  }
}
function openSealed(ctx: Ctx, box: string, associatedData: string): string {
  const now = ctx.now().getTime();
  sweepOpened(now);
  let byBox = opened.get(ctx.config.secretKey);
  if (!byBox) opened.set(ctx.config.secretKey, (byBox = new Map()));
  const key = `${associatedData}\u0000${box}`;
  const hit = byBox.get(key);
  if (hit) {
    byBox.delete(key);
    byBox.set(key, { text: hit.text, at: now });
    return hit.text;
  }
  const text = boxesOf(ctx).credentials.decrypt(box, associatedData);
  if (byBox.size >= OPENED_MAX) byBox.delete(byBox.keys().next().value as string);
  byBox.set(key, { text, at: now });
  return text;
}
/** Drops this connection's opened credentials (all keys): called when this process re-seals or deletes them. */
export function forgetOpened(accountId: string, id: string) {
  const prefix = `${bound(accountId, id)}\u0000`;
  for (const byBox of opened.values()) for (const key of byBox.keys()) if (key.startsWith(prefix)) byBox.delete(key);
}
/** How many opened credentials this process holds under the context's key (tests). */
export const openedHeld = (ctx: Ctx): number => opened.get(ctx.config.secretKey)?.size ?? 0;
export const openCredentials = (ctx: Ctx, row: Pick<ConnectionRow, 'accountId' | 'id' | 'credentials'>): Record<string, string> =>
  JSON.parse(openSealed(ctx, row.credentials, bound(row.accountId, row.id))) as Record<string, string>;

export const sealWebhookToken = (ctx: Ctx, accountId: string, id: string, token: string) => boxesOf(ctx).token.encrypt(token, bound(accountId, id));
/**
 * The keyed hash a webhook token is looked up by. A pure function of the secret and the token, so the
 * last ones computed are kept (a carrier calls one URL over and over): nothing that can go stale.
 */
const tokenHashes = new Map<string, string>();
let tokenHashesKey: string | null = null;
export function webhookTokenHash(ctx: Ctx, token: string): string {
  if (tokenHashesKey !== ctx.config.secretKey) {
    tokenHashes.clear();
    tokenHashesKey = ctx.config.secretKey;
  }
  let hash = tokenHashes.get(token);
  if (hash === undefined) {
    hash = hashToken(ctx.config.secretKey, `webhook:${token}`);
    if (tokenHashes.size >= 1_000) tokenHashes.clear();
    tokenHashes.set(token, hash);
  }
  return hash;
}

/** Kinds whose carrier calls us back over HTTP (SMPP reports over its own session). */
export const HAS_WEBHOOKS: Record<CarrierKind, boolean> = { twilio: true, simulator: true, smpp: false };

/** `${PUBLIC_URL}/webhooks/<kind>/<token>/status|inbound`. */
export function webhookUrlsOf(ctx: Ctx, kind: string, token: string) {
  const base = `${ctx.config.publicUrl}/webhooks/${kind}/${token}`;
  return { status: `${base}/status`, inbound: `${base}/inbound` };
}

export function webhookUrlsOfRow(ctx: Ctx, row: ConnectionRow) {
  return webhookUrlsOf(ctx, row.kind, boxesOf(ctx).token.decrypt(row.webhookToken, bound(row.accountId, row.id)));
}

/** What a carrier kind needs to talk to the carrier: the credentials are opened in memory only. */
export function connectionContextOf(ctx: Ctx, row: ConnectionRow): ConnectionContext {
  return contextOf(ctx, row, webhookUrlsOfRow(ctx, row));
}

/**
 * A deleted connection's view from its credentials kept sealed elsewhere (an erased account's numbers still to give back to
 * their carrier): opened in memory for the call, bound to the same account and connection id. No webhook URLs (it sends nothing).
 */
export function keptConnectionContextOf(ctx: Ctx, row: Pick<ConnectionRow, 'accountId' | 'id' | 'kind' | 'credentials' | 'settings'>): ConnectionContext {
  return contextOf(ctx, row, { status: '', inbound: '' });
}

/**
 * A webhook's view of the connection its URL named: `token` is that URL's token, the one whose hash
 * found the row, so the URLs are built from it (the sealed copy is not opened per callback).
 */
export function webhookConnectionContextOf(ctx: Ctx, row: Pick<ConnectionRow, 'accountId' | 'id' | 'kind' | 'credentials' | 'settings'>, token: string): ConnectionContext {
  return contextOf(ctx, row, webhookUrlsOf(ctx, row.kind, token));
}

function contextOf(ctx: Ctx, row: Pick<ConnectionRow, 'accountId' | 'id' | 'kind' | 'credentials' | 'settings'>, webhookUrls: ConnectionContext['webhookUrls']): ConnectionContext {
  const settings = row.kind === 'twilio' && !row.settings.apiBaseUrl ? { ...row.settings, apiBaseUrl: ctx.config.twilioApiBaseUrl } : row.settings;
  return {
    connectionId: row.id,
    accountId: row.accountId,
    kind: row.kind as CarrierKind,
    credentials: openCredentials(ctx, row),
    settings,
    webhookUrls,
    ...(guardsSockets(ctx, row.kind, settings) ? { lookup: guardedLookup([]) } : {}),
  };
}

/**
 * With CARRIER_HOSTS_ALLOWED unset, the sockets to a host the account chose are checked when made
 * (not only when the connection is opened): a name that later resolves to a private address is refused.
 */
function guardsSockets(ctx: Ctx, kind: string, settings: Record<string, unknown>): boolean {
  if (ctx.config.carrierHostsAllowed || (kind !== 'twilio' && kind !== 'smpp')) return false;
  return !isOperatorTwilioBase(ctx, { kind, settings } as ConnectionContext);
}

/** The host a connection would reach (Twilio's API host, the SMSC), or null for the built-in simulator. */
export function carrierHostOf(cc: ConnectionContext): string | null {
  if (cc.kind === 'twilio') {
    try {
      return new URL(String(cc.settings.apiBaseUrl)).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    } catch {
      return '';
    }
  }
  if (cc.kind === 'smpp') return String(cc.settings.host ?? '').toLowerCase();
  return null;
}

/** The operator's own Twilio API origin (TWILIO_API_BASE_URL): chosen by the operator, not by an account. */
function isOperatorTwilioBase(ctx: Ctx, cc: ConnectionContext): boolean {
  if (cc.kind !== 'twilio') return false;
  try {
    return new URL(String(cc.settings.apiBaseUrl)).origin === new URL(ctx.config.twilioApiBaseUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Whether this server may reach the host an account's connection names (a Twilio `apiBaseUrl`, an
 * SMPP `host`). With CARRIER_HOSTS_ALLOWED set, only the hosts listed there (the test suite pins it
 * to loopback, so no test can reach a carrier outside this machine). Unset, only public addresses:
 * the name is resolved and every address checked by the media-fetch guard (net-guard), so an account
 * admin cannot point a connection at this server's network (SSRF). Hosts the operator configured —
 * the built-in simulator (SIMULATOR_URL or embedded; its connections carry no host) and
 * TWILIO_API_BASE_URL — are not checked against the public rule.
 */
export async function outboundRefusal(ctx: Ctx, cc: ConnectionContext): Promise<{ code: string; message: string } | null> {
  const allowed = ctx.config.carrierHostsAllowed;
  const host = carrierHostOf(cc);
  if (host === null) return null;
  if (allowed) {
    if (allowed.includes(host)) return null;
    return { code: 'host_not_allowed', message: `This server may not reach ${host || 'that host'} (CARRIER_HOSTS_ALLOWED).` };
  }
  if (isOperatorTwilioBase(ctx, cc)) return null;
  const checked = await checkHost(host, { allowedHosts: [] }, 'connect to');
  // A name that does not resolve now is not refused for good (the refusal is kept per connection
  // version): the carrier call fails as a network error and is retried.
  if (!('ok' in checked) || checked.code === 'unresolvable') return null;
  return {
    code: 'host_not_allowed',
    message: `${checked.message} Carrier connections reach only public addresses unless the operator lists the host in CARRIER_HOSTS_ALLOWED.`,
  };
}
