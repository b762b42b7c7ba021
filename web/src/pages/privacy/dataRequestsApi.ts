import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import type { components } from '../../api-types.gen';

export type DataRequest = components['schemas']['DataRequest'];
export type DataRequestEvent = components['schemas']['DataRequestEvent'];

export const DATA_REQUESTS_KEY = ['data-requests'] as const;

export interface Filters { status: string | null; type: string | null; overdue: boolean }

export function useDataRequests(f: Filters) {
  const q = new URLSearchParams({ limit: '200' });
  if (f.status) q.set('status', f.status);
  if (f.type) q.set('type', f.type);
  if (f.overdue) q.set('overdue', 'true');
  return useQuery({ queryKey: [...DATA_REQUESTS_KEY, f], queryFn: () => get<{ data: DataRequest[]; nextCursor: string | null }>(`/v1/data-requests?${q}`) });
}

export const useDataRequest = (id: string | null) =>
  useQuery({ queryKey: [...DATA_REQUESTS_KEY, 'one', id], queryFn: () => get<DataRequest>(`/v1/data-requests/${encodeURIComponent(id!)}`), enabled: id !== null });

export const usePrivacyPageUrl = () => useQuery({ queryKey: ['data-requests-page'], queryFn: () => get<{ url: string }>('/v1/data-requests/page') });

export const TYPE_LABEL: Record<string, string> = { access: 'Access', correction: 'Correction', deletion: 'Deletion', opt_out: 'Opt-out' };
export const STATUS_LABEL: Record<string, string> = { received: 'Received', verified: 'Verified', in_progress: 'In progress', completed: 'Completed', denied: 'Denied' };
export const STATUS_COLOR: Record<string, string> = { received: 'gray', verified: 'blue', in_progress: 'yellow', completed: 'green', denied: 'red' };
/** Forward-only moves (the server checks them too). */
export const NEXT: Record<string, string[]> = { received: ['verified', 'denied'], verified: ['in_progress', 'completed', 'denied'], in_progress: ['completed', 'denied'], completed: [], denied: [] };
