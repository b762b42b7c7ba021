import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/**
 * The display name of each kind of audit target, read from the table that holds it. The log
 * only names what it shows: this is a read-only projection across modules, one query per page
 * (a UNION over the kinds present), never one per row. A target gone since (an erased contact)
 * has no name.
 */
const NAMERS: Record<string, (accountId: string, ids: SQL) => SQL> = {
  contact: (a, ids) => sql`select 'contact' as type, id::text as id,
    coalesce(nullif(trim(concat_ws(' ', first_name, last_name)), ''), phone) as name from contacts where account_id = ${a} and id = any(${ids})`,
  user: (_a, ids) => sql`select 'user' as type, id::text as id, concat(name, ' <', email, '>') as name from users where id = any(${ids})`,
  api_key: (a, ids) => sql`select 'api_key' as type, id::text as id, name as name from api_keys where account_id = ${a} and id = any(${ids})`,
  invitation: (a, ids) => sql`select 'invitation' as type, id::text as id, email as name from invitations where account_id = ${a} and id = any(${ids})`,
  custom_field: (a, ids) => sql`select 'custom_field' as type, id::text as id, label as name from custom_fields where account_id = ${a} and id = any(${ids})`,
  segment: (a, ids) => sql`select 'segment' as type, id::text as id, name as name from segments where account_id = ${a} and id = any(${ids})`,
  import: (a, ids) => sql`select 'import' as type, i.id::text as id, u.filename as name from imports i left join uploads u on u.account_id = i.account_id and u.id = i.upload_id
    where i.account_id = ${a} and i.id = any(${ids})`,
  campaign: (a, ids) => sql`select 'campaign' as type, id::text as id, name as name from campaigns where account_id = ${a} and id = any(${ids})`,
  keyword: (a, ids) => sql`select 'keyword' as type, id::text as id, word as name from join_keywords where account_id = ${a} and id = any(${ids})`,
  number: (a, ids) => sql`select 'number' as type, id::text as id, phone_number as name from phone_numbers where account_id = ${a} and id = any(${ids})`,
  number_pool: (a, ids) => sql`select 'number_pool' as type, id::text as id, name as name from number_pools where account_id = ${a} and id = any(${ids})`,
  provider_connection: (a, ids) => sql`select 'provider_connection' as type, id::text as id, name as name from provider_connections where account_id = ${a} and id = any(${ids})`,
  signup_form: (a, ids) => sql`select 'signup_form' as type, id::text as id, title as name from signup_forms where account_id = ${a} and id = any(${ids})`,
  // A change of owner (platform table): the id comes from this account's own log.
  transfer: (_a, ids) => sql`select 'transfer' as type, id::text as id, acquirer as name from business_transfers where id = any(${ids})`,
  account: (a, ids) => sql`select 'account' as type, id::text as id, name as name from accounts where id = ${a} and id = any(${ids})`,
};

export const NAMED_TARGET_TYPES = Object.keys(NAMERS);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `type:id` → name for the targets of one page of the account's log. */
export async function targetNames(db: Db, accountId: string, targets: Array<{ type: string; id: string }>): Promise<Map<string, string>> {
  const byType = new Map<string, Set<string>>();
  for (const t of targets) {
    if (!NAMERS[t.type] || !UUID.test(t.id)) continue;
    let set = byType.get(t.type);
    if (!set) byType.set(t.type, (set = new Set()));
    set.add(t.id);
  }
  const parts = [...byType].map(([type, ids]) => NAMERS[type](accountId, sql`${sql.param([...ids])}::uuid[]`));
  if (!parts.length) return new Map();
  const result = (await db.execute(sql.join(parts, sql` union all `))) as unknown as { rows: Array<{ type: string; id: string; name: string | null }> };
  return new Map(result.rows.filter((r) => r.name !== null).map((r) => [`${r.type}:${r.id}`, r.name!]));
}
