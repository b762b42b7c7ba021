import type { RawQuery } from '../../db/client.js';

/**
 * Dispute evidence (issue 13): read-only queries, each scoped by account and by the one phone
 * number (or the contacts holding it), over the tables that keep the evidence: consent events,
 * attestations, suppressions, messages and their history events (outbox), audit entries.
 */
export interface ContactRow { id: string; phone: string; first_name: string | null; last_name: string | null; consent_state: string; created_at: Date }
export interface MessageRow {
  id: string; direction: string; kind: string; from: string; to: string; body: string | null; status: string; error_code: string | null;
  keyword: { kind: string; word: string } | null; segments: number; provider: string | null; created_at: Date; sent_at: Date | null; delivered_at: Date | null;
}
export interface HistoryRow { subject_id: string; type: string; payload: Record<string, unknown>; created_at: Date }

export async function contactsByPhone(q: RawQuery, accountId: string, e164: string): Promise<ContactRow[]> {
  return (await q<ContactRow>(`select id, phone, first_name, last_name, consent_state, created_at from contacts where account_id = $1 and phone = $2 order by created_at`, [accountId, e164])).rows;
}

export async function consentEvents(q: RawQuery, accountId: string, phoneHash: string) {
  return (await q<{ id: string; kind: string; source: string; evidence: Record<string, unknown>; recorded_by: string | null; occurred_at: Date; created_at: Date }>(
    `select id, kind, source, evidence, recorded_by, occurred_at, created_at from consent_events where account_id = $1 and phone_hash = $2 order by occurred_at, id`, [accountId, phoneHash])).rows;
}

export async function attestations(q: RawQuery, accountId: string) {
  return (await q<{ id: string; user_id: string | null; wording: string; attested_at: Date; ip: string | null; user_agent: string | null }>(
    `select id, user_id, wording, attested_at, ip, user_agent from consent_attestations where account_id = $1 order by attested_at`, [accountId])).rows;
}

export async function suppression(q: RawQuery, accountId: string, phoneHash: string) {
  return (await q<{ source: string; reason: string | null; created_at: Date }>(`select source, reason, created_at from suppressions where account_id = $1 and phone_hash = $2`, [accountId, phoneHash])).rows[0] ?? null;
}

/** Messages to or from the number, oldest first, a page at a time (keyset on created_at, id). */
export async function messagesPage(q: RawQuery, accountId: string, e164: string, after: { at: Date; id: string } | null, limit: number): Promise<MessageRow[]> {
  const params: unknown[] = [accountId, e164, limit];
  let keyset = '';
  if (after) {
    params.push(after.at, after.id);
    keyset = `and (created_at, id) > ($4::timestamptz, $5::uuid)`;
  }
  return (await q<MessageRow>(
    `select id, direction, kind, "from", "to", body, status, error_code, keyword, segments, provider, created_at, sent_at, delivered_at
       from messages where account_id = $1 and ("to" = $2 or "from" = $2) ${keyset} order by created_at, id limit $3`, params)).rows;
}

/** Each message's history events (outbox: created/received and every status change), oldest first. */
export async function messageHistories(q: RawQuery, accountId: string, messageIds: string[]): Promise<HistoryRow[]> {
  if (!messageIds.length) return [];
  return (await q<HistoryRow>(
    `select subject_id, type, payload, created_at from outbox where account_id = $1 and subject_id = any($2::uuid[])
       and type in ('message.created', 'message.received', 'message.status_changed') order by id`, [accountId, messageIds])).rows;
}

/** The account's audit entries about these contacts (by target). */
export async function auditAbout(q: RawQuery, accountId: string, targetIds: string[]) {
  if (!targetIds.length) return [];
  return (await q<{ seq: number; action: string; actor_type: string; actor_label: string | null; target_type: string | null; target_id: string | null; details: Record<string, unknown>; ip: string | null; created_at: Date }>(
    `select seq, action, actor_type, actor_label, target_type, target_id, details, ip, created_at from audit_events
       where account_id = $1 and target_id = any($2::text[]) order by seq`, [accountId, targetIds])).rows;
}
