import { Alert, Anchor, Badge, Button, Card, Code, Group, Loader, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage, get, post } from '../../api';
import { opts, type ConsoleAccountDetail, type OperatorNote } from '../../operator';
import { STATUS_COLORS } from './OperatorAccountsPage';
import { TrustSafetySection } from './TrustSafetySection';
import { OperatorBillingCard } from './OperatorBillingCard';

function Notes({ accountId, notes }: { accountId: string; notes: OperatorNote[] }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => post<OperatorNote>(`/v1/operator/accounts/${accountId}/notes`, { body }, opts()),
    onSuccess: () => {
      setBody('');
      void qc.invalidateQueries({ queryKey: ['operator-account', accountId] });
    },
  });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">Notes</Title>
      <Stack gap="xs" data-testid="operator-notes">
        {notes.length === 0 && <Text c="dimmed" size="sm">No notes yet.</Text>}
        {notes.map((n) => (
          <div key={n.id}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text>
            <Text size="xs" c="dimmed">{n.operator.name} · {new Date(n.createdAt).toLocaleString()}</Text>
          </div>
        ))}
        <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
          <Stack gap="xs">
            {add.isError && <Alert color="red">{errorMessage(add.error)}</Alert>}
            <Textarea label="Add a note" description="Seen by operators only" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} />
            <Group><Button type="submit" size="xs" loading={add.isPending} disabled={!body.trim()}>Add note</Button></Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

/** One customer account as operators see it; sections other console parts add are listed at the end. */
export function OperatorAccountPage() {
  const { id = '' } = useParams();
  const detail = useQuery({ queryKey: ['operator-account', id], queryFn: () => get<ConsoleAccountDetail>(`/v1/operator/accounts/${id}`, opts()) });
  if (detail.isPending) return <Loader aria-label="Loading the account" />;
  if (detail.isError) return <Alert color="red">{errorMessage(detail.error)}</Alert>;
  const d = detail.data;
  return (
    <Stack>
      <Anchor component={Link} to="/operator/accounts" size="sm">← Accounts</Anchor>
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2} data-testid="page-title">{d.account.name}</Title>
          <Text c="dimmed" size="sm">{d.account.legalName ?? ''} · {d.account.id} · since {new Date(d.account.createdAt).toLocaleDateString()}</Text>
        </Stack>
        <Badge size="lg" color={STATUS_COLORS[d.account.status] ?? 'gray'} data-testid="account-status">{d.account.status}</Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder><Text size="xs" c="dimmed">Sent, last {d.usage.days} days</Text><Text fw={700} size="xl" data-testid="usage-outbound">{d.usage.messages.outbound}</Text></Card>
        <Card withBorder><Text size="xs" c="dimmed">Received</Text><Text fw={700} size="xl">{d.usage.messages.inbound}</Text></Card>
        <Card withBorder><Text size="xs" c="dimmed">Failed or undelivered</Text><Text fw={700} size="xl">{d.usage.messages.failed}</Text></Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">Members</Title>
          <Table data-testid="operator-members">
            <Table.Tbody>
              {d.members.map((m) => (
                <Table.Tr key={m.id}><Table.Td>{m.name}</Table.Td><Table.Td>{m.email}</Table.Td><Table.Td><Badge variant="light">{m.role}</Badge></Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Numbers</Title>
          {d.numbers.length === 0 ? <Text c="dimmed" size="sm">No numbers.</Text> : (
            <Table><Table.Tbody>{d.numbers.map((n) => (<Table.Tr key={n.id}><Table.Td>{n.phoneNumber}</Table.Td><Table.Td>{n.type}</Table.Td><Table.Td>{n.provider}</Table.Td></Table.Tr>))}</Table.Tbody></Table>
          )}
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Carrier connections</Title>
          {d.connections.length === 0 ? <Text c="dimmed" size="sm">No connections.</Text> : (
            <Table><Table.Tbody>{d.connections.map((c) => (<Table.Tr key={c.id}><Table.Td>{c.name}</Table.Td><Table.Td>{c.kind}</Table.Td><Table.Td><Badge variant="light" color={c.status === 'connected' ? 'green' : 'red'}>{c.status}</Badge></Table.Td></Table.Tr>))}</Table.Tbody></Table>
          )}
        </Card>
        <Notes accountId={d.account.id} notes={d.notes} />
      </SimpleGrid>
      <OperatorBillingCard accountId={d.account.id} />
      <TrustSafetySection accountId={d.account.id} />
      {Object.entries(d.sections).filter(([key]) => key !== 'billing' && key !== 'trustSafety').map(([key, value]) => (
        <Card withBorder key={key} data-testid={`section-${key}`}>
          <Title order={4} mb="sm" tt="capitalize">{key}</Title>
          <Code block>{JSON.stringify(value, null, 2)}</Code>
        </Card>
      ))}
    </Stack>
  );
}
