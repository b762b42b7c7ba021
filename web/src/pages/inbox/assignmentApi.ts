import { useQuery } from '@tanstack/react-query';
import { api, get, patch } from '../../api';
import type { components } from '../../api-types.gen';
import type { Page } from '../../types';

/** Teams, agents (availability, capacity, load) and the inbox's assignment settings (server: src/modules/conversations/assignment.routes.ts). */
type S = components['schemas'];
export type Team = S['Team'];
export type Agent = S['Agent'];
export type InboxSettings = S['InboxSettings'];
export type Availability = Agent['availability'];

export const TEAMS_KEY = ['teams'] as const;
export const AGENTS_KEY = ['agents'] as const;
export const INBOX_SETTINGS_KEY = ['inbox-settings'] as const;
export const MY_AVAILABILITY_KEY = ['me', 'availability'] as const;

export const useTeams = () => useQuery({ queryKey: TEAMS_KEY, queryFn: () => get<Page<Team>>('/v1/teams'), staleTime: 30_000 });
export const useAgents = (enabled = true) => useQuery({ queryKey: AGENTS_KEY, queryFn: () => get<Page<Agent>>('/v1/agents'), staleTime: 10_000, enabled });
export const useInboxSettings = () => useQuery({ queryKey: INBOX_SETTINGS_KEY, queryFn: () => get<InboxSettings>('/v1/inbox/settings') });
export const useMyAvailability = (enabled: boolean) =>
  useQuery({ queryKey: MY_AVAILABILITY_KEY, queryFn: () => get<Agent>('/v1/me/availability'), enabled, staleTime: 60_000 });

export const setMyAvailability = (availability: Availability) => api<Agent>('/v1/me/availability', { method: 'PUT', body: { availability } });
export const assignConversation = <T>(conversationId: string, body: { userId?: string | null; teamId?: string | null }) =>
  api<T>(`/v1/conversations/${encodeURIComponent(conversationId)}/assign`, { method: 'POST', body });
export const updateAgent = (userId: string, body: { availability?: Availability; capacity?: number | null }) => patch<Agent>(`/v1/agents/${encodeURIComponent(userId)}`, body);

export const AVAILABILITY: Record<Availability, { label: string; color: string; help: string }> = {
  online: { label: 'Online', color: 'green', help: 'New conversations are assigned to you automatically' },
  away: { label: 'Away', color: 'yellow', help: 'No new conversations are assigned to you' },
  offline: { label: 'Offline', color: 'gray', help: 'No new conversations are assigned to you' },
};
