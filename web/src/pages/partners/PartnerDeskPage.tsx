import { Alert, Badge, Button, Code, Group, Loader, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage, getAll, post } from '../../api';
import { ME_KEY, canManageTeam, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import type { Member } from '../../types';
import { ASSIGNMENTS_KEY, STATE_LABELS, useAssignments, usePartnerClients, useQueue, useQueueStream } from './partnersApi';

/** Partner managers: which agent works which client. */
function Assignments() {
  const qc = useQueryClient();
  const clients = usePartnerClients(true);
  const assignments = useAssignments();
  const members = useQuery({ queryKey: ['members'], queryFn: () => getAll<Member>('/v1/members') });
  const [userId, setUserId] = useState<string | null>(null);
  const [clientId, setClientId] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (v: { userId: string; clientId: string; remove?: boolean }) =>
      v.remove
        ? api(`/v1/partner/assignments?userId=${encodeURIComponent(v.userId)}&clientId=${encodeURIComponent(v.clientId)}`, { method: 'DELETE' })
        : post('/v1/partner/assignments', { userId: v.userId, clientId: v.clientId }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Stack gap="sm">
      <Title order={4}>Clients and agents</Title>
      <Paper withBorder p="md">
        <Group align="flex-end">
          <Select label="Agent" data={(members.data?.data ?? []).map((m) => ({ value: m.id, label: m.name }))} value={userId} onChange={setUserId} data-testid="assign-agent" />
          <Select label="Client" data={(clients.data?.clients ?? []).map((c) => ({ value: c.accountId, label: c.accountName }))} value={clientId} onChange={setClientId} data-testid="assign-client" />
          <Button disabled={!userId || !clientId} loading={change.isPending} onClick={() => userId && clientId && change.mutate({ userId, clientId })} data-testid="assign-save">Assign</Button>
        </Group>
      </Paper>
      {(clients.data?.clients ?? []).map((c) => (
        <Paper withBorder p="md" key={c.accountId} data-testid="served-client">
          <Group justify="space-between">
            <Text fw={600}>{c.accountName}</Text>
            <Badge color={STATE_LABELS[c.state]?.color} variant="light">{STATE_LABELS[c.state]?.label ?? c.state}</Badge>
          </Group>
          <Text size="xs" c="dimmed">May: {c.permissions.length ? c.permissions.join(', ') : 'read only'}</Text>
          <Group gap="xs" mt="xs">
            {(assignments.data?.data ?? []).filter((a) => a.client.id === c.accountId).map((a) => (
              <Badge key={a.user.id} variant="outline" rightSection={<Text span size="xs" style={{ cursor: 'pointer' }} aria-label={`Unassign ${a.user.name}`} onClick={() => change.mutate({ userId: a.user.id, clientId: c.accountId, remove: true })}>×</Text>}>
                {a.user.name}
              </Badge>
            ))}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** Conversations of every client the person works now; opening one switches into that client. */
function Queue() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [state, setState] = useState('open');
  const live = useQueueStream();
  const queue = useQueue(state, live);
  const open = useMutation({
    mutationFn: async (v: { clientId: string; conversationId: string }) => {
      await post('/v1/partner/switch', { accountId: v.clientId });
      return v.conversationId;
    },
    onSuccess: async (id) => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      await qc.invalidateQueries({ queryKey: ME_KEY });
      navigate(`/inbox/${encodeURIComponent(id)}`);
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const rows = queue.data?.data ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>All clients</Title>
        <SegmentedControl size="xs" value={state} onChange={setState} data={['open', 'pending', 'snoozed', 'closed', 'all']} />
      </Group>
      {queue.isPending && <Loader size="sm" aria-label="Loading the queue" />}
      {queue.isError && <Alert color="red">{errorMessage(queue.error)}</Alert>}
      {queue.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">Nothing waiting in the clients you serve.</Text>}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={600}>
            <Table highlightOnHover>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.conversation.id} style={{ cursor: 'pointer' }} data-testid="queue-row" onClick={() => open.mutate({ clientId: r.client.id, conversationId: r.conversation.id })}>
                    <Table.Td><Badge variant="light">{r.client.name}</Badge></Table.Td>
                    <Table.Td fw={500}>{[r.conversation.contact.firstName, r.conversation.contact.lastName].filter(Boolean).join(' ') || r.conversation.contact.phone}</Table.Td>
                    <Table.Td><Text size="sm" lineClamp={1}>{r.conversation.lastMessage?.body ?? ''}</Text></Table.Td>
                    <Table.Td><Text size="xs" c="dimmed">{r.conversation.status}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}

/** The partner organisation's desk: its combined queue, and for its managers the agents ↔ clients assignment. */
const ENDED: Record<string, string> = {
  revoked: "The client revoked your organisation's access.",
  expired: "The client's grant has expired.",
  outside_hours: "The client's grant does not cover this time of the week.",
  not_assigned: 'Your partner manager took you off this client.',
};

export function PartnerDeskPage() {
  const me = useSession();
  const [params] = useSearchParams();
  const ended = params.get('ended');
  if (me.account.kind !== 'partner') {
    return <Alert color="gray" maw={640} title="Partner desk">This page is for the people of an outsourcing partner, in the partner account.</Alert>;
  }
  return (
    <>
      <PageHeader title="Partner desk" description="The conversations of the clients you serve, and who works which client." />
      <Stack gap="xl" maw={1100}>
        {ended && (
          <Alert color="orange" title="Your access to that client ended" data-testid="partner-access-ended">
            {ENDED[ended] ?? 'The client ended your access.'}
          </Alert>
        )}
        {canManageTeam(me.user.role) && (
          <Text size="sm" data-testid="partner-id">
            Your partner ID (give it to a client to be granted access): <Code>{me.account.id}</Code>
          </Text>
        )}
        <Queue />
        {canManageTeam(me.user.role) && <Assignments />}
      </Stack>
    </>
  );
}
