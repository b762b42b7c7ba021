import { z } from 'zod';

export const ExportScope = z.enum(['account', 'me']);
export const CreateExportBody = z.object({
  scope: ExportScope.meta({ description: '`account`: everything the account holds (owner only); `me`: your own personal data in this account' }),
}).strict();

export const ExportOut = z.object({
  id: z.string(),
  scope: ExportScope,
  status: z.enum(['queued', 'running', 'completed', 'failed', 'expired']),
  progress: z.number().int().min(0).max(100).meta({ description: 'Percent of the rows written so far' }),
  size: z.number().int().nullable().meta({ description: 'Bytes of the ZIP once completed' }),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable().meta({ description: 'When the download link and the file go away' }),
  downloadUrl: z.string().nullable().meta({ description: 'While completed and not expired: the ZIP, for its requester signed in to this account' }),
}).meta({ id: 'DataExport' });

/** A missing or wrong token is the same 404 as an unknown export. */
export const DownloadQuery = z.object({ token: z.string().max(200).optional() });
