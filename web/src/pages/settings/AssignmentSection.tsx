import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage, patch } from '../../api';
import { canManageTeam, useSession } from '../../auth';
import { ROLE_LABELS } from '../../types';
import {
  AGENTS_KEY, AVAILABILITY, INBOX_SETTINGS_KEY, MY_AVAILABILITY_KEY, setMyAvailability, updateAgent, useAgents, useInboxSettings, type Agent, type Availability, type InboxSettings,
} from '../inbox/assignmentApi';

/** Automatic assignment (round-robin) and reassignment after N minutes without an answer. */
function SettingsForm() {
  const { user } = useSession();
  const manager = canManageTeam(user.role);
  const qc = useQueryClient();
  const settings = useInboxSettings();
  const [auto, setAuto] = useState(false);
  const [reassign, setReassign] = useState<number | null>(null);
  useEffect(() => {
    if (settings.data) {
      setAuto(settings.data.autoAssign);
      setReassign(settings.data.reassignAfterMinutes);
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: InboxSettings) => patch<InboxSettings>('/v1/inbox/settings', body),
    onSuccess: (s) => {
      qc.setQueryData(INBOX_SETTINGS_KEY, s);
      notifications.show({ color: 'green', message: 'Assignment settings saved' });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (settings.isPending) return <Loader size="sm" />;
  if (settings.isError) return <Alert color="red">{errorMessage(settings.error)}</Alert>;
  return (
    <Stack gap="sm">
      <Switch
        label="Assign new conversations automatically"
        description="A customer's first text goes to the next online agent under their capacity, least recently assigned first."
        checked={auto}
        disabled={!manager}
        onChange={(e) => setAuto(e.currentTarget.checked)}
        data-testid="auto-assign-switch"
      />
      <Switch
        label="Reassign when the assignee does not answer"
        checked={reassign !== null}
        disabled={!manager}
        onChange={(e) => setReassign(e.currentTarget.checked ? (settings.data.reassignAfterMinutes ?? 15) : null)}
        data-testid="reassign-switch"
      />
      {reassign !== null && (
        <NumberInput
          label="Minutes without an answer"
          description="The conversation goes to another available agent (never back to the same one)."
          min={1}
          max={10080}
          maw={240}
          value={reassign}
          disabled={!manager}
          onChange={(v) => setReassign(typeof v === 'number' ? v : 1)}
          data-testid="reassign-minutes"
        />
      )}
      {manager && (
        <Group>
          <Button size="xs" onClick={() => save.mutate({ autoAssign: auto, reassignAfterMinutes: reassign })} loading={save.isPending} data-testid="save-assignment">
            Save
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function CapacityInput({ agent, disabled, onSave }: { agent: Agent; disabled: boolean; onSave: (capacity: number | null) => void }) {
  const [value, setValue] = useState<string | number>(agent.capacity ?? '');
  useEffect(() => setValue(agent.capacity ?? ''), [agent.capacity]);
  const commit = () => {
    const next = value === '' ? null : Number(value);
    if (next !== agent.capacity) onSave(next);
  };
  return (
    <NumberInput
      size="xs"
      w={110}
      min={0}
      max={1000}
      placeholder="No limit"
      value={value}
      disabled={disabled}
      onChange={setValue}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-label={`Capacity of ${agent.name}`}
    />
  );
}

/** Agents: availability, capacity (the most open conversations round-robin gives them) and their load now. */
function AgentsTable() {
  const { user } = useSession();
  const manager = canManageTeam(user.role);
  const qc = useQueryClient();
  const agents = useAgents();
  const update = useMutation({
    // An agent sets their own availability; admins set anyone's, and capacities.
    mutationFn: ({ id, body }: { id: string; body: { availability?: Availability; capacity?: number | null } }) =>
      !manager && id === user.id && body.availability ? setMyAvailability(body.availability) : updateAgent(id, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: AGENTS_KEY });
      void qc.invalidateQueries({ queryKey: MY_AVAILABILITY_KEY });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (agents.isPending) return <Loader size="sm" />;
  if (agents.isError) return <Alert color="red">{errorMessage(agents.error)}</Alert>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table data-testid="agents-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Agent</Table.Th>
            <Table.Th>Availability</Table.Th>
            <Table.Th>Capacity</Table.Th>
            <Table.Th>Open assigned</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.data.data.map((a) => (
            <Table.Tr key={a.userId} data-testid={`agent-${a.userId}`}>
              <Table.Td>
                <Text size="sm">{a.name}</Text>
                <Badge size="xs" variant="light" color="gray">{ROLE_LABELS[a.role] ?? a.role}</Badge>
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  w={120}
                  data={(Object.keys(AVAILABILITY) as Availability[]).map((v) => ({ value: v, label: AVAILABILITY[v].label }))}
                  value={a.availability}
                  disabled={!manager && a.userId !== user.id}
                  allowDeselect={false}
                  onChange={(v) => v && update.mutate({ id: a.userId, body: { availability: v as Availability } })}
                  aria-label={`Availability of ${a.name}`}
                />
              </Table.Td>
              <Table.Td>
                <CapacityInput agent={a} disabled={!manager} onSave={(capacity) => update.mutate({ id: a.userId, body: { capacity } })} />
              </Table.Td>
              <Table.Td>{a.openCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function AssignmentSection() {
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="lg">
        <div>
          <Title order={4}>Assignment</Title>
          <Text size="sm" c="dimmed">Who gets new conversations: only online agents under their capacity. Each agent sets their own availability in the header.</Text>
        </div>
        <SettingsForm />
        <AgentsTable />
      </Stack>
    </Paper>
  );
}
