import { Group, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage, patch } from '../../api';
import type { ProviderConnection } from '../../types';
import { CONNECTIONS_KEY } from './connectionsApi';

/**
 * Failover: the connection that carries this one's queued messages while it is down or failing
 * (only messages it definitely did not accept go there). The server refuses itself, another
 * account's connection and cycles (422): the reason is shown and the choice stays as it was.
 */
export function FallbackSelect({ connection, all, admin }: { connection: ProviderConnection; all: ProviderConnection[]; admin: boolean }) {
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (fallbackConnectionId: string | null) =>
      patch<ProviderConnection>(`/v1/provider-connections/${encodeURIComponent(connection.id)}`, { fallbackConnectionId }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      const to = all.find((c) => c.id === r.fallbackConnectionId);
      notifications.show({ message: to ? `${r.name} fails over to ${to.name}` : `${r.name} has no fallback` });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const others = all.filter((c) => c.id !== connection.id).map((c) => ({ value: c.id, label: c.name }));
  const current = all.find((c) => c.id === connection.fallbackConnectionId);
  if (!admin) {
    return <Text size="xs" c="dimmed" data-testid="connection-fallback">Fallback: {current?.name ?? 'none'}</Text>;
  }
  if (!others.length && !connection.fallbackConnectionId) return null;
  return (
    <Group gap="xs" align="center">
      <Select
        size="xs" w={260} label="Fallback connection" placeholder="None" clearable
        description="Carries the messages this connection could not take while it is down"
        data={others} value={connection.fallbackConnectionId} disabled={save.isPending}
        onChange={(v) => { if ((v ?? null) !== connection.fallbackConnectionId) save.mutate(v ?? null); }}
        data-testid="connection-fallback"
      />
    </Group>
  );
}
