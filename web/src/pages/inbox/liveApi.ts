import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { get, post } from '../../api';
import { conversationPath } from './inboxApi';
import type { ConversationStatus } from './inboxTypes';

/** The inbox's live layer on the client: counts, read marks, presence (server: src/modules/conversations/inbox-live.*). */

export interface ConversationCounts {
  open: number;
  pending: number;
  snoozed: number;
  closed: number;
  unread: number;
  needsReply: number;
  mine: number;
  unassigned: number;
}

/** The list's view: whose conversations. */
export type InboxView = 'mine' | 'unassigned' | 'teams' | 'all';

/** Everything the list is narrowed by (besides the state tab). */
export interface ListFilters {
  view: InboxView;
  search: string;
  label: string | null;
  numberId: string | null;
  assignee: string | null;
  since: string | null;
  until: string | null;
  unreadOnly: boolean;
}

export const EMPTY_FILTERS: ListFilters = { view: 'all', search: '', label: null, numberId: null, assignee: null, since: null, until: null, unreadOnly: false };

/** Query parameters of the list and counts for the filters (without the state). */
export function filterParams(f: ListFilters): Record<string, string> {
  const p: Record<string, string> = {};
  if (f.view === 'mine') p.assignee = 'me';
  else if (f.view === 'unassigned') p.assignee = 'none';
  else if (f.view === 'teams') p.team = 'mine';
  if (f.assignee && f.view === 'all') p.assignee = f.assignee;
  if (f.search.trim()) p.search = f.search.trim();
  if (f.label) p.label = f.label;
  if (f.numberId) p.numberId = f.numberId;
  // Dates are days in the agent's zone: since the start of one, until the end of the other.
  if (f.since) p.since = new Date(`${f.since}T00:00:00`).toISOString();
  if (f.until) p.until = new Date(new Date(`${f.until}T00:00:00`).getTime() + 86_400_000).toISOString();
  if (f.unreadOnly) p.unread = 'true';
  return p;
}

export const activeFilterCount = (f: ListFilters) => [f.label, f.numberId, f.assignee, f.since, f.until, f.unreadOnly || null].filter(Boolean).length;

export const COUNTS_KEY = ['conversations', 'counts'] as const;
export const countsKey = (params: Record<string, string>) => [...COUNTS_KEY, params] as const;
export const listKey = (state: ConversationStatus, params: Record<string, string>) => ['conversations', 'list', state, params] as const;

/** Counts per state and the navigation's unread / needs-reply / mine / unassigned (the stream keeps them fresh). */
export const useCounts = (params: Record<string, string> = {}) =>
  useQuery({
    queryKey: countsKey(params),
    queryFn: () => get<ConversationCounts>(`/v1/conversations/counts?${new URLSearchParams(params)}`),
    staleTime: 5_000,
    refetchInterval: 60_000,
  });

export const markRead = (id: string, unread = false) => post<{ id: string; unread: boolean }>(`${conversationPath(id)}/read`, unread ? { unread: true } : {});

export type PresenceState = 'viewing' | 'typing';
export interface Presence { conversationId: string; userId: string; name: string; state: PresenceState }

export const sendPresence = (id: string, state: PresenceState | 'left') => post<{ data: Presence[] }>(`${conversationPath(id)}/presence`, { state });

// Presence of the whole account, as the account stream last reported it.
let presence: readonly Presence[] | null = null;
const presenceListeners = new Set<() => void>();
/** null: the stream has not reported yet (or is closed). */
export function setPresence(people: readonly Presence[] | null) {
  presence = people;
  for (const l of presenceListeners) l();
}
/** Who is viewing or typing in a conversation (from the account stream); null until the stream reported. */
export function usePresence(conversationId: string): Presence[] | null {
  const all = useSyncExternalStore(
    (l) => {
      presenceListeners.add(l);
      return () => presenceListeners.delete(l);
    },
    () => presence,
  );
  return all ? all.filter((p) => p.conversationId === conversationId) : null;
}
