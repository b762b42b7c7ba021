/** True when a database error (either driver, possibly wrapped by Drizzle) is a unique violation. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  let e = err as { code?: string; constraint?: string; cause?: unknown; message?: string } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (e.code === '23505') return !constraint || e.constraint === constraint || (e.message ?? '').includes(constraint);
    e = e.cause as typeof e;
  }
  return false;
}

/** The SQLSTATE of a database error (either driver, possibly wrapped by Drizzle), or null: a reference for support. */
export function sqlStateOf(err: unknown): string | null {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 4; i++, e = e.cause as typeof e) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return null;
}
