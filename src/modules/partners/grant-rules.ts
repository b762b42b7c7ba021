import { DateTime } from 'luxon';
import type { GrantHours } from '../../db/schema/partners.js';

/**
 * What a partner's people may do in a client account. Reading the conversations the grant
 * covers comes with every grant; these are the actions on top. Exports, bulk downloads,
 * consent evidence details and settings are never grantable: no such word exists here, and a
 * route that does not name one of these (or `read`/`self`) refuses every partner caller.
 */
export const PARTNER_PERMISSIONS = ['reply', 'notes', 'assign', 'close'] as const;
export type PartnerPermission = (typeof PARTNER_PERMISSIONS)[number];
/** A route's opt-in for partner callers: `self` (the caller's own session), `read`, or a permission. */
export type PartnerAction = 'self' | 'read' | PartnerPermission;
export const PARTNER_ACTIONS: readonly PartnerAction[] = ['self', 'read', ...PARTNER_PERMISSIONS];

/** Contact fields a client may hide from a partner's people. */
export const MASKABLE_FIELDS = ['email', 'phone', 'name', 'fields', 'notes', 'tags'] as const;
export type MaskableField = (typeof MASKABLE_FIELDS)[number];

export function permits(permissions: readonly string[], action: PartnerAction): boolean {
  return action === 'self' || action === 'read' || permissions.includes(action);
}

/** The ids of a grant's list that are not the client account's own (each once, in the order given). */
export const strangers = (wanted: readonly string[], own: ReadonlySet<string>): string[] => [...new Set(wanted.filter((id) => !own.has(id)))];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The problem with a set of weekly windows, or null when they are valid. */
export function hoursProblem(hours: GrantHours[]): string | null {
  for (const h of hours) {
    if (!h.days.length || h.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return 'days are 1 (Monday) to 7 (Sunday)';
    if (!HHMM.test(h.from) || !HHMM.test(h.to)) return 'times are HH:MM (00:00 to 24:00)';
    if (minutesOf(h.from) >= minutesOf(h.to)) return '"from" must be before "to"';
  }
  return null;
}

/** Whether `now` falls in one of the weekly windows, read in `zone`; no windows: always. */
export function withinHours(hours: GrantHours[] | null | undefined, zone: string, now: Date): boolean {
  if (!hours || hours.length === 0) return true;
  const local = DateTime.fromJSDate(now, { zone });
  const t = local.hour * 60 + local.minute;
  return hours.some((h) => h.days.includes(local.weekday) && t >= minutesOf(h.from) && t < minutesOf(h.to));
}

export type GrantState = 'active' | 'revoked' | 'expired' | 'outside_hours';

/** Whether a grant lets its partner in at `now` (re-evaluated on every request). */
export function grantState(g: { revokedAt: Date | null; expiresAt: Date | null; hours: GrantHours[] | null }, zone: string, now: Date): GrantState {
  if (g.revokedAt) return 'revoked';
  if (g.expiresAt && g.expiresAt.getTime() <= now.getTime()) return 'expired';
  return withinHours(g.hours, zone, now) ? 'active' : 'outside_hours';
}

const MASK = '•••';
/** Phone numbers inside a text: "+" and 7+ digits (spaces, dots, dashes, brackets between), or 10–15 digits alone. */
const PHONE_IN_TEXT = /\+\d[\d ().-]{5,}\d|\b\d{10,15}\b/g;
/** A phone number with all but its last two digits hidden. */
export const maskPhone = (p: string) => p.replace(/\d(?=(?:\D*\d){2})/g, '•');

/**
 * The response a partner caller gets: every value of a masked field, wherever it sits in the
 * payload, hidden (strings become "•••", a phone keeps its last two digits, custom fields an
 * empty object, tags an empty list). Run only on routes that return contact data.
 */
export function maskPayload(value: unknown, masked: readonly string[]): unknown {
  if (masked.length === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskPayload(v, masked));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskEntry(k, v, masked);
  return out;
}

function maskEntry(key: string, v: unknown, masked: readonly string[]): unknown {
  if (v === null || v === undefined) return v;
  if (masked.includes('email') && key === 'email' && typeof v === 'string') return MASK;
  if (masked.includes('phone') && (key === 'phone' || key === 'to' || key === 'from') && typeof v === 'string') return maskPhone(v);
  // A carrier's refusal is kept as it came, and may name the number ("The 'To' phone number: +1415…").
  if (masked.includes('phone') && key === 'errorMessage' && typeof v === 'string') return v.replace(PHONE_IN_TEXT, maskPhone);
  if (masked.includes('name') && (key === 'firstName' || key === 'lastName') && typeof v === 'string') return MASK;
  if (masked.includes('notes') && key === 'notes' && typeof v === 'string') return MASK;
  if (masked.includes('fields') && key === 'fields' && typeof v === 'object' && !Array.isArray(v)) return {};
  if (masked.includes('tags') && key === 'tags' && Array.isArray(v)) return [];
  return maskPayload(v, masked);
}
