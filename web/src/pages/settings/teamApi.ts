import { useQuery } from '@tanstack/react-query';
import { getAll } from '../../api';
import type { Invitation, Member } from '../../types';

export const MEMBERS_KEY = ['members'] as const;
export const INVITATIONS_KEY = ['invitations'] as const;

export const useMembers = () =>
  useQuery({ queryKey: MEMBERS_KEY, queryFn: () => getAll<Member>('/v1/members') });

export const useInvitations = () =>
  useQuery({ queryKey: INVITATIONS_KEY, queryFn: () => getAll<Invitation>('/v1/invitations') });

export const ASSIGNABLE_ROLES = [
  { value: 'admin', label: 'Admin' },
  { value: 'agent', label: 'Agent' },
  { value: 'viewer', label: 'Viewer' },
];

export const ROLE_HELP: Record<string, string> = {
  admin: 'Manages the team, business details and API keys',
  agent: 'Handles conversations and contacts',
  viewer: 'Read-only access',
};
