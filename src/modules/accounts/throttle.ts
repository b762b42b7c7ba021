import type { Ctx } from '../../context.js';
import { tooManyRequests } from '../../lib/errors.js';
import * as creds from './credentials.repo.js';
import { verifyPassword } from './passwords.js';

/** Sign-in throttling: per account (email) and per IP, shared across processes. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  perEmail: 5,
  perIp: 30,
};

export const throttleKeys = (email: string, ip: string | null) => ({
  email: `login:email:${email.toLowerCase()}`,
  ip: `login:ip:${ip ?? 'unknown'}`,
});

export async function assertNotLocked(ctx: Ctx, keys: string[]): Promise<void> {
  const now = ctx.now().getTime();
  const rows = await creds.readThrottle(ctx.db, keys);
  const lockedUntil = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  if (lockedUntil > now) {
    throw tooManyRequests('Too many failed sign-in attempts. Try again later.', Math.ceil((lockedUntil - now) / 1000));
  }
}

export async function countFailure(ctx: Ctx, keys: { email: string; ip: string }): Promise<void> {
  const now = ctx.now();
  await creds.recordFailure(ctx.db, keys.email, now, THROTTLE.windowMs, THROTTLE.perEmail, THROTTLE.lockMs);
  await creds.recordFailure(ctx.db, keys.ip, now, THROTTLE.windowMs, THROTTLE.perIp, THROTTLE.lockMs);
}

/**
 * A password asked again (a signed-in person changing their password, email or phone, deleting the account; an invitation
 * accepted by an existing login): checked under that login's sign-in throttle — a locked login is refused (429) before
 * the check, and a wrong password counts towards the lock as a failed sign-in does. Else a held session could guess the
 * password at the general request rate.
 */
export async function verifyPasswordAgain(ctx: Ctx, user: { email: string; passwordHash: string }, password: string, ip: string | null): Promise<boolean> {
  const keys = throttleKeys(user.email, ip);
  await assertNotLocked(ctx, [keys.email, keys.ip]);
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok) await countFailure(ctx, keys);
  else await creds.clearThrottle(ctx.db, keys.email); // as a sign-in that succeeds: earlier typos no longer count
  return ok;
}
