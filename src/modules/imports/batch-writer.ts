import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { copyIn, copyTextArray, copyValue, canCopy } from '../../db/copy.js';
import { newUuids } from '../../lib/ids.js';
import type { Actor } from '../audit/audit.service.js';
import { consentEventsCopy, phoneHash, recordConsent, suppressedHashes, type ConsentChange } from '../consent/consent.service.js';
import type { FieldValue } from '../contacts/fields.js';
import type { Progress } from './imports.repo.js';
import type { RowError } from './rows.js';
import { timed } from './stages.js';

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
  /** The number's keyed hash (consent's phoneHash), computed while the batch is prepared. */
  phoneHash: string;
  /** The id the contact gets if it is new. */
  newId: string;
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

/**
 * Whether the next batch looks its numbers up before writing. Off, a batch on PostgreSQL COPYs
 * its contacts straight away; a number already there fails the COPY, which is rolled back to a
 * savepoint and the batch takes the lookup path — as do the batches after it until one finds
 * none of its numbers (a file full of known contacts pays the failed COPY once, not per batch).
 */
export interface WriteHint { lookupFirst: boolean }

export interface Existing { id: string; phone: string; import_id: string | null; consent_state: string }
export interface Insert { r: Accepted; id: string; state: string }
export interface Plan {
  inserts: Insert[];
  updates: Array<Accepted & { id: string }>;
  consent: ConsentChange[];
  skipped: number;
  /** Rows whose number an earlier batch of this import wrote. */
  duplicates: RowError[];
}

/**
 * What a batch does to each row, given the contacts that already hold its numbers and the
 * suppressed ones (pure). New contacts get their resulting consent state; opted-out or
 * suppressed numbers are never opted in.
 */
export function planBatch(policy: ImportPolicy, rows: Accepted[], existing: ReadonlyMap<string, Existing>, suppressed: ReadonlySet<string>): Plan {
  const { importId } = policy;
  const plan: Plan = { inserts: [], updates: [], consent: [], skipped: 0, duplicates: [] };
  const evidence = { importId, userId: policy.userId, wording: policy.consentDescription ?? undefined };
  const outEvidence = { importId, userId: policy.userId };
  for (const r of rows) {
    const isSuppressed = suppressed.has(r.phoneHash);
    const found = existing.get(r.e164);
    if (found?.import_id === importId) {
      plan.duplicates.push({ row: r.row, column: null, reason: 'duplicate_in_file', value: r.e164 });
      plan.skipped++;
      continue;
    }
    if (found && policy.existing === 'skip') {
      plan.skipped++;
      continue;
    }
    const id = found?.id ?? r.newId;
    let state = found?.consent_state ?? (isSuppressed ? 'opted_out' : 'unknown');
    if (r.consent === 'out' && state !== 'opted_out') {
      plan.consent.push({ contactId: id, phone: r.e164, phoneHash: r.phoneHash, kind: 'opt_out', source: 'import', evidence: outEvidence });
      state = 'opted_out';
    } else if (state === 'unknown' && !isSuppressed && r.consent !== 'out' && policy.consentDescription) {
      plan.consent.push({ contactId: id, phone: r.e164, phoneHash: r.phoneHash, kind: 'opt_in', source: 'import', evidence });
      state = 'opted_in';
    }
    if (found) plan.updates.push({ ...r, id });
    else plan.inserts.push({ r, id, state });
  }
  return plan;
}

const NONE = new Map<string, Existing>();
const NO_HASHES = new Set<string>();

/**
 * A batch's optimistic write, built while it is prepared (outside the transaction): its plan
 * when none of its numbers is in the account yet and none is suppressed, with the COPY texts of
 * its new contacts and of their consent events. The transaction uses it when both hold.
 */
export interface Prebuilt { plan: Plan; contacts: string; events: string }

export function prebuildBatch(policy: ImportPolicy, rows: Accepted[], now: Date): Prebuilt {
  const plan = planBatch(policy, rows, NONE, NO_HASHES);
  return {
    plan,
    contacts: contactsCopyText(policy.accountId, policy.importId, plan.inserts, now),
    events: consentEventsCopy(policy.accountId, policy.actor, plan.consent, now),
  };
}

/**
 * Writes one batch: new contacts inserted, existing ones updated or skipped, in-file duplicates
 * reported, and consent recorded. Set-based: on PostgreSQL one COPY of the new contacts and one
 * of their consent events (PGlite: an INSERT … SELECT from unnest each).
 */
export async function writeBatch(
  ctx: Ctx, tx: Db, policy: ImportPolicy, rows: Accepted[], errors: RowError[], hint: WriteHint = { lookupFirst: true }, prebuilt: Prebuilt | null = null,
): Promise<Omit<Progress, 'checkpointRow'>> {
  const { accountId, importId } = policy;
  const suppressed = await timed('commit: suppression check', () => suppressedHashes(tx, accountId, rows.map((r) => r.phoneHash)));
  const now = ctx.now();
  let plan: Plan | null = null;
  let inserted: Set<string> | null = null;
  let eventsCopy: string | undefined;
  if (!hint.lookupFirst && canCopy(tx)) {
    // Optimistic: none of these numbers is expected in the account yet.
    const ready = prebuilt && suppressed.size === 0 ? prebuilt : null;
    plan = ready?.plan ?? planBatch(policy, rows, NONE, suppressed);
    const inserts = plan.inserts;
    inserted = await timed('commit: contacts', () => copyContacts(tx, accountId, importId, inserts, now, ready?.contacts));
    if (!inserted) hint.lookupFirst = true;
    else eventsCopy = ready?.events;
  }
  if (!inserted) {
    const existing = await timed('commit: lookup', () => lookUp(tx, accountId, rows));
    if (existing.size === 0) hint.lookupFirst = false;
    plan = planBatch(policy, rows, existing, suppressed);
    const inserts = plan.inserts;
    inserted = await timed('commit: contacts', async () => (await copyContacts(tx, accountId, importId, inserts, now)) ?? (await insertContacts(tx, accountId, importId, inserts, now)));
  }
  const { inserts, updates, consent, duplicates } = plan!;
  errors.push(...duplicates);
  // A contact created concurrently (API, another import) between our read and insert: skipped.
  const lost = inserts.length - inserted.size;
  await updateContacts(tx, accountId, importId, updates);
  // New contacts were inserted with their resulting state: only the events and suppression remain.
  // Opt-ins were only given to numbers checked above as not suppressed.
  const lostIds = lost ? new Set(inserts.filter((x) => !inserted.has(x.id)).map((x) => x.id)) : null;
  const changes = lostIds ? consent.filter((c) => !lostIds.has(c.contactId!)) : consent;
  // (Prebuilt events: every insert went in, so `changes` are the prebuilt plan's.)
  await timed('commit: consent', () => recordConsent(ctx, tx, accountId, policy.actor, changes, { stateSet: inserted, noneSuppressed: true, eventsCopy }));
  return { processed: 0, inserted: inserted.size, updated: updates.length, skipped: plan!.skipped + lost, failed: 0 };
}

async function lookUp(tx: Db, accountId: string, rows: Accepted[]): Promise<Map<string, Existing>> {
  const { rows: found } = await txQuery(tx)<Existing>(
    `select id, phone, import_id, consent_state from contacts where account_id = $1 and phone = any($2::text[])`,
    [accountId, rows.map((r) => r.e164)],
  );
  return new Map(found.map((e) => [e.phone, e]));
}

/**
 * PostgreSQL: the new contacts in one COPY under a savepoint. Null (savepoint rolled back,
 * nothing written) when one of the numbers is in the account already — committed by another
 * writer since the lookup, or not looked up (optimistic) — and on PGlite.
 */
async function copyContacts(tx: Db, accountId: string, importId: string, rows: Insert[], now: Date, text?: string): Promise<Set<string> | null> {
  if (!canCopy(tx)) return null;
  if (!rows.length) return new Set<string>();
  const q = txQuery(tx);
  await q('savepoint import_copy');
  try {
    await copyIn(tx, 'copy contacts (id, account_id, import_id, phone, phone_type, country, first_name, last_name, email, notes, time_zone, time_zone_source, consent_state, consent_updated_at, tags, fields) from stdin', text ?? contactsCopyText(accountId, importId, rows, now));
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err; // unique_violation: a number the account holds
    await q('rollback to savepoint import_copy');
    return null;
  }
  await q('release savepoint import_copy');
  return new Set(rows.map((x) => x.id));
}

/** The new contacts as COPY text (`copyContacts`'s columns). */
function contactsCopyText(accountId: string, importId: string, rows: Insert[], now: Date): string {
  const at = now.toISOString();
  let text = '';
  for (const { r, id, state } of rows) {
    const fields = isEmpty(r.fields) ? '{}' : copyValue(JSON.stringify(r.fields));
    text += `${id}\t${accountId}\t${importId}\t${copyValue(r.e164)}\t${copyValue(r.type)}\t${copyValue(r.country)}\t${copyValue(r.firstName)}\t${copyValue(r.lastName)}\t${copyValue(r.email)}\t${copyValue(r.notes)}\t${copyValue(r.timeZone)}\t${copyValue(r.timeZoneSource)}\t${state}\t${state === 'unknown' ? '\\N' : at}\t${copyTextArray(r.tags)}\t${fields}\n`;
  }
  return text;
}

/** New contacts by INSERT … ON CONFLICT DO NOTHING (PGlite; PostgreSQL after a collision): the ids that went in. */
async function insertContacts(tx: Db, accountId: string, importId: string, rows: Insert[], now: Date): Promise<Set<string>> {
  if (!rows.length) return new Set<string>();
  const col = <T>(f: (x: Insert) => T) => rows.map(f);
  const { rows: out } = await txQuery(tx)<{ id: string }>(
    `insert into contacts (id, account_id, import_id, phone, phone_type, country, first_name, last_name, email, notes, time_zone, time_zone_source, consent_state, consent_updated_at, tags, fields)
     select u.id, $1, $2, u.phone, u.phone_type, u.country, u.first_name, u.last_name, u.email, u.notes, u.tz, u.tz_source, u.state,
            case when u.state <> 'unknown' then $16::timestamptz end,
            array(select jsonb_array_elements_text(u.tags::jsonb)), u.fields::jsonb
     from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
       as u(id, phone, phone_type, country, first_name, last_name, email, notes, tz, tz_source, state, tags, fields)
     on conflict (account_id, phone) do nothing
     returning id`,
    [accountId, importId, col((x) => x.id), col((x) => x.r.e164), col((x) => x.r.type), col((x) => x.r.country), col((x) => x.r.firstName), col((x) => x.r.lastName),
      col((x) => x.r.email), col((x) => x.r.notes), col((x) => x.r.timeZone), col((x) => x.r.timeZoneSource), col((x) => x.state),
      col((x) => JSON.stringify(x.r.tags)), col((x) => JSON.stringify(x.r.fields)), now.toISOString()],
  );
  return new Set(out.map((r) => r.id));
}

const isEmpty = (o: object) => {
  for (const _ in o) return false;
  return true;
};

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
