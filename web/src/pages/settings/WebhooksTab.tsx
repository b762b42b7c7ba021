import { Alert, Badge, Button, Group, Loader, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, get, patch, post } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CreateWebhookForm } from './CreateWebhookForm';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookSecretModal } from './WebhookSecretModal';
import { deliveriesKey, enc, WEBHOOKS_KEY, type CreatedWebhookEndpoint, type WebhookEndpoint } from './webhooksApi';

const DISABLED: Record<string, string> = { gone: 'Off: the receiver answered 410 Gone', failing: 'Off: failing for 5 days', user: 'Off' };

function State({ e }: { e: WebhookEndpoint }) {
  if (!e.enabled) return <Badge color="gray" variant="light">{DISABLED[e.disabledReason ?? 'user']}</Badge>;
  if (e.failingSince) return <Badge color="orange" variant="light">Failing since {new Date(e.failingSince).toLocaleString()}</Badge>;
  return <Badge color="teal" variant="light">Active</Badge>;
}

/** Settings → Webhooks: endpoints, their secrets (shown once, reveal, rotate), test events and the delivery log with replay. */
export function WebhooksTab() {
  const qc = useQueryClient();
  const admin = canAdminContacts(useSession().user.role);
  const [secret, setSecret] = useState<{ title: string; secret: string; note?: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const list = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => get<{ data: WebhookEndpoint[] }>('/v1/webhook-endpoints'), enabled: admin });
  const refresh = () => void qc.invalidateQueries({ queryKey: WEBHOOKS_KEY });
  const failed = (e: unknown) => notifications.show({ color: 'red', message: errorMessage(e) });

  const test = useMutation({
    mutationFn: (id: string) => post(`/v1/webhook-endpoints/${enc(id)}/test`),
    onSuccess: (_r, id) => { setSelected(id); void qc.invalidateQueries({ queryKey: deliveriesKey(id) }); notifications.show({ message: 'Test event queued' }); },
    onError: failed,
  });
  const reveal = useMutation({
    mutationFn: (id: string) => get<{ secret: string }>(`/v1/webhook-endpoints/${enc(id)}/secret`),
    onSuccess: (r) => setSecret({ title: 'Signing secret', secret: r.secret }),
    onError: failed,
  });
  const rotate = useMutation({
    mutationFn: (id: string) => post<CreatedWebhookEndpoint>(`/v1/webhook-endpoints/${enc(id)}/rotate-secret`, {}),
    onSuccess: (r) => {
      refresh();
      setSecret({ title: 'New signing secret', secret: r.secret, note: `The old secret keeps signing beside it until ${r.rotationEndsAt ? new Date(r.rotationEndsAt).toLocaleString() : 'the overlap ends'}.` });
    },
    onError: failed,
  });
  const toggle = useMutation({ mutationFn: (e: WebhookEndpoint) => patch(`/v1/webhook-endpoints/${enc(e.id)}`, { enabled: !e.enabled }), onSuccess: refresh, onError: failed });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/v1/webhook-endpoints/${enc(id)}`),
    onSuccess: () => { setDeleting(null); setSelected(null); refresh(); notifications.show({ message: 'Endpoint deleted' }); },
    onError: failed,
  });

  if (!admin) {
    return (
      <Alert color="gray" title="Webhooks are managed by owners and admins" maw={640}>
        Your role cannot manage webhook endpoints. Ask an owner or admin of this account.
      </Alert>
    );
  }
  const rows = list.data?.data ?? [];
  const current = rows.find((e) => e.id === selected) ?? null;
  return (
    <Stack gap="xl" maw={1100}>
      <CreateWebhookForm onCreated={(e) => { setSelected(e.id); setSecret({ title: 'Endpoint added', secret: e.secret, note: 'Copy it now: it is shown once here (owners and admins can reveal it later).' }); }} />
      <Stack gap="sm">
        <Title order={4}>Endpoints</Title>
        {list.isPending && <Loader size="sm" aria-label="Loading webhook endpoints" />}
        {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
        {list.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">No webhook endpoints yet.</Text>}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>URL</Table.Th>
                    <Table.Th>Events</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((e) => (
                    <Table.Tr key={e.id} data-testid="webhook-endpoint-row" bg={e.id === selected ? 'var(--mantine-color-blue-light)' : undefined}>
                      <Table.Td>
                        <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>{e.url}</Text>
                        {e.description && <Text size="xs" c="dimmed">{e.description}</Text>}
                      </Table.Td>
                      <Table.Td><Text size="xs">{e.events.length ? e.events.join(', ') : 'All events'}</Text></Table.Td>
                      <Table.Td><State e={e} /></Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="light" loading={test.isPending && test.variables === e.id} onClick={() => test.mutate(e.id)}>
                            Send test event
                          </Button>
                          <Button size="xs" variant="default" onClick={() => setSelected(e.id === selected ? null : e.id)}>
                            Deliveries
                          </Button>
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button size="xs" variant="subtle" aria-label={`More actions for ${e.url}`}>More</Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => reveal.mutate(e.id)}>Reveal secret</Menu.Item>
                              <Menu.Item onClick={() => rotate.mutate(e.id)}>Rotate secret</Menu.Item>
                              <Menu.Item onClick={() => toggle.mutate(e)}>{e.enabled ? 'Switch off' : 'Switch on'}</Menu.Item>
                              <Menu.Item color="red" onClick={() => setDeleting(e)}>Delete</Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
      {current && <WebhookDeliveries endpoint={current} />}
      <WebhookSecretModal shown={secret} onClose={() => setSecret(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete webhook endpoint"
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      >
        <Text size="sm">Stop sending events to {deleting?.url}? Deliveries not yet sent are dropped.</Text>
      </ConfirmModal>
    </Stack>
  );
}
