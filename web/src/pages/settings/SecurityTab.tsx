import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, get, post } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDate } from '../../policies';
import type { Page, SignInEvent, SignedInSession } from '../../types';

const SESSIONS_KEY = ['sessions'] as const;
const HISTORY_KEY = ['sessions', 'history'] as const;

const METHOD_LABELS: Record<string, string> = {
  password: 'Password',
  signup: 'Sign-up link',
  invitation: 'Invitation',
  invalid_credentials: 'Wrong password',
};

/** Settings → Security: your signed-in sessions and devices (revoke one, sign out everywhere else) and your sign-in history. */
export function SecurityTab() {
  const qc = useQueryClient();
  const [revoking, setRevoking] = useState<SignedInSession | null>(null);
  const [everywhere, setEverywhere] = useState(false);
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => get<Page<SignedInSession>>('/v1/sessions') });
  const history = useQuery({ queryKey: HISTORY_KEY, queryFn: () => get<Page<SignInEvent>>('/v1/sessions/history') });

  const revoke = useMutation({
    mutationFn: (id: string) => del(`/v1/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setRevoking(null);
      void qc.invalidateQueries({ queryKey: SESSIONS_KEY });
      notifications.show({ message: 'Session signed out' });
    },
  });
  const revokeOthers = useMutation({
    mutationFn: () => post<{ revoked: number }>('/v1/sessions/revoke-others'),
    onSuccess: (r) => {
      setEverywhere(false);
      void qc.invalidateQueries({ queryKey: SESSIONS_KEY });
      notifications.show({ message: r.revoked === 1 ? 'Signed out 1 other session' : `Signed out ${r.revoked} other sessions` });
    },
  });

  const rows = sessions.data?.data ?? [];
  const others = rows.filter((s) => !s.current).length;
  return (
    <Stack gap="xl" maw={1000}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Stack gap={0}>
            <Title order={4}>Sessions and devices</Title>
            <Text size="sm" c="dimmed">
              Where your login is signed in now, in every account you belong to.
            </Text>
          </Stack>
          <Button variant="light" color="red" disabled={others === 0} onClick={() => setEverywhere(true)}>
            Sign out everywhere else
          </Button>
        </Group>
        {sessions.isPending && <Loader size="sm" aria-label="Loading sessions" />}
        {sessions.isError && <Alert color="red">{errorMessage(sessions.error)}</Alert>}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Device</Table.Th>
                    <Table.Th>IP address</Table.Th>
                    <Table.Th>First seen</Table.Th>
                    <Table.Th>Last seen</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id} data-testid="session-row">
                      <Table.Td>
                        <Group gap="xs">
                          <Text size="sm" fw={500} title={s.userAgent ?? undefined}>
                            {s.device.label}
                          </Text>
                          {s.current && (
                            <Badge size="sm" variant="light" color="green">
                              This device
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{s.ip ?? '—'}</Table.Td>
                      <Table.Td>{formatDate(s.firstSeenAt, true)}</Table.Td>
                      <Table.Td>{formatDate(s.lastSeenAt, true)}</Table.Td>
                      <Table.Td ta="right">
                        {!s.current && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(s)}>
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>

      <Stack gap="sm">
        <Stack gap={0}>
          <Title order={4}>Sign-in history</Title>
          <Text size="sm" c="dimmed">
            The last sign-ins to your login, successful or not. A sign-in from a new device is also emailed to you.
          </Text>
        </Stack>
        {history.isPending && <Loader size="sm" aria-label="Loading sign-in history" />}
        {history.isError && <Alert color="red">{errorMessage(history.error)}</Alert>}
        {history.data && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" data-testid="signin-history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th>Device</Table.Th>
                    <Table.Th>IP address</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {history.data.data.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{formatDate(e.at, true)}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={e.outcome === 'succeeded' ? 'green' : 'red'}>
                          {e.outcome === 'succeeded' ? 'Signed in' : 'Failed'}
                        </Badge>{' '}
                        <Text span size="xs" c="dimmed">
                          {METHOD_LABELS[e.method] ?? e.method}
                        </Text>
                      </Table.Td>
                      <Table.Td>{e.device.label}</Table.Td>
                      <Table.Td>{e.ip ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>

      <ConfirmModal
        opened={!!revoking}
        title="Sign out this session?"
        confirmLabel="Revoke"
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      >
        {revoking ? `${revoking.device.label} (${revoking.ip ?? 'unknown address'}) will be signed out.` : ''}
      </ConfirmModal>
      <ConfirmModal
        opened={everywhere}
        title="Sign out everywhere else?"
        confirmLabel="Sign out everywhere else"
        loading={revokeOthers.isPending}
        error={revokeOthers.error}
        onConfirm={() => revokeOthers.mutate()}
        onClose={() => {
          setEverywhere(false);
          revokeOthers.reset();
        }}
      >
        Every other session of your login ({others}) will be signed out. This one stays signed in.
      </ConfirmModal>
    </Stack>
  );
}
