import { Alert, Button, Group, Loader, NumberInput, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, del, errorMessage } from '../../api';
import { canManageTeam, useSession } from '../../auth';
import { BusinessHoursSection, HolidaysSection } from './SlaHoursSection';
import { PolicyModal } from './PolicyModal';
import { SLA_KEY, useCsatSettings, usePolicies, type CsatSettings, type SlaPolicy } from './slaApi';

const mins = (m: number | null) => (m === null ? '—' : m % 60 === 0 ? `${m / 60} h` : `${m} min`);

function PoliciesSection({ editable }: { editable: boolean }) {
  const qc = useQueryClient();
  const policies = usePolicies();
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (p: SlaPolicy) => del(`/v1/sla-policies/${p.id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: SLA_KEY }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (policies.isPending) return <Loader size="sm" />;
  if (policies.isError) return <Alert color="red">{errorMessage(policies.error)}</Alert>;
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Policies</Title>
        {editable && <Button size="xs" onClick={() => setEditing('new')}>New policy</Button>}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">Targets start with the customer's text. Changing a policy recomputes the timers of open conversations.</Text>
      {policies.data.length === 0 ? (
        <Text size="sm" data-testid="sla-no-policy">No policy yet: conversations have no SLA timers.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="sla-policies">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Applies to</Table.Th><Table.Th>First response</Table.Th><Table.Th>Next response</Table.Th><Table.Th>Resolution</Table.Th><Table.Th>Hours</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {policies.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.team ? `Team ${p.team.name}` : 'Default'}</Table.Td>
                  <Table.Td>{mins(p.firstResponseMinutes)}</Table.Td>
                  <Table.Td>{mins(p.nextResponseMinutes)}</Table.Td>
                  <Table.Td>{mins(p.resolutionMinutes)}</Table.Td>
                  <Table.Td>{p.businessHours ? 'Business' : 'Around the clock'}</Table.Td>
                  <Table.Td>
                    {editable && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" variant="default" onClick={() => setEditing(p)}>Edit</Button>
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(p)}>Delete</Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <PolicyModal key={editing === 'new' ? 'new' : editing.id} policy={editing === 'new' ? null : editing} opened onClose={() => setEditing(null)} />}
    </Paper>
  );
}

function CsatSection({ editable }: { editable: boolean }) {
  const qc = useQueryClient();
  const settings = useCsatSettings();
  const [draft, setDraft] = useState<CsatSettings | null>(null);
  useEffect(() => { if (settings.data) setDraft(settings.data); }, [settings.data]);
  const save = useMutation({
    mutationFn: (s: CsatSettings) => api<CsatSettings>('/v1/csat-settings', { method: 'PUT', body: s }),
    onSuccess: (s) => { qc.setQueryData([...SLA_KEY, 'csat'], s); notifications.show({ color: 'green', message: 'CSAT settings saved' }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (!draft) return settings.isError ? <Alert color="red">{errorMessage(settings.error)}</Alert> : <Loader size="sm" />;
  return (
    <Paper withBorder p="lg">
      <Title order={5} mb="xs">Customer satisfaction (CSAT)</Title>
      <Stack>
        <Switch label="Text a one-question survey when a conversation is closed" checked={draft.enabled} disabled={!editable} onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })} />
        <TextInput label="Question" description="Sent once per conversation, only to customers who have not opted out. A reply 1–5 is the score." value={draft.question} disabled={!editable} maxLength={300} onChange={(e) => setDraft({ ...draft, question: e.currentTarget.value })} />
        <NumberInput label="A reply counts for (hours)" min={1} max={168} value={draft.replyHours} disabled={!editable} onChange={(v) => setDraft({ ...draft, replyHours: Number(v) || 1 })} maw={240} />
        {editable && <Group><Button loading={save.isPending} onClick={() => save.mutate(draft)}>Save CSAT settings</Button></Group>}
      </Stack>
    </Paper>
  );
}

/** Settings → SLA: policies, business hours, holidays and the CSAT survey. */
export function SlaTab() {
  const { user } = useSession();
  const editable = canManageTeam(user.role);
  return (
    <Stack maw={960}>
      {!editable && <Alert color="gray">Only the owner or an admin can change SLA and CSAT settings.</Alert>}
      <PoliciesSection editable={editable} />
      <BusinessHoursSection editable={editable} />
      <HolidaysSection editable={editable} />
      <CsatSection editable={editable} />
    </Stack>
  );
}
