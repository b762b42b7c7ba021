import type { Db } from '../../db/client.js';
import * as repo from './retention.repo.js';

/**
 * Retention hook of campaigns: which of these media (the business's uploads) a campaign that may still send
 * lists — its texts are written at fan-out, so the retention job keeps them. A finished campaign's texts list them themselves.
 */
export function mediaListedByCampaigns(db: Db, accountId: string, mediaIds: string[]): Promise<string[]> {
  return repo.mediaListed(db, accountId, mediaIds);
}
