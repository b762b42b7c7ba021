import { Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { del, errorMessage } from '../../api';
import { canManageTeam, useSession } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDate } from '../../policies';
import { DAYS, GRANTS_KEY, STATE_LABELS, useGrants, type PartnerGrant } from '../partners/partnersApi';
import { GrantForm } from './GrantForm';

const hoursText = (g: PartnerGrant) =>
  g.hours?.length ? g.hours.map((h) => `${h.days.map((d) => DAYS[d - 1]).join(', ')} ${h.from}–${h.to}`).join('; ') : 'Any time';

/** Settings → Partners: this account's grants to outsourcing partners, their agents and activity. */
export function PartnersTab() {
  const qc = useQueryClient();
  const admin = canManageTeam(useSession().user.role);
  const grants = useGrants(admin);
  const [editing, setEditing] = useState<PartnerGrant | 'new' | null>(null);
  const [revoking, setRevoking] = useState<PartnerGrant | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/v1/partner-grants/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setRevoking(null);
      void qc.invalidateQueries({ queryKey: GRANTS_KEY });
      notifications.show({ message: 'Access revoked: the partner lost it on its next request.' });
    },
  });

  if (!admin) {
    return <Alert color="gray" maw={640} title="Partners are managed by owners and admins">Ask an owner or admin to grant an outsourcing partner access.</Alert>;
  }
  const rows = grants.data?.data ?? [];
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={4}>Outsourcing partners</Title>
          <Text size="sm" c="dimmed">Let a partner's agents work some of your numbers: scoped, time-boxed, revocable at once, and audited.</Text>
        </Stack>
        <Button onClick={() => setEditing('new')} data-testid="grant-new">Grant access</Button>
      </Group>
      {grants.isPending && <Loader size="sm" aria-label="Loading grants" />}
      {grants.isError && <Alert color="red">{errorMessage(grants.error)}</Alert>}
      {grants.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">No partner has access to this account.</Text>}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Partner</Table.Th><Table.Th>State</Table.Th><Table.Th>Access</Table.Th><Table.Th>Agents</Table.Th><Table.Th>Last activity</Table.Th><Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((g) => (
                  <Table.Tr key={g.id} data-testid="grant-row" style={g.revokedAt ? { opacity: 0.6 } : undefined}>
                    <Table.Td fw={500}>{g.partner.name}</Table.Td>
                    <Table.Td><Badge color={STATE_LABELS[g.state]?.color} variant="light">{STATE_LABELS[g.state]?.label ?? g.state}</Badge></Table.Td>
                    <Table.Td>
                      <Text size="sm">{g.numberIds.length} number(s) · {g.permissions.length ? g.permissions.join(', ') : 'read only'}</Text>
                      <Text size="xs" c="dimmed">
                        {hoursText(g)} · {g.expiresAt ? `until ${formatDate(g.expiresAt)}` : 'no end date'} · hidden: {g.maskedFields.length ? g.maskedFields.join(', ') : 'nothing'}
                      </Text>
                    </Table.Td>
                    <Table.Td><Text size="sm">{g.agents.map((a) => a.name).join(', ') || '—'}</Text></Table.Td>
                    <Table.Td>
                      <Text size="sm">{g.lastActivityAt ? formatDate(g.lastActivityAt) : '—'}</Text>
                      <Text size="xs" component={Link} to="/audit?actorType=partner" c="blue">Activity</Text>
                    </Table.Td>
                    <Table.Td>
                      {!g.revokedAt && (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="default" onClick={() => setEditing(g)}>Edit</Button>
                          <Button size="xs" color="red" variant="light" onClick={() => setRevoking(g)} data-testid="grant-revoke">Revoke</Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'Grant a partner access' : 'Change access'} size="lg">
        {editing !== null && <GrantForm grant={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmModal
        opened={!!revoking}
        title="Revoke this partner's access?"
        confirmLabel="Revoke"
        color="red"
        loading={revoke.isPending}
        error={revoke.error}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        {revoking?.partner.name}'s agents lose access on their next request.
      </ConfirmModal>
    </Stack>
  );
}
