import type { Db } from '../../db/client.js';
import { fromPublicId } from '../../lib/ids.js';
import { normaliseTags } from '../contacts/contacts.service.js';
import { listFields } from '../contacts/fields.service.js';
import { segmentFilter } from '../contacts/selection.service.js';
import type { CampaignAudience } from '../../db/schema/index.js';
import type { ResolvedAudience } from './audience.js';

const rowIds = (kind: 'contact' | 'import', ids: string[] | undefined) =>
  (ids ?? []).map((i) => fromPublicId(kind, i)).filter((i): i is string => !!i);

/**
 * Loads the audience's segments (404 for a segment that is not this account's, 422 for one whose
 * conditions no longer parse) and turns public ids into row ids; ids of other accounts match nothing.
 */
export async function resolveAudience(db: Db, accountId: string, a: CampaignAudience): Promise<ResolvedAudience> {
  const segments = await Promise.all((a.segmentIds ?? []).map((id) => segmentFilter(db, accountId, id)));
  const excluded = await Promise.all((a.exclude?.segmentIds ?? []).map((id) => segmentFilter(db, accountId, id)));
  return {
    segments,
    tags: normaliseTags(a.tags ?? []),
    contactIds: rowIds('contact', a.contactIds),
    importIds: rowIds('import', a.importIds),
    exclude: { segments: excluded, tags: normaliseTags(a.exclude?.tags ?? []), contactedWithinDays: a.exclude?.contactedWithinDays ?? null },
  };
}

export async function listFieldKeys(db: Db, accountId: string): Promise<string[]> {
  return (await listFields(db, accountId)).map((f) => f.key);
}
