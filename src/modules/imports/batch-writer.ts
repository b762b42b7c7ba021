import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { newUuid } from '../../lib/ids.js';
import type { Actor } from '../audit/audit.service.js';
import { phoneHash, recordConsent, suppressedHashes, type ConsentChange } from '../consent/consent.service.js';
import type { FieldValue } from '../contacts/fields.js';
import type { Progress } from './imports.repo.js';
import type { RowError } from './rows.js';

/** A row that passed every check, with its number parsed and its zone resolved. */
export interface Accepted {
  row: number;
  e164: string;
  type: string | null;
  country: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tags: string[];
  notes: string | null;
  fields: Record<string, FieldValue>;
  timeZone: string;
  timeZoneSource: string;
  consent: 'in' | 'out' | null;
}

export interface ImportPolicy {
  importId: string;
  accountId: string;
  existing: 'update' | 'skip';
  /** "These people gave consent": the description recorded as evidence of each opt-in. */
  consentDescription: string | null;
  userId: string | null;
  actor: Actor;
}

interface Existing { id: string; phone: string; import_id: string | null; consent_state: string }

/**
 * Writes one batch: new contacts inserted, existing ones updated or skipped, in-file duplicates
 * reported, and consent recorded. Suppressed or opted-out numbers are never opted in.
 */
export async function writeBatch(ctx: Ctx, tx: Db, policy: ImportPolicy, rows: Accepted[], errors: RowError[]): Promise<Omit<Progress, 'checkpointRow'>> {
  const q = txQuery(tx);
  const { accountId, importId } = policy;
  const existing = new Map(
    (await q<Existing>(`select id, phone, import_id, consent_state from contacts where account_id = $1 and phone = any($2::text[])`, [accountId, rows.map((r) => r.e164)])).rows.map((e) => [e.phone, e]),
  );
  const suppressed = await suppressedHashes(tx, accountId, rows.map((r) => phoneHash(ctx, r.e164)));
  const inserts: Array<Accepted & { id: string; state: string }> = [];
  const updates: Array<Accepted & { id: string }> = [];
  const consent: ConsentChange[] = [];
  let skipped = 0;
  const evidence = { importId, userId: policy.userId, wording: policy.consentDescription ?? undefined };

  for (const r of rows) {
    const isSuppressed = suppressed.has(phoneHash(ctx, r.e164));
    const found = existing.get(r.e164);
    if (found?.import_id === importId) {
      errors.push({ row: r.row, column: null, reason: 'duplicate_in_file', value: r.e164 });
      skipped++;
      continue;
    }
    if (found && policy.existing === 'skip') {
      skipped++;
      continue;
    }
    const id = found?.id ?? newUuid();
    let state = found?.consent_state ?? (isSuppressed ? 'opted_out' : 'unknown');
    if (r.consent === 'out' && state !== 'opted_out') {
      consent.push({ contactId: id, phone: r.e164, kind: 'opt_out', source: 'import', evidence: { importId, userId: policy.userId } });
      state = 'opted_out';
    } else if (state === 'unknown' && !isSuppressed && r.consent !== 'out' && policy.consentDescription) {
      consent.push({ contactId: id, phone: r.e164, kind: 'opt_in', source: 'import', evidence });
      state = 'opted_in';
    }
    if (found) updates.push({ ...r, id });
    else inserts.push({ ...r, id, state });
  }
  const inserted = await insertContacts(tx, accountId, importId, inserts);
  // A contact created concurrently (API, another import) between our read and insert: skipped.
  const lost = inserts.filter((r) => !inserted.has(r.id));
  skipped += lost.length;
  const lostIds = new Set(lost.map((r) => r.id));
  await updateContacts(tx, accountId, importId, updates);
  // New contacts were inserted with their resulting state: only the events and suppression remain.
  // Opt-ins were only given to numbers checked above as not suppressed.
  await recordConsent(ctx, tx, accountId, policy.actor, consent.filter((c) => !lostIds.has(c.contactId!)), { stateSet: inserted, noneSuppressed: true });
  return { processed: 0, inserted: inserted.size, updated: updates.length, skipped, failed: 0 };
}

async function insertContacts(tx: Db, accountId: string, importId: string, rows: Array<Accepted & { id: string; state: string }>) {
  if (!rows.length) return new Set<string>();
  const col = <K extends keyof (Accepted & { id: string; state: string })>(k: K) => rows.map((r) => r[k]);
  const { rows: out } = await txQuery(tx)<{ id: string }>(
    `insert into contacts (id, account_id, import_id, phone, phone_type, country, first_name, last_name, email, notes, time_zone, time_zone_source, consent_state, consent_updated_at, tags, fields)
     select u.id, $1, $2, u.phone, u.phone_type, u.country, u.first_name, u.last_name, u.email, u.notes, u.tz, u.tz_source, u.state,
            case when u.state <> 'unknown' then now() end,
            array(select jsonb_array_elements_text(u.tags::jsonb)), u.fields::jsonb
     from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
       as u(id, phone, phone_type, country, first_name, last_name, email, notes, tz, tz_source, state, tags, fields)
     on conflict (account_id, phone) do nothing
     returning id`,
    [accountId, importId, col('id'), col('e164'), col('type'), col('country'), col('firstName'), col('lastName'), col('email'), col('notes'),
      col('timeZone'), col('timeZoneSource'), col('state'), rows.map((r) => JSON.stringify(r.tags)), rows.map((r) => JSON.stringify(r.fields))],
  );
  return new Set(out.map((r) => r.id));
}

/** Fills in what the file says; blank cells keep what the contact had. Tags and fields merge. */
async function updateContacts(tx: Db, accountId: string, importId: string, rows: Array<Accepted & { id: string }>) {
  if (!rows.length) return;
  await txQuery(tx)(
    `update contacts c set
       import_id = $2, updated_at = now(),
       first_name = coalesce(u.first_name, c.first_name), last_name = coalesce(u.last_name, c.last_name),
       email = coalesce(u.email, c.email), notes = coalesce(u.notes, c.notes),
       time_zone = case when u.tz_source = 'explicit' then u.tz else c.time_zone end,
       time_zone_source = case when u.tz_source = 'explicit' then 'explicit' else c.time_zone_source end,
       tags = (select coalesce(array_agg(distinct t), '{}') from unnest(c.tags || array(select jsonb_array_elements_text(u.tags::jsonb))) t),
       fields = c.fields || u.fields::jsonb
     from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       as u(id, first_name, last_name, email, notes, tz, tz_source, tags, fields)
     where c.account_id = $1 and c.id = u.id`,
    [accountId, importId, rows.map((r) => r.id), rows.map((r) => r.firstName), rows.map((r) => r.lastName), rows.map((r) => r.email),
      rows.map((r) => r.notes), rows.map((r) => r.timeZone), rows.map((r) => r.timeZoneSource), rows.map((r) => JSON.stringify(r.tags)),
      rows.map((r) => JSON.stringify(r.fields))],
  );
}
