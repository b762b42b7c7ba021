import { Alert, Badge, Button, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { del, errorMessage } from '../../api';
import { formatDate } from '../../policies';
import { ROLE_COLORS, ROLE_LABELS } from '../../types';
import { INVITATIONS_KEY, useInvitations } from './teamApi';

export function InvitationsSection() {
  const qc = useQueryClient();
  const invitations = useInvitations();
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/v1/invitations/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
      notifications.show({ message: 'Invitation revoked' });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  const rows = invitations.data?.data ?? [];
  return (
    <Stack gap="sm">
      <Title order={4}>Pending invitations</Title>
      {invitations.isPending && <Loader size="sm" aria-label="Loading invitations" />}
      {invitations.isError && <Alert color="red">{errorMessage(invitations.error)}</Alert>}
      {invitations.isSuccess && rows.length === 0 && (
        <Text c="dimmed" size="sm">
          No pending invitations.
        </Text>
      )}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((inv) => (
                  <Table.Tr key={inv.id} data-testid="invitation-row">
                    <Table.Td>{inv.email}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={ROLE_COLORS[inv.role] ?? 'gray'}>
                        {ROLE_LABELS[inv.role] ?? inv.role}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDate(inv.expiresAt, true)}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => revoke.mutate(inv.id)}
                        loading={revoke.isPending && revoke.variables === inv.id}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
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
