import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import type { z } from 'zod';
import type { DeletionOut } from '../../../../src/modules/privacy/account-deletion.schema.js';

/** GET /v1/account/deletion's answer (the server's zod schema, shared). */
export type AccountDeletion = z.infer<typeof DeletionOut>;
export const ACCOUNT_DELETION_KEY = ['account-deletion'] as const;

/** GET /v1/account/deletion: whether the account is scheduled for deletion, and when. */
export const useAccountDeletion = () =>
  useQuery({ queryKey: ACCOUNT_DELETION_KEY, queryFn: () => get<AccountDeletion>('/v1/account/deletion'), staleTime: 60_000 });

export const deletionDate = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' }) : '';
