/**
 * HTTP Basic authentication of /2010-04-01/Accounts/{AccountSid}/… (as Twilio): the user is the
 * account SID (`AC…`) with an API key of the account (`wm_…`) or the account's auth token as the
 * password, or an API key SID (`SK…`) with that key. The path's AccountSid must be the caller's
 * account. Every failure is Twilio's 401 (code 20003), the same answer whatever was wrong.
 */
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.js';
import type { AuthContext, RoleAccess } from '../../http/auth.js';
import { AppError } from '../../lib/errors.js';
import { findActiveAccountByTwilioSid } from '../accounts/account.service.js';
import { accountTokenCaller, accountsAuthenticator, authenticateApiKey } from '../accounts/authn.service.js';
import { isAuthToken } from './credentials.service.js';
import { TW, TwilioError } from './errors.js';
import { isSid } from './sids.js';

/**
 * What each route needs, as the /v1 messages routes ask it (the /v1 layer does not check these
 * routes: they are 'public' to it). Without this a read-only key, or one scoped to contacts, sent,
 * canceled and deleted texts here.
 */
export const TWILIO_ACCESS = {
  read: { role: 'viewer', scope: 'messages:read' },
  send: { role: 'agent', scope: 'messages:write', businessOnly: true },
  write: { role: 'agent', scope: 'messages:write' },
} as const satisfies Record<string, RoleAccess>;
export type TwilioNeed = keyof typeof TWILIO_ACCESS;

const denied = () => new TwilioError(401, TW.authenticate, 'Authenticate');

/** user:password of a Basic header, or null. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

async function viaKey(ctx: Ctx, key: string, ip: string | null): Promise<AuthContext | null> {
  try {
    return await authenticateApiKey(ctx, key, ip);
  } catch (err) {
    if (err instanceof AppError && err.status === 401) return null;
    throw err;
  }
}

/** The caller of a Twilio-compatible request whose path names `pathAccountSid`; throws Twilio's 401. */
export async function authenticateBasic(ctx: Ctx, request: FastifyRequest, pathAccountSid: string, need: TwilioNeed): Promise<AuthContext> {
  const creds = basicCredentials(request.headers.authorization);
  if (!creds || creds.password.length > 500) throw denied();
  const { user, password } = creds;
  let auth: AuthContext | null = null;
  if (isSid('SK', user)) {
    auth = await viaKey(ctx, password, request.ip ?? null);
    if (auth && auth.apiKeySid !== user) auth = null;
  } else if (isSid('AC', user)) {
    if (password.startsWith('wm_')) {
      auth = await viaKey(ctx, password, request.ip ?? null);
      if (auth && auth.account.twilioAccountSid !== user) auth = null;
    } else {
      const account = await findActiveAccountByTwilioSid(ctx, user);
      if (account && (await isAuthToken(ctx, account.id, password))) auth = accountTokenCaller(account);
    }
  }
  if (!auth) throw denied();
  // Twilio answers a path naming another account than the credentials' with 20003 too.
  if (auth.account.twilioAccountSid !== pathAccountSid) throw denied();
  // Role and scope as on /v1 (403, Twilio's 20003: errors.ts); the auth token acts as an admin with the messages scopes.
  return accountsAuthenticator(ctx).authorize(TWILIO_ACCESS[need], auth);
}
