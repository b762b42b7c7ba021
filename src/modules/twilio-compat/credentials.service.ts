/**
 * Twilio-compatible credentials of an account (issue 12). THE PRIMITIVES OTHER PARTS USE:
 *
 * - `twilioCredentialsOf(ctx, accountId)` → `{ accountSid, authToken }`: the account SID
 *   (`AC` + 32 hex, column accounts.twilio_account_sid, random, unique, set by the database for
 *   every account) and the account's auth token (32 hex, table twilio_auth_tokens, sealed with
 *   the secret box under purpose `twilio.auth-token` bound to the account id). A token is issued
 *   on first use when the account has none (audited, by the system). Sign callbacks with
 *   `expectedSignature(authToken, url, form)` from src/providers/twilio/signature.ts.
 * - `rotateAuthToken` issues a new token (shown once to the caller); the old one stops working.
 * - API key SIDs (`SK…`): api_keys.twilio_sid; message SIDs `SM…` / messaging service SIDs `MG…`
 *   are row uuids in hex (./sids.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { notFound } from '../../lib/errors.js';
import { secretBox, type SecretBox } from '../../lib/secret-box.js';
import { safeEqual } from '../../lib/tokens.js';
import { findAccount } from '../accounts/account.service.js';
import { recordAudit, SYSTEM_ACTOR, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './credentials.repo.js';

export interface TwilioCredentials { accountSid: string; authToken: string }

const boxes = new Map<string, SecretBox>();
function box(ctx: Ctx): SecretBox {
  let b = boxes.get(ctx.config.secretKey);
  if (!b) boxes.set(ctx.config.secretKey, (b = secretBox(ctx.config.secretKey, 'twilio.auth-token')));
  return b;
}

/** A new auth token: 32 lowercase hex characters, like Twilio's. */
const newToken = () => randomBytes(16).toString('hex');

/**
 * The account's token; one is issued when there is none (a StatusCallback or an inbound POST must be
 * signed before anyone issued one). That issue is audited (`twilio.auth_token.issued`, by the system) in
 * its transaction — a credential that acts as an admin never appears without a trace — and the settings
 * card shows it as issued; nobody has seen it, so the owner issues a new one to verify signatures.
 */
async function tokenOf(ctx: Ctx, accountId: string): Promise<string> {
  let row = await repo.findAuthToken(ctx.db, accountId);
  if (!row) {
    await withTx(ctx.db, async (tx) => {
      if (!(await repo.insertAuthTokenIfNone(tx, accountId, box(ctx).encrypt(newToken(), accountId), ctx.now()))) return;
      await recordAudit(tx, { accountId, actor: SYSTEM_ACTOR, action: 'twilio.auth_token.issued', target: { type: 'account', id: accountId }, details: { reason: 'signing' } });
    });
    row = await repo.findAuthToken(ctx.db, accountId);
  }
  return box(ctx).decrypt(row!.token, accountId);
}

/** The account's SID and auth token (a token is issued when the account has none yet). */
export async function twilioCredentialsOf(ctx: Ctx, accountId: string): Promise<TwilioCredentials> {
  const account = await findAccount(ctx, accountId);
  if (!account) throw notFound('Account');
  return { accountSid: account.twilioAccountSid, authToken: await tokenOf(ctx, accountId) };
}

/** True when `candidate` is the account's current auth token (constant-time; false when none was issued). */
export async function isAuthToken(ctx: Ctx, accountId: string, candidate: string): Promise<boolean> {
  const row = await repo.findAuthToken(ctx.db, accountId);
  return !!row && safeEqual(box(ctx).decrypt(row.token, accountId), candidate);
}

/** What the settings card shows: the SID and when the token was issued (never the token). */
export async function authTokenInfo(ctx: Ctx, accountId: string) {
  const row = await repo.findAuthToken(ctx.db, accountId);
  return { issuedAt: row?.createdAt ?? null };
}

/** Issues a new auth token (the old one stops working at once); returned once, audited. */
export async function rotateAuthToken(ctx: Ctx, auth: AuthContext, meta: RequestMeta): Promise<{ authToken: string; issuedAt: Date }> {
  const token = newToken();
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await repo.upsertAuthToken(tx, auth.accountId, box(ctx).encrypt(token, auth.accountId), now);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'twilio.auth_token.rotated', target: { type: 'account', id: auth.accountId }, meta, details: {} });
  });
  return { authToken: token, issuedAt: now };
}
