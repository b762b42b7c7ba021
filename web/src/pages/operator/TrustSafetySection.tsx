import { Alert, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, get } from '../../api';
import { EnforcementForm } from '../../components/EnforcementForm';
import { SignalsTable } from '../../components/SignalsTable';
import { opts } from '../../operator';
import { STATE_COLORS, type AccountTrustSafety } from '../../trust-safety';

/** The operator account page's trust & safety part: state, sending holds, latest signals, past actions, and the enforcement form. */
export function TrustSafetySection({ accountId }: { accountId: string }) {
  const q = useQuery({ queryKey: ['operator-trust-safety', accountId], queryFn: () => get<AccountTrustSafety>(`/v1/operator/accounts/${accountId}/trust-safety`, opts()) });
  if (q.isPending) return <Loader size="sm" aria-label="Loading trust and safety" />;
  if (q.isError) return <Alert color="red">{errorMessage(q.error)}</Alert>;
  const d = q.data;
  const latest = d.reviews[0];
  return (
    <Card withBorder data-testid="trust-safety-section">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Trust &amp; safety</Title>
        <Group gap="xs">
          <Badge color={STATE_COLORS[d.state] ?? 'gray'} data-testid="enforcement-state">{d.state}</Badge>
          {d.throttleMps !== null && <Badge variant="light" color="orange">{d.throttleMps} msg/s</Badge>}
          {d.sendingHeld && <Badge variant="light" color="red">sending held</Badge>}
        </Group>
      </Group>
      <Stack gap="md">
        {d.holds.length > 0 && (
          <Text size="sm">Holds: {d.holds.map((h) => `${h.kind} since ${new Date(h.placedAt).toLocaleString()} (${h.reason})`).join('; ')}</Text>
        )}
        {latest && (
          <div>
            <Text size="sm" fw={500} mb={4}>Latest review ({latest.status})</Text>
            <SignalsTable signals={latest.signals} />
          </div>
        )}
        {d.actions.length > 0 && (
          <Table>
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Action</Table.Th><Table.Th>Reason</Table.Th><Table.Th>By</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {d.actions.map((a) => (
                <Table.Tr key={a.id}><Table.Td>{new Date(a.createdAt).toLocaleString()}</Table.Td><Table.Td>{a.action}{a.throttleMps !== null ? ` (${a.throttleMps}/s)` : ''}</Table.Td><Table.Td>{a.reason}</Table.Td><Table.Td>{a.operator ?? 'token'}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <EnforcementForm accountId={accountId} />
      </Stack>
    </Card>
  );
}
