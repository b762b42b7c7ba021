import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { errorMessage, get } from '../../api';
import { opts, type OperatorAuditPage as AuditPage, type OperatorAuditVerification } from '../../operator';

/** The operators' own hash-chained log, newest first, with a verification of the whole chain. */
export function OperatorAuditPage() {
  const log = useInfiniteQuery({
    queryKey: ['operator-audit'],
    queryFn: ({ pageParam }) => get<AuditPage>(`/v1/operator/audit?limit=50${pageParam ? `&before=${pageParam}` : ''}`, opts()),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const verify = useQuery({ queryKey: ['operator-audit-verify'], queryFn: () => get<OperatorAuditVerification>('/v1/operator/audit/verify', opts()), enabled: false });
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} data-testid="page-title">Operator audit log</Title>
        <Group>
          {verify.data && (
            <Badge color={verify.data.ok ? 'green' : 'red'} size="lg" data-testid="audit-verdict">
              {verify.data.ok ? `Chain intact (${verify.data.checked} entries)` : `Chain broken: ${verify.data.reason}`}
            </Badge>
          )}
          <Button variant="default" onClick={() => void verify.refetch()} loading={verify.isFetching}>Verify chain</Button>
        </Group>
      </Group>
      {(log.isError || verify.isError) && <Alert color="red">{errorMessage(log.error ?? verify.error)}</Alert>}
      {log.isPending && <Loader aria-label="Loading the log" />}
      <Table striped data-testid="operator-audit">
        <Table.Thead>
          <Table.Tr><Table.Th>#</Table.Th><Table.Th>Time</Table.Th><Table.Th>Action</Table.Th><Table.Th>By</Table.Th><Table.Th>Target</Table.Th><Table.Th>Details</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{e.seq}</Table.Td>
              <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{e.action}</Text></Table.Td>
              <Table.Td>{e.actor.label ?? e.actor.type}</Table.Td>
              <Table.Td>{e.target ? `${e.target.type} ${e.target.id}` : '—'}</Table.Td>
              <Table.Td><Text size="xs" ff="monospace">{Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {log.hasNextPage && <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>Older entries</Button>}
    </Stack>
  );
}
