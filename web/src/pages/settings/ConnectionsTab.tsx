import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, post } from '../../api';
import { PARTNER_ACCOUNT_NOTE, canManageNumbers, isPartnerAccount, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDate } from '../../policies';
import type { ProviderConnection } from '../../types';
import { formatPhone } from '../contacts/contactsApi';
import { AttachNumberForm, BuyNumberButton } from './AttachNumberForm';
import { CreateConnectionForm } from './CreateConnectionForm';
import { FallbackSelect } from './FallbackSelect';
import { ImportNumbersModal } from './ImportNumbersModal';
import { CONNECTIONS_KEY, KIND_LABELS, STATUS_COLORS, STATUS_LABELS, useConnections } from './connectionsApi';
import { RotateCredentialsModal } from './RotateCredentialsModal';

function ConnectionCard({ c, all, admin, onRotate, onDelete }: { c: ProviderConnection; all: ProviderConnection[]; admin: boolean; onRotate: () => void; onDelete: () => void }) {
  const qc = useQueryClient();
  const [importing, setImporting] = useState(false);
  const test = useMutation({
    mutationFn: () => post<ProviderConnection>(`/v1/provider-connections/${encodeURIComponent(c.id)}/test`),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      notifications.show({ color: r.status === 'connected' ? 'green' : 'red', message: r.status === 'connected' ? `${r.name}: test passed` : `${r.name}: test failed (${r.lastError ?? r.status})` });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Paper withBorder p="md" data-testid="connection-row" data-connection-id={c.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={600} data-testid="connection-name">{c.name}</Text>
            <Badge variant="outline" color="gray" tt="none">{KIND_LABELS[c.kind]}</Badge>
            <Badge color={STATUS_COLORS[c.status]} variant="light" data-testid="connection-status">{STATUS_LABELS[c.status]}</Badge>
          </Group>
          {admin && (
            <Group gap={4}>
              <Button size="xs" variant="subtle" loading={test.isPending} onClick={() => test.mutate()}>Test</Button>
              {c.kind !== 'simulator' && <Button size="xs" variant="subtle" onClick={onRotate}>Rotate credentials</Button>}
              <Button size="xs" variant="subtle" color="red" onClick={onDelete}>Delete</Button>
            </Group>
          )}
        </Group>
        {c.status === 'error' && c.lastError && (
          <Alert color="red" p="xs" data-testid="connection-error">
            <Text size="sm">{c.lastError}</Text>
            <Text size="xs" c="dimmed">{c.lastErrorCode ? `${c.lastErrorCode} · ` : ''}{c.lastErrorAt ? formatDate(c.lastErrorAt, true) : ''}</Text>
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          {c.lastCheckedAt ? `Last tested ${formatDate(c.lastCheckedAt, true)}` : 'Not tested yet'} · {c.numbers.length ? c.numbers.map((n) => formatPhone(n.phoneNumber)).join(', ') : 'No numbers yet'}
        </Text>
        {admin && c.status !== 'disabled' && (
          <Group gap="xs" align="flex-start">
            <AttachNumberForm connection={c} />
            {c.kind === 'twilio' && <Button size="xs" variant="light" onClick={() => setImporting(true)}>Import numbers…</Button>}
            {c.kind === 'twilio' && <BuyNumberButton connection={c} />}
          </Group>
        )}
        {importing && <ImportNumbersModal connection={c} onClose={() => setImporting(false)} />}
        <FallbackSelect connection={c} all={all} admin={admin} />
        {c.webhookUrls && (
          <Stack gap={2} data-testid="connection-webhook-urls">
            <Text size="xs" fw={600}>Webhook URLs (give these to the carrier)</Text>
            <Text size="xs">Status: <Code style={{ overflowWrap: 'anywhere' }}>{c.webhookUrls.status}</Code></Text>
            <Text size="xs">Inbound: <Code style={{ overflowWrap: 'anywhere' }}>{c.webhookUrls.inbound}</Code></Text>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function ConnectionsTab() {
  const me = useSession();
  const partner = isPartnerAccount(me);
  const admin = canManageNumbers(me.user.role) && !partner;
  const qc = useQueryClient();
  const connections = useConnections();
  const [rotating, setRotating] = useState<ProviderConnection | null>(null);
  const [deleting, setDeleting] = useState<ProviderConnection | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => del(`/v1/provider-connections/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      notifications.show({ message: 'Connection deleted' });
    },
  });
  const rows = connections.data?.data ?? [];

  return (
    <Stack gap="xl" maw={960}>
      {admin ? <CreateConnectionForm /> : <Alert color="gray">{partner ? PARTNER_ACCOUNT_NOTE : 'Only the owner or an admin can connect carriers.'}</Alert>}
      <Stack gap="sm">
        <Title order={4}>Carrier connections</Title>
        {connections.isPending && <Loader size="sm" aria-label="Loading connections" />}
        {connections.isError && <Alert color="red">{errorMessage(connections.error)}</Alert>}
        {connections.isSuccess && rows.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="connections-empty">
            No carrier connections yet. Getting a simulator number (Numbers) creates a Simulator connection for you.
          </Text>
        )}
        {rows.map((c) => (
          <ConnectionCard key={c.id} c={c} all={rows} admin={admin} onRotate={() => setRotating(c)} onDelete={() => { remove.reset(); setDeleting(c); }} />
        ))}
      </Stack>
      <RotateCredentialsModal connection={rotating} onClose={() => setRotating(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete connection?"
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      >
        “{deleting?.name}” and its credentials will be removed. A connection that still has numbers, or that another connection fails over to, cannot be deleted.
      </ConfirmModal>
    </Stack>
  );
}
