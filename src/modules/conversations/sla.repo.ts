import type { RawQuery } from '../../db/client.js';
import type { OpeningHours } from './sla-time.js';

/** SQL of the SLA configuration: policies, business hours, holidays (tables sla_policies, sla_settings, sla_holidays). */
export interface PolicyRow {
  id: string;
  account_id: string;
  title: string;
  team_id: string | null;
  team_name: string | null;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: boolean;
  warn_percent: number;
  created_at: Date;
  updated_at: Date;
}

const POLICY = `select p.*, t.name as team_name from sla_policies p left join teams t on t.account_id = p.account_id and t.id = p.team_id`;

export async function listPolicies(q: RawQuery, accountId: string) {
  const { rows } = await q<PolicyRow>(`${POLICY} where p.account_id = $1 order by p.team_id nulls first, p.created_at`, [accountId]);
  return rows.map(normal);
}

export async function findPolicy(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<PolicyRow>(`${POLICY} where p.account_id = $1 and p.id = $2`, [accountId, id]);
  return r ? normal(r) : null;
}

const normal = (r: PolicyRow): PolicyRow => ({ ...r, warn_percent: Number(r.warn_percent) });

export interface PolicyFields {
  title: string;
  teamId: string | null;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
  warnPercent: number;
}

export async function insertPolicy(q: RawQuery, accountId: string, id: string, f: PolicyFields) {
  await q(
    `insert into sla_policies (id, account_id, title, team_id, first_response_minutes, next_response_minutes, resolution_minutes, business_hours, warn_percent)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, accountId, f.title, f.teamId, f.firstResponseMinutes, f.nextResponseMinutes, f.resolutionMinutes, f.businessHours, f.warnPercent],
  );
}

export async function updatePolicy(q: RawQuery, accountId: string, id: string, f: PolicyFields) {
  await q(
    `update sla_policies set title = $3, team_id = $4, first_response_minutes = $5, next_response_minutes = $6, resolution_minutes = $7,
       business_hours = $8, warn_percent = $9, updated_at = now() where account_id = $1 and id = $2`,
    [accountId, id, f.title, f.teamId, f.firstResponseMinutes, f.nextResponseMinutes, f.resolutionMinutes, f.businessHours, f.warnPercent],
  );
}

export async function deletePolicy(q: RawQuery, accountId: string, id: string) {
  await q(`delete from sla_policies where account_id = $1 and id = $2`, [accountId, id]);
}

export async function teamExists(q: RawQuery, accountId: string, teamId: string) {
  const { rows } = await q(`select 1 from teams where account_id = $1 and id = $2`, [accountId, teamId]);
  return rows.length > 0;
}

// ---- business hours and holidays ----

export interface HoursRow { time_zone: string | null; account_zone: string; hours: OpeningHours[]; updated_at: Date | null }

/** The account's business hours; its own time zone when none is set. */
export async function hoursOf(q: RawQuery, accountId: string): Promise<HoursRow> {
  const { rows: [r] } = await q<HoursRow>(
    `select s.time_zone, a.time_zone as account_zone, coalesce(s.hours, '[]'::jsonb) as hours, s.updated_at
     from accounts a left join sla_settings s on s.account_id = a.id where a.id = $1`,
    [accountId],
  );
  return r ?? { time_zone: null, account_zone: 'UTC', hours: [], updated_at: null };
}

export async function saveHours(q: RawQuery, accountId: string, timeZone: string | null, hours: OpeningHours[]) {
  await q(
    `insert into sla_settings (account_id, time_zone, hours) values ($1, $2, $3::jsonb)
     on conflict (account_id) do update set time_zone = excluded.time_zone, hours = excluded.hours, updated_at = now()`,
    [accountId, timeZone, JSON.stringify(hours)],
  );
}

export interface HolidayRow { id: string; date: string; title: string }

export async function listHolidays(q: RawQuery, accountId: string) {
  const { rows } = await q<HolidayRow>(`select id, date::text as date, title from sla_holidays where account_id = $1 order by date`, [accountId]);
  return rows;
}

/** Inserts a holiday; false when the account already has one on that date. */
export async function insertHoliday(q: RawQuery, accountId: string, id: string, date: string, title: string) {
  const { rows } = await q(
    `insert into sla_holidays (id, account_id, date, title) values ($1, $2, $3::date, $4) on conflict (account_id, date) do nothing returning id`,
    [id, accountId, date, title],
  );
  return rows.length > 0;
}

export async function deleteHoliday(q: RawQuery, accountId: string, id: string) {
  const { rows } = await q<HolidayRow>(`delete from sla_holidays where account_id = $1 and id = $2 returning id, date::text as date, title`, [accountId, id]);
  return rows[0] ?? null;
}
