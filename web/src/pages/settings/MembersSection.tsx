import { Alert, Badge, Button, Group, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, errorMessage, patch, post } from '../../api';
import { canManageTeam, ME_KEY, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDate } from '../../policies';
import { ROLE_COLORS, ROLE_LABELS, type Member, type Role } from '../../types';
import { ASSIGNABLE_ROLES, MEMBERS_KEY, useMembers } from './teamApi';

type Pending = { kind: 'remove' | 'transfer'; member: Member } | null;

function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={ROLE_COLORS[role] ?? 'gray'}>
      {ROLE_LABELS[role] ?? role}
    </Badge>
  );
}

export function MembersSection() {
  const { user } = useSession();
  const manager = canManageTeam(user.role);
  const qc = useQueryClient();
  const members = useMembers();
  const [pending, setPending] = useState<Pending>(null);

  const refresh = () => void qc.invalidateQueries({ queryKey: MEMBERS_KEY });

  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: string }) => patch<Member>(`/v1/members/${encodeURIComponent(id)}`, { role }),
    onSuccess: (m) => {
      refresh();
      notifications.show({ color: 'green', message: `${m.name ?? 'Member'} is now ${ROLE_LABELS[m.role] ?? m.role}` });
    },
    onError: (e) => {
      refresh();
      notifications.show({ color: 'red', message: errorMessage(e) });
    },
  });

  const confirm = useMutation({
    mutationFn: (p: NonNullable<Pending>) =>
      p.kind === 'remove'
        ? del(`/v1/members/${encodeURIComponent(p.member.id)}`)
        : post<void>('/v1/account/transfer-ownership', { userId: p.member.id }),
    onSuccess: (_r, p) => {
      setPending(null);
      refresh();
      if (p.kind === 'transfer') void qc.invalidateQueries({ queryKey: ME_KEY });
      notifications.show({
        color: 'green',
        message: p.kind === 'remove' ? `${p.member.name} was removed` : `${p.member.name} is now the owner`,
      });
    },
  });

  const open = (p: Pending) => {
    confirm.reset();
    setPending(p);
  };

  const rows = members.data?.data ?? [];
  return (
    <Stack gap="sm">
      <Title order={4}>Members</Title>
      {members.isPending && <Loader size="sm" aria-label="Loading members" />}
      {members.isError && <Alert color="red">{errorMessage(members.error)}</Alert>}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={680}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Joined</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((m) => {
                  const self = m.id === user.id;
                  const editable = manager && !self && m.role !== 'owner';
                  return (
                    <Table.Tr key={m.id} data-testid="member-row" data-member-id={m.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {m.name}
                          {self && (
                            <Text span c="dimmed" size="sm">
                              {' '}
                              (you)
                            </Text>
                          )}
                        </Text>
                      </Table.Td>
                      <Table.Td>{m.email}</Table.Td>
                      <Table.Td>
                        {editable ? (
                          <Select
                            aria-label={`Role for ${m.name}`}
                            data={ASSIGNABLE_ROLES}
                            value={m.role}
                            allowDeselect={false}
                            size="xs"
                            w={130}
                            disabled={changeRole.isPending && changeRole.variables?.id === m.id}
                            onChange={(role) => role && role !== m.role && changeRole.mutate({ id: m.id, role })}
                          />
                        ) : (
                          <RoleBadge role={m.role} />
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(m.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          {user.role === 'owner' && !self && (
                            <Button size="xs" variant="subtle" onClick={() => open({ kind: 'transfer', member: m })}>
                              Transfer ownership
                            </Button>
                          )}
                          {editable && (
                            <Button size="xs" variant="subtle" color="red" onClick={() => open({ kind: 'remove', member: m })}>
                              Remove
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      <ConfirmModal
        opened={pending !== null}
        title={pending?.kind === 'transfer' ? 'Transfer ownership?' : 'Remove member?'}
        confirmLabel={pending?.kind === 'transfer' ? 'Transfer ownership' : 'Remove'}
        color={pending?.kind === 'transfer' ? 'orange' : 'red'}
        loading={confirm.isPending}
        error={confirm.error}
        onConfirm={() => pending && confirm.mutate(pending)}
        onClose={() => setPending(null)}
      >
        {pending?.kind === 'transfer'
          ? `${pending.member.name} will become the owner of this account and you will no longer be the owner. Only the new owner can undo this.`
          : `${pending?.member.name ?? ''} will lose access to this account immediately.`}
      </ConfirmModal>
    </Stack>
  );
}
