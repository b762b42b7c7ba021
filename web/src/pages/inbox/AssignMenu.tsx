import { Button, Group, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { canSendMessages, useSession } from '../../auth';
import { AGENTS_KEY, AVAILABILITY, assignConversation, useAgents, useTeams } from './assignmentApi';
import { CONVERSATIONS_KEY, conversationKey } from './inboxApi';
import { useInboxShortcut } from './shortcuts';

interface Ref { id: string; name: string }
/** What the menu needs of a conversation (the list and detail responses carry these). */
export interface Assignable { id: string; assignee?: Ref | null; team?: Ref | null }

const dot = (color: string) => <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${color}-6)` }} />;

/**
 * The conversation header's "Assign" menu (key "a"): to me, to an agent (with their
 * availability and load), to a team (its next agent when it assigns automatically), or to
 * nobody. Viewers see who it is assigned to and cannot change it.
 */
export function AssignMenu({ conversation: c }: { conversation: Assignable }) {
  const qc = useQueryClient();
  const { user } = useSession();
  const canAssign = canSendMessages(user.role);
  const [opened, setOpened] = useState(false);
  const agents = useAgents(canAssign && opened);
  const teams = useTeams();
  useInboxShortcut('a', () => setOpened(true), { description: 'Assign the conversation', group: 'Conversation', enabled: canAssign });

  const assign = useMutation({
    mutationFn: (body: { userId?: string | null; teamId?: string | null }) => assignConversation<Assignable>(c.id, body),
    onSuccess: (u) => {
      qc.setQueryData(conversationKey(c.id), (old: object | undefined) => ({ ...(old ?? {}), ...u }));
      void qc.invalidateQueries({ queryKey: [...CONVERSATIONS_KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: AGENTS_KEY });
      notifications.show({ message: u.assignee ? `Assigned to ${u.assignee.id === user.id ? 'you' : u.assignee.name}` : u.team ? `Assigned to ${u.team.name}` : 'Unassigned' });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  const label = c.assignee ? (c.assignee.id === user.id ? 'You' : c.assignee.name) : 'Unassigned';
  const teamLabel = c.team ? ` · ${c.team.name}` : '';
  if (!canAssign) {
    return (
      <Text size="xs" c="dimmed" data-testid="assignee">
        {label}
        {teamLabel}
      </Text>
    );
  }
  const others = (agents.data?.data ?? []).filter((a) => a.userId !== user.id);
  // An agent of the conversation's team keeps it in the team; anyone else takes it out.
  const currentTeam = c.team ? teams.data?.data.find((t) => t.id === c.team!.id) : undefined;
  const toAgent = (userId: string) => ({ userId, teamId: currentTeam?.members.some((m) => m.id === userId) ? currentTeam.id : null });
  return (
    <Menu opened={opened} onChange={setOpened} position="bottom-end" withinPortal shadow="md" width={260}>
      <Menu.Target>
        <Button size="xs" variant="default" loading={assign.isPending} data-testid="assign-button" aria-label={`Assigned: ${label}${teamLabel}. Change (a)`} style={{ flexShrink: 0, maxWidth: 220 }}>
          <Text span size="xs" truncate data-testid="assignee">
            {label}
            {teamLabel}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="assign-menu">
        {c.assignee?.id !== user.id && (
          <Menu.Item onClick={() => assign.mutate(toAgent(user.id))} data-testid="assign-me">
            Assign to me
          </Menu.Item>
        )}
        <Menu.Label>Agents</Menu.Label>
        {agents.isPending && <Menu.Item disabled>Loading…</Menu.Item>}
        {others.map((a) => (
          <Menu.Item
            key={a.userId}
            leftSection={dot(AVAILABILITY[a.availability].color)}
            rightSection={<Text size="xs" c="dimmed">{a.capacity === null ? a.openCount : `${a.openCount}/${a.capacity}`}</Text>}
            onClick={() => assign.mutate(toAgent(a.userId))}
            data-testid={`assign-to-${a.userId}`}
            aria-label={`${a.name} (${AVAILABILITY[a.availability].label})`}
          >
            {a.name}
          </Menu.Item>
        ))}
        {(teams.data?.data.length ?? 0) > 0 && <Menu.Label>Teams</Menu.Label>}
        {teams.data?.data.map((t) => (
          <Menu.Item key={t.id} onClick={() => assign.mutate({ teamId: t.id })} data-testid={`assign-team-${t.id}`}>
            <Group gap={6} wrap="nowrap">
              {t.name}
              {t.autoAssign && <Text span size="xs" c="dimmed">round-robin</Text>}
            </Group>
          </Menu.Item>
        ))}
        {(c.assignee || c.team) && (
          <>
            <Menu.Divider />
            <Menu.Item color="red" onClick={() => assign.mutate({})} data-testid="unassign">
              Unassign
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
