import type { RawQuery } from '../../db/client.js';

/** SQL of CSAT: the account's settings and each closed conversation's survey (tables csat_settings, csat_surveys). */
export interface CsatSettingsRow { enabled: boolean; question: string | null; reply_hours: number | null }

export async function settingsOf(q: RawQuery, accountId: string) {
  const { rows: [r] } = await q<CsatSettingsRow>(`select enabled, question, reply_hours from csat_settings where account_id = $1`, [accountId]);
  return r ?? null;
}

export async function saveSettings(q: RawQuery, accountId: string, s: { enabled: boolean; question: string; replyHours: number }) {
  await q(
    `insert into csat_settings (account_id, enabled, question, reply_hours) values ($1, $2, $3, $4)
     on conflict (account_id) do update set enabled = excluded.enabled, question = excluded.question, reply_hours = excluded.reply_hours, updated_at = now()`,
    [accountId, s.enabled, s.question, s.replyHours],
  );
}

/** The survey of a conversation just closed, once: null when it already has one. */
export async function insertSurvey(q: RawQuery, s: { id: string; accountId: string; conversationId: string }) {
  const { rows } = await q<{ id: string }>(
    `insert into csat_surveys (id, account_id, conversation_id, contact_id, number_id, assignee_user_id, team_id)
     select $1, c.account_id, c.id, c.contact_id, c.number_id, c.assignee_user_id, c.team_id from conversations c where c.account_id = $2 and c.id = $3 and c.last_inbound_at is not null
     on conflict (account_id, conversation_id) do nothing returning id`,
    [s.id, s.accountId, s.conversationId],
  );
  return rows[0]?.id ?? null;
}

export interface DueSurvey {
  id: string;
  account_id: string;
  conversation_id: string;
  contact_id: string;
  number_id: string;
  phone: string;
  time_zone: string | null;
  question: string;
  reply_hours: number;
  /** The contact has a conversation on this number that is not closed (it texted again): the survey would land in the middle of it. */
  newer_open: boolean;
}

/** A survey still due, locked for its sender, with what sending needs. */
export async function lockDue(q: RawQuery, accountId: string, id: string) {
  const { rows: [r] } = await q<DueSurvey>(
    `select s.id, s.account_id, s.conversation_id, s.contact_id, s.number_id, ct.phone, ct.time_zone, cs.question, cs.reply_hours,
            exists (select 1 from conversations o where o.account_id = s.account_id and o.contact_id = s.contact_id and o.number_id = s.number_id and o.status <> 'closed') as newer_open
     from csat_surveys s
     join contacts ct on ct.account_id = s.account_id and ct.id = s.contact_id
     join csat_settings cs on cs.account_id = s.account_id
     where s.account_id = $1 and s.id = $2 and s.status = 'due'
     for update of s`,
    [accountId, id],
  );
  return r ?? null;
}

export async function markSent(q: RawQuery, accountId: string, id: string, messageId: string, at: Date, expiresAt: Date) {
  await q(`update csat_surveys set status = 'sent', message_id = $3, sent_at = $4::timestamptz, expires_at = $5::timestamptz where account_id = $1 and id = $2`,
    [accountId, id, messageId, at.toISOString(), expiresAt.toISOString()]);
}

export async function markSkipped(q: RawQuery, accountId: string, id: string, reason: string) {
  await q(`update csat_surveys set status = 'skipped', skip_reason = $3 where account_id = $1 and id = $2`, [accountId, id, reason]);
}

/**
 * Records a score on the survey awaiting this contact's answer on this number (sent, not
 * expired, and no newer conversation open); returns the conversation, or null.
 */
export async function answer(q: RawQuery, accountId: string, contactId: string, numberId: string, score: number, at: Date) {
  const { rows: [r] } = await q<{ id: string; conversation_id: string }>(
    `update csat_surveys s set status = 'answered', score = $4, answered_at = $5::timestamptz
     where s.account_id = $1 and s.id = (
       select x.id from csat_surveys x where x.account_id = $1 and x.contact_id = $2 and x.number_id = $3 and x.status = 'sent' and x.expires_at > $5::timestamptz
       order by x.sent_at desc limit 1)
       and not exists (select 1 from conversations o where o.account_id = $1 and o.contact_id = $2 and o.number_id = $3 and o.status <> 'closed')
     returning s.id, s.conversation_id`,
    [accountId, contactId, numberId, score, at.toISOString()],
  );
  return r ?? null;
}

export interface SurveyRow { id: string; status: string; score: number | null; sent_at: Date | null; answered_at: Date | null; expires_at: Date | null; skip_reason: string | null }

export async function surveyOf(q: RawQuery, accountId: string, conversationId: string) {
  const { rows: [r] } = await q<SurveyRow>(
    `select id, status, score, sent_at, answered_at, expires_at, skip_reason from csat_surveys where account_id = $1 and conversation_id = $2`, [accountId, conversationId]);
  return r ? { ...r, score: r.score === null ? null : Number(r.score) } : null;
}
