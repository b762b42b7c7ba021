import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { errorMessage, get, post } from '../../api';
import { deliveriesKey, enc, type WebhookDelivery, type WebhookEndpoint } from './webhooksApi';

const COLOR = { pending: 'yellow', succeeded: 'teal', failed: 'red' } as const;

/** The delivery log of one endpoint: each delivery's status and attempts (answer status, first KB, latency), with replay. */
export function WebhookDeliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const log = useQuery({
    queryKey: deliveriesKey(endpoint.id),
    queryFn: () => get<{ data: WebhookDelivery[]; nextCursor: string | null }>(`/v1/webhook-endpoints/${enc(endpoint.id)}/deliveries?limit=50`),
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: deliveriesKey(endpoint.id) });
  const replay = useMutation({
    mutationFn: (id: string) => post(`/v1/webhook-deliveries/${enc(id)}/replay`),
    onSuccess: () => { refresh(); notifications.show({ message: 'Delivery queued again' }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const replaySince = useMutation({
    mutationFn: () => post<{ queued: number }>(`/v1/webhook-endpoints/${enc(endpoint.id)}/replay`, { since: new Date(since).toISOString() }),
    onSuccess: (r) => { refresh(); notifications.show({ message: `${r.queued} deliveries queued again` }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const rows = log.data?.data ?? [];
  return (
    <Stack gap="sm" data-testid="webhook-deliveries">
      <Group justify="space-between" align="flex-end">
        <Title order={5}>Delivery log — {endpoint.url}</Title>
        <Group gap="xs" align="flex-end">
          <TextInput type="datetime-local" label="Replay everything since" size="xs" value={since} onChange={(e) => setSince(e.currentTarget.value)} />
          <Button size="xs" variant="light" disabled={!since} loading={replaySince.isPending} onClick={() => replaySince.mutate()}>
            Replay
          </Button>
          <Button size="xs" variant="default" onClick={refresh}>
            Refresh
          </Button>
        </Group>
      </Group>
      {log.isPending && <Loader size="sm" aria-label="Loading deliveries" />}
      {log.isError && <Alert color="red">{errorMessage(log.error)}</Alert>}
      {log.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">No deliveries yet. Send a test event to try your receiver.</Text>}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Answer</Table.Th>
                  <Table.Th>Latency</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => {
                  const last = d.attemptLog.at(-1);
                  return (
                    <Fragment key={d.id}>
                      <Table.Tr data-testid="webhook-delivery-row" style={{ cursor: 'pointer' }} onClick={() => setOpen(open === d.id ? null : d.id)}>
                        <Table.Td>{new Date(d.createdAt).toLocaleString()}</Table.Td>
                        <Table.Td><Code>{d.eventType}</Code>{d.replayOf && <Badge ml="xs" size="xs" variant="outline">replay</Badge>}</Table.Td>
                        <Table.Td><Badge color={COLOR[d.status]} variant="light">{d.status}</Badge></Table.Td>
                        <Table.Td>{d.attempts}</Table.Td>
                        <Table.Td>{d.lastStatusCode ?? (d.lastError ? <Text size="xs" c="red">{d.lastError}</Text> : '—')}</Table.Td>
                        <Table.Td>{last ? `${last.latencyMs} ms` : '—'}</Table.Td>
                        <Table.Td>
                          <Button size="xs" variant="subtle" loading={replay.isPending && replay.variables === d.id} onClick={(e) => { e.stopPropagation(); replay.mutate(d.id); }}>
                            Replay
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {open === d.id && (
                        <Table.Tr>
                          <Table.Td colSpan={7}>
                            <Stack gap="xs">
                              <Text size="xs" c="dimmed">webhook-id {d.webhookId}{d.nextAttemptAt ? ` · next attempt ${new Date(d.nextAttemptAt).toLocaleString()}` : ''}</Text>
                              <Code block>{JSON.stringify(d.payload, null, 2)}</Code>
                              {d.attemptLog.map((a, i) => (
                                <Text key={i} size="xs">
                                  {new Date(a.at).toLocaleString()} — {a.statusCode ?? a.error} ({a.latencyMs} ms){a.responseExcerpt ? `: ${a.responseExcerpt}` : ''}
                                </Text>
                              ))}
                            </Stack>
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
