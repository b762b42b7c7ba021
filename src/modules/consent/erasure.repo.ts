import { txQuery, type Db } from '../../db/client.js';

export interface EvidenceRow { id: string; evidence: Record<string, unknown> }

/** The consent events of these contacts or number hashes, locked for the erasure. */
export async function eventsOf(tx: Db, accountId: string, contactIds: string[], phoneHashes: string[]): Promise<EvidenceRow[]> {
  const r = await txQuery(tx)<EvidenceRow>(
    `select id, evidence from consent_events where account_id = $1 and (contact_id = any($2::uuid[]) or phone_hash = any($3::text[])) for update`,
    [accountId, contactIds, phoneHashes],
  );
  return r.rows;
}

/** Detaches the events from their contact and replaces their evidence (a declared erasure transaction only). */
export async function replaceEvidence(tx: Db, accountId: string, rows: EvidenceRow[], opts: { dropRecorder?: boolean } = {}): Promise<void> {
  if (!rows.length) return;
  await txQuery(tx)(
    `update consent_events e set contact_id = null, evidence = u.evidence${opts.dropRecorder ? ', recorded_by = null' : ''}
       from unnest($2::uuid[], $3::jsonb[]) as u(id, evidence)
      where e.account_id = $1 and e.id = u.id`,
    [accountId, rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.evidence))],
  );
}

/** Clears the digits of these suppressed numbers: the keyed hash keeps blocking sends. */
export async function clearSuppressedPhones(tx: Db, accountId: string, phoneHashes: string[]): Promise<void> {
  await txQuery(tx)(`update suppressions set phone = null where account_id = $1 and phone_hash = any($2::text[]) and phone is not null`, [accountId, phoneHashes]);
}

/** Suppresses these number hashes (no digits kept) unless they are already. */
export async function suppressHashes(tx: Db, accountId: string, phoneHashes: string[], reason: string): Promise<void> {
  await txQuery(tx)(
    `insert into suppressions (account_id, phone_hash, phone, source, reason) select $1, h, null, 'erasure', $3 from unnest($2::text[]) h on conflict do nothing`,
    [accountId, phoneHashes, reason],
  );
}

/** Every consent event of the account, locked. */
export async function allEventsOf(tx: Db, accountId: string): Promise<EvidenceRow[]> {
  return (await txQuery(tx)<EvidenceRow>(`select id, evidence from consent_events where account_id = $1 for update`, [accountId])).rows;
}

/** Deletes every consent event of the account (a declared erasure transaction only). */
export async function deleteAllEvents(tx: Db, accountId: string): Promise<number> {
  return (await txQuery(tx)(`delete from consent_events where account_id = $1 returning 1`, [accountId])).rows.length;
}
