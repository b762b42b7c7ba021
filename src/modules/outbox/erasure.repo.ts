import { txQuery, type Db } from '../../db/client.js';

/**
 * Replaces the payload of the events about these subjects (contacts, their messages and
 * conversations) with `{"erased": true}`; type, subject id and order stay, so consumers keep
 * their positions. Only inside a declared erasure transaction (the outbox is append-only).
 */
export async function redactSubjects(tx: Db, accountId: string, subjectIds: string[]): Promise<number> {
  const r = await txQuery(tx)(
    `update outbox set payload = '{"erased": true}'::jsonb where account_id = $1 and subject_id = any($2::uuid[]) and payload <> '{"erased": true}'::jsonb returning 1`,
    [accountId, subjectIds],
  );
  return r.rows.length;
}
