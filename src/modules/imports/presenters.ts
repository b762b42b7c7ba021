import { toPublicId } from '../../lib/ids.js';
import type { ImportRow } from './imports.service.js';

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';

/** An import for the API (the routes and the data export present it the same way). */
export const presentImport = (i: ImportRow, filename: string) => ({
  id: toPublicId('import', i.id),
  status: i.status as ImportStatus,
  filename,
  total: i.total,
  processed: i.processed,
  inserted: i.inserted,
  updated: i.updated,
  skipped: i.skipped,
  failed: i.failed,
  percent: i.status === 'completed' ? 100 : i.total ? Math.min(100, Math.floor((i.processed / i.total) * 100)) : 0,
  error: i.error,
  createdAt: i.createdAt.toISOString(),
  startedAt: i.startedAt?.toISOString() ?? null,
  finishedAt: i.finishedAt?.toISOString() ?? null,
});
