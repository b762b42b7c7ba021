import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get } from '../../api';
import type { components } from '../../api-types.gen';
import type { Page } from '../../types';

type S = components['schemas'];
export type PartnerGrant = S['PartnerGrant'];
export type PartnerOrg = S['Partner'];
export type PartnerClients = S['PartnerClients'];
export type ServedClient = S['ServedClient'];
export type PartnerAssignment = S['PartnerAssignment'];
export type PartnerQueueItem = S['PartnerQueueItem'];

export const GRANTS_KEY = ['partner-grants'] as const;
export const PARTNER_CLIENTS_KEY = ['partner-clients'] as const;
export const ASSIGNMENTS_KEY = ['partner-assignments'] as const;

export const PERMISSIONS = [
  { value: 'reply', label: 'Reply to customers' },
  { value: 'notes', label: 'Add internal notes' },
  { value: 'assign', label: 'Assign conversations' },
  { value: 'close', label: 'Close and reopen' },
];
export const MASKABLE = [
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone (last 2 digits shown)' },
  { value: 'name', label: 'Name' },
  { value: 'fields', label: 'Custom fields' },
  { value: 'notes', label: 'Contact notes' },
  { value: 'tags', label: 'Tags' },
];
export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const STATE_LABELS: Record<string, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  revoked: { label: 'Revoked', color: 'gray' },
  expired: { label: 'Expired', color: 'orange' },
  outside_hours: { label: 'Outside hours', color: 'yellow' },
};

export const useGrants = (enabled = true) => useQuery({ queryKey: GRANTS_KEY, queryFn: () => get<Page<PartnerGrant>>('/v1/partner-grants'), enabled });
export const usePartnerDirectory = () => useQuery({ queryKey: ['partners'], queryFn: () => get<Page<PartnerOrg>>('/v1/partners'), staleTime: 60_000 });
/** The clients the signed-in partner person serves (only asked for people of a partner organisation). */
export const usePartnerClients = (enabled: boolean) =>
  useQuery({ queryKey: PARTNER_CLIENTS_KEY, queryFn: () => get<PartnerClients>('/v1/partner/clients'), enabled });
export const useAssignments = (enabled = true) =>
  useQuery({ queryKey: ASSIGNMENTS_KEY, queryFn: () => get<Page<PartnerAssignment>>('/v1/partner/assignments'), enabled });
export const QUEUE_KEY = ['partner-queue'] as const;
/** The combined queue; live through useQueueStream (the slow poll only backs up a stream that is down). */
export const useQueue = (state: string, live: boolean) =>
  useQuery({ queryKey: [...QUEUE_KEY, state], queryFn: () => get<Page<PartnerQueueItem>>(`/v1/partner/queue?state=${state}`), refetchInterval: live ? 60_000 : 5000 });

/** How long a burst of queue events is gathered into one refetch. */
const BATCH_MS = 80;

/**
 * Follows GET /v1/partner/queue/stream while the desk is open: a change to a conversation of a
 * served client (inside its grant) refetches the queue within a second; a change of the clients
 * one may work (a grant revoked or expired) refetches the clients too. True while connected.
 */
export function useQueueStream(): boolean {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/v1/partner/queue/stream');
    let timer: ReturnType<typeof setTimeout> | null = null;
    let clients = false;
    const flush = () => {
      timer = null;
      void qc.invalidateQueries({ queryKey: QUEUE_KEY });
      if (clients) void qc.invalidateQueries({ queryKey: PARTNER_CLIENTS_KEY });
      clients = false;
    };
    const schedule = () => { timer ??= setTimeout(flush, BATCH_MS); };
    source.addEventListener('queue.changed', schedule);
    source.addEventListener('clients.changed', () => { clients = true; schedule(); });
    source.onopen = () => { setLive(true); schedule(); }; // (re)connected: what was missed meanwhile is refetched
    source.onerror = () => setLive(false);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [qc]);
  return live;
}
