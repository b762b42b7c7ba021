import { ActionIcon, Alert, Button, Checkbox, Group, Loader, MultiSelect, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, patch, post } from '../../api';
import { canManageTeam, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { TEAMS_KEY, useAgents, useTeams, type Team } from '../inbox/assignmentApi';
import { AssignmentSection } from './AssignmentSection';

type TeamBody = { name?: string; autoAssign?: boolean; memberIds?: string[] };

function useAgentOptions() {
  const agents = useAgents();
  return (agents.data?.data ?? []).map((a) => ({ value: a.userId, label: a.name }));
}

function CreateTeamForm() {
  const qc = useQueryClient();
  const options = useAgentOptions();
  const [name, setName] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [autoAssign, setAutoAssign] = useState(false);
  const create = useMutation({
    mutationFn: () => post<Team>('/v1/teams', { name, memberIds, autoAssign }),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: TEAMS_KEY });
      setName('');
      setMemberIds([]);
      setAutoAssign(false);
      notifications.show({ color: 'green', message: `Team ${t.name} created` });
    },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label="New team" placeholder="Billing" value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={80} error={create.error && (create.error as { field?: string }).field === 'name' ? errorMessage(create.error) : undefined} data-testid="team-name" />
          <MultiSelect label="Members" data={options} value={memberIds} onChange={setMemberIds} searchable placeholder="Agents" miw={220} data-testid="team-members" />
        </Group>
        <Checkbox label="Assign its conversations to its members in turn (round-robin)" checked={autoAssign} onChange={(e) => setAutoAssign(e.currentTarget.checked)} />
        {create.isError && (create.error as { field?: string }).field !== 'name' && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <Group>
          <Button type="submit" size="xs" loading={create.isPending} disabled={!name.trim()} data-testid="create-team">
            Create team
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TeamRow({ team, manager, onDelete }: { team: Team; manager: boolean; onDelete: () => void }) {
  const qc = useQueryClient();
  const options = useAgentOptions();
  const update = useMutation({
    mutationFn: (body: TeamBody) => patch<Team>(`/v1/teams/${encodeURIComponent(team.id)}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: TEAMS_KEY }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Table.Tr data-testid={`team-${team.id}`}>
      <Table.Td>
        <Text size="sm" fw={500}>{team.name}</Text>
      </Table.Td>
      <Table.Td>
        {manager ? (
          <MultiSelect size="xs" data={options} value={team.members.map((m) => m.id)} onChange={(memberIds) => update.mutate({ memberIds })} searchable aria-label={`Members of ${team.name}`} miw={200} />
        ) : (
          <Text size="sm">{team.members.map((m) => m.name).join(', ') || '—'}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Switch checked={team.autoAssign} disabled={!manager} onChange={(e) => update.mutate({ autoAssign: e.currentTarget.checked })} aria-label={`Round-robin in ${team.name}`} />
      </Table.Td>
      {manager && (
        <Table.Td>
          <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={`Delete ${team.name}`}>
            ✕
          </ActionIcon>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** Settings → Teams: teams and their members, automatic assignment, agents' availability and capacity, reassignment. */
export function TeamsTab() {
  const { user } = useSession();
  const manager = canManageTeam(user.role);
  const qc = useQueryClient();
  const teams = useTeams();
  const [deleting, setDeleting] = useState<Team | null>(null);
  const remove = useMutation({
    mutationFn: (t: Team) => del(`/v1/teams/${encodeURIComponent(t.id)}`),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: TEAMS_KEY });
    },
  });
  return (
    <Stack gap="xl" maw={960}>
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <div>
            <Title order={4}>Teams</Title>
            <Text size="sm" c="dimmed">Conversations can be assigned to a team; a team with round-robin gives them to its available members in turn.</Text>
          </div>
          {teams.isPending && <Loader size="sm" />}
          {teams.isError && <Alert color="red">{errorMessage(teams.error)}</Alert>}
          {teams.data && teams.data.data.length === 0 && <Text size="sm" c="dimmed">No teams yet.</Text>}
          {teams.data && teams.data.data.length > 0 && (
            <Table.ScrollContainer minWidth={520}>
              <Table data-testid="teams-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Team</Table.Th>
                    <Table.Th>Members</Table.Th>
                    <Table.Th>Round-robin</Table.Th>
                    {manager && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {teams.data.data.map((t) => <TeamRow key={t.id} team={t} manager={manager} onDelete={() => setDeleting(t)} />)}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {manager && <CreateTeamForm />}
        </Stack>
      </Paper>
      <AssignmentSection />
      <ConfirmModal
        opened={!!deleting}
        title={`Delete ${deleting?.name ?? 'team'}?`}
        onClose={() => { setDeleting(null); remove.reset(); }}
        onConfirm={() => deleting && remove.mutate(deleting)}
        loading={remove.isPending}
        error={remove.error}
        confirmLabel="Delete team"
      >
        Its conversations keep their assignee and leave the team.
      </ConfirmModal>
    </Stack>
  );
}
