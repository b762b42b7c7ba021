import { Alert, Anchor, Badge, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { formatDate } from '../../policies';
import type { CarrierShare } from '../../types';

const PROVIDER_LABELS: Record<string, string> = { twilio: 'Twilio', smpp: 'SMPP carrier', simulator: 'Simulator (built in)' };

/** Settings → Sub-processors: which carriers received this account's messages (each message records its connection). */
export function SubprocessorsTab() {
  const shares = useQuery({
    queryKey: ['account', 'subprocessors'],
    queryFn: () => get<{ carriers: CarrierShare[]; publicList: string }>('/v1/account/subprocessors'),
  });
  const rows = shares.data?.carriers ?? [];
  return (
    <Stack gap="sm" maw={1000}>
      <Stack gap={0}>
        <Title order={4}>Carriers that handled your messages</Title>
        <Text size="sm" c="dimmed">
          Every message records the carrier connection it went through. The platform's full list of sub-processors (carriers, email,
          hosting) is public:{' '}
          <Anchor component={Link} to="/legal/subprocessors" size="sm">
            Sub-processors
          </Anchor>
          .
        </Text>
      </Stack>
      {shares.isPending && <Loader size="sm" aria-label="Loading" />}
      {shares.isError && <Alert color="red">{errorMessage(shares.error)}</Alert>}
      {shares.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No message of this account has gone through a carrier yet.
        </Text>
      )}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" data-testid="carrier-shares">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Carrier</Table.Th>
                  <Table.Th>Connection</Table.Th>
                  <Table.Th ta="right">Sent</Table.Th>
                  <Table.Th ta="right">Received</Table.Th>
                  <Table.Th>First</Table.Th>
                  <Table.Th>Last</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={`${r.provider}-${r.connectionId ?? 'none'}`}>
                    <Table.Td fw={500}>{PROVIDER_LABELS[r.provider] ?? r.provider}</Table.Td>
                    <Table.Td>
                      {r.connectionName ?? '—'}{' '}
                      {r.connectionDeleted && (
                        <Badge size="xs" variant="light" color="gray">
                          deleted
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{r.outbound.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{r.inbound.toLocaleString()}</Table.Td>
                    <Table.Td>{formatDate(r.firstAt, true)}</Table.Td>
                    <Table.Td>{formatDate(r.lastAt, true)}</Table.Td>
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
