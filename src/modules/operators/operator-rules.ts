/**
 * Pure rules of the operator console (issue 13): roles, what each may do, lockout after
 * consecutive failures, and session expiry (idle and absolute). Table-driven tests beside.
 */
export const OPERATOR_ROLES = ['support', 'trust_safety', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

const RANK: Record<OperatorRole, number> = { support: 0, trust_safety: 1, admin: 2 };

export const isOperatorRole = (role: string): role is OperatorRole => (OPERATOR_ROLES as readonly string[]).includes(role);

/**
 * Whether an operator with role `have` may call a route. `need` names the lowest role the
 * route lets in (admin reaches everything); plain operator routes (`need` null) let every role
 * read and only trust_safety or admin write: support is read-only.
 */
export function operatorMay(have: string, need: string | null, write: boolean): boolean {
  if (!isOperatorRole(have)) return false;
  const floor: OperatorRole = need !== null && isOperatorRole(need) ? need : write ? 'trust_safety' : 'support';
  if (need !== null && !isOperatorRole(need)) return false;
  return RANK[have] >= RANK[floor];
}

export interface FailureState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

/** After one more failed step: the count, and a lock when it reaches `attempts` (the count then restarts). */
export function afterFailure(current: FailureState, cfg: { attempts: number; minutes: number }, now: Date): FailureState & { lockedNow: boolean } {
  const failed = current.failedAttempts + 1;
  if (failed >= cfg.attempts) return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + cfg.minutes * 60_000), lockedNow: true };
  return { failedAttempts: failed, lockedUntil: current.lockedUntil, lockedNow: false };
}

export const isLocked = (s: Pick<FailureState, 'lockedUntil'>, now: Date) => s.lockedUntil !== null && s.lockedUntil.getTime() > now.getTime();

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Why a session no longer works (null: it does): revoked, past its absolute end, or idle too long. */
export function sessionEnded(s: SessionTimes, idleMinutes: number, now: Date): 'revoked' | 'expired' | 'idle' | null {
  if (s.revokedAt) return 'revoked';
  if (now.getTime() >= s.expiresAt.getTime()) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() > idleMinutes * 60_000) return 'idle';
  return null;
}

/** A TOTP time step may be used once: only a step after the last accepted one is taken. */
export const stepIsFresh = (step: number, lastStep: number | null) => lastStep === null || step > lastStep;
