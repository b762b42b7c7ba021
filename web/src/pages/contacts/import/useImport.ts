import { useQuery } from '@tanstack/react-query';
import { get } from '../../../api';
import type { ImportJob } from '../contactTypes';
import { importActive, IMPORTS_KEY } from '../contactsApi';

/** One import, polled every 500 ms while it is queued or running. */
export const useImport = (id: string | null) =>
  useQuery({
    queryKey: [...IMPORTS_KEY, id],
    enabled: id !== null,
    queryFn: () => get<ImportJob>(`/v1/imports/${encodeURIComponent(id ?? '')}`),
    refetchInterval: (q) => (q.state.data && !importActive(q.state.data.status) ? false : 500),
  });

export const errorsCsvPath = (id: string) => `/v1/imports/${encodeURIComponent(id)}/errors.csv`;
export const hasErrorReport = (i: ImportJob) => !importActive(i.status) && i.failed + i.skipped > 0;
