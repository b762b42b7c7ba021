import { timestamp } from 'drizzle-orm/pg-core';

/** timestamptz, read as a Date on both drivers. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** A required timestamptz that defaults to now(). */
export const stamp = (name: string) => ts(name).notNull().defaultNow();
export const created = () => stamp('created_at');
