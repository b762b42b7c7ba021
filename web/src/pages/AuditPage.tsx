import { Alert, Button, Code, Group, Loader, Paper, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { errorMessage, get } from '../api';
import { useSession } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { formatDate } from '../policies';
import type { AuditEvent, AuditVerify, Page } from '../types';

function actorLabel(a: AuditEvent['actor']): string {
  if (a.label) return a.label;
  return a.id ? `${a.type} ${a.id}` : a.type;
}

function targetLabel(t: AuditEvent['target']): string {
  if (!t) return '—';
  return t.id ? `${t.type} ${t.id}` : t.type;
}

function VerifyResult({ result }: { result: AuditVerify }) {
  return result.ok ? (
    <Alert color="green" data-testid="verify-result">
      Chain intact — {result.checked} events checked
    </Alert>
  ) : (
    <Alert color="red" data-testid="verify-result" title="Integrity check failed">
      Tampering detected at event {result.firstBrokenId ?? 'unknown'} ({result.checked} events checked)
    </Alert>
  );
}

export function AuditPage() {
  const { user } = useSession();
  const isOwner = user.role === 'owner';

  const events = useInfiniteQuery({
    queryKey: ['audit-events'],
    queryFn: ({ pageParam }) =>
      get<Page<AuditEvent>>(`/v1/audit-events${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    enabled: isOwner,
  });

  const verify = useMutation({ mutationFn: () => get<AuditVerify>('/v1/audit-events/verify') });

  const title = 'Audit log';
  if (!isOwner) {
    return (
      <>
        <PageHeader title={title} />
        <Alert color="yellow">Only the account owner can view the audit log.</Alert>
      </>
    );
  }

  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <>
      <PageHeader
        title={title}
        description="A tamper-evident record of sign-ins, team changes, API keys and settings changes."
        actions={
          <Button variant="light" onClick={() => verify.mutate()} loading={verify.isPending}>
            Verify integrity
          </Button>
        }
      />
      {verify.data && <VerifyResult result={verify.data} />}
      {verify.isError && (
        <Alert color="red" data-testid="verify-result">
          {errorMessage(verify.error)}
        </Alert>
      )}
      {(verify.data || verify.isError) && <div style={{ height: 16 }} />}

      {events.isError && <Alert color="red">{errorMessage(events.error)}</Alert>}
      {events.isPending && <Loader aria-label="Loading audit events" />}
      {events.isSuccess && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Actor</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>IP</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((ev) => (
                  <Table.Tr key={ev.id} data-testid="audit-row" data-event-id={ev.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(ev.createdAt, true)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{actorLabel(ev.actor)}</Text>
                      <Text size="xs" c="dimmed">
                        {ev.actor.type}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{ev.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ wordBreak: 'break-all' }}>
                        {targetLabel(ev.target)}
                      </Text>
                    </Table.Td>
                    <Table.Td title={ev.userAgent ?? undefined}>{ev.ip ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="md">
                        No events yet.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {events.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </>
  );
}
