import type { RawQuery } from '../../db/client.js';

/** SQL of the SLA reads: the breach list, one conversation's targets, the report's figures. */
export interface BreachRow {
  conversation_id: string;
  kind: string;
  status: string;
  started_at: Date;
  due_at: Date;
  breached_at: Date | null;
  contact_id: string;
  phone: string;
  first_name: string | null;
  last_name: string | null;
  assignee_user_id: string | null;
  assignee_name: string | null;
  team_id: string | null;
  team_name: string | null;
  conversation_status: string;
}

/**
 * Targets still waiting (not met) on conversations that are not closed: breached ones, and
 * running ones already warned (at risk); most overdue first.
 */
export async function breaches(q: RawQuery, accountId: string, state: 'breached' | 'at_risk' | 'all', limit: number) {
  const { rows } = await q<BreachRow>(
    `select t.conversation_id, t.kind, t.status, t.started_at, t.due_at, t.breached_at, c.contact_id, ct.phone, ct.first_name, ct.last_name,
            c.assignee_user_id, u.name as assignee_name, c.team_id, tm.name as team_name, c.status as conversation_status
     from sla_targets t
     join conversations c on c.account_id = t.account_id and c.id = t.conversation_id
     join contacts ct on ct.account_id = c.account_id and ct.id = c.contact_id
     left join users u on u.id = c.assignee_user_id
     left join teams tm on tm.account_id = c.account_id and tm.id = c.team_id
     where t.account_id = $1 and t.met_at is null and c.status <> 'closed' and t.due_at is not null
       and ((t.status = 'breached' and $2 <> 'at_risk') or (t.status = 'active' and t.warned_at is not null and $2 <> 'breached'))
     order by t.due_at limit $3`,
    [accountId, state, limit],
  );
  return rows;
}

export type GroupBy = 'agent' | 'team' | 'day' | 'partner';
const KEY: Record<GroupBy, (col: string, alias: string) => string> = {
  agent: (_col, a) => `${a}.assignee_user_id::text`,
  team: (_col, a) => `${a}.team_id::text`,
  day: (col, a) => `to_char(${a}.${col} at time zone $4, 'YYYY-MM-DD')`,
  // Targets met by a partner agent's reply; CSAT is not attributed to partners (all in-house).
  partner: (_col, a) => (a === 't' ? `t.met_by_partner_id::text` : `null::text`),
};

/** A figure's group in each grouping asked for (ks[i]: its group by groupBys[i]). */
export interface TargetFigures { ks: (string | null)[]; kind: string; total: number; met: number }

/** The key columns of the groupings (k0, k1…) and the positions to group by, with `extra` more after them. */
function keyColumns(groupBys: GroupBy[], col: string, alias: string, extra: number) {
  return {
    select: groupBys.map((g, i) => `${KEY[g](col, alias)} as k${i}`).join(', '),
    groupBy: Array.from({ length: groupBys.length + extra }, (_, i) => i + 1).join(', '),
  };
}
type Keyed = { [k: `k${number}`]: string | null };
const keysOf = (r: Keyed, groupBys: GroupBy[]) => groupBys.map((_, i) => r[`k${i}`]);

/** Decided targets (met or breached) started in [from, to), per kind and group of every grouping (one read for them all). */
export async function targetFigures(q: RawQuery, accountId: string, from: Date, to: Date, zone: string, groupBys: GroupBy[]) {
  const k = keyColumns(groupBys, 'started_at', 't', 1);
  const { rows } = await q<Keyed & { kind: string; total: string | number; met: string | number }>(
    `select ${k.select}, t.kind, count(*) as total, count(*) filter (where t.status = 'met') as met
     from sla_targets t
     where t.account_id = $1 and t.started_at >= $2 and t.started_at < $3 and t.status in ('met', 'breached') and $4::text is not null
     group by ${k.groupBy}`,
    [accountId, from.toISOString(), to.toISOString(), zone],
  );
  return rows.map((r): TargetFigures => ({ ks: keysOf(r, groupBys), kind: r.kind, total: Number(r.total), met: Number(r.met) }));
}

export interface CsatFigures { ks: (string | null)[]; score: number; n: number }

/** CSAT answers given in [from, to), per score and group of every grouping (one read for them all). */
export async function csatFigures(q: RawQuery, accountId: string, from: Date, to: Date, zone: string, groupBys: GroupBy[]) {
  const k = keyColumns(groupBys, 'answered_at', 's', 1);
  const { rows } = await q<Keyed & { score: number; n: string | number }>(
    `select ${k.select}, s.score, count(*) as n
     from csat_surveys s
     where s.account_id = $1 and s.status = 'answered' and s.answered_at >= $2 and s.answered_at < $3 and $4::text is not null
     group by ${k.groupBy}`,
    [accountId, from.toISOString(), to.toISOString(), zone],
  );
  return rows.map((r): CsatFigures => ({ ks: keysOf(r, groupBys), score: Number(r.score), n: Number(r.n) }));
}

/** Names of the account's people and teams named by a report. */
export async function namesOf(q: RawQuery, accountId: string, groupBy: GroupBy, ids: string[]) {
  if (!ids.length || groupBy === 'day') return new Map<string, string>();
  const { rows } = groupBy === 'agent'
    ? await q<{ id: string; name: string }>(`select id::text, name from users where id = any($1::uuid[])`, [ids])
    : groupBy === 'partner'
    ? await q<{ id: string; name: string }>(`select id::text, name from accounts where id = any($1::uuid[]) and kind = 'partner' and $2::uuid is not null`, [ids, accountId])
    : await q<{ id: string; name: string }>(`select id::text, name from teams where account_id = $2 and id = any($1::uuid[])`, [ids, accountId]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
