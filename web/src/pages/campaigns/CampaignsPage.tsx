import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { components } from '../../api-types.gen';
import { errorMessage, get, post } from '../../api';
import { canEditContacts, isPartnerAccount, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';

type Campaign = components['schemas']['Campaign'];
type Summary = components['schemas']['CampaignSummary'];

const KEY = ['campaigns'] as const;
const STATUS_COLOR: Record<string, string> = { draft: 'gray', scheduled: 'blue', running: 'green', paused: 'yellow', completed: 'teal', canceled: 'red' };

/** Share of the campaign done: recipients written during fan-out, then texts in a final status. */
function percent(c: Summary): number {
  const p = c.progress;
  if (!p.audience) return c.status === 'completed' ? 100 : 0;
  if (!p.fannedOut) return Math.round((50 * p.materialised) / p.audience);
  return c.status === 'completed' ? 100 : 50 + Math.round((50 * p.finished) / Math.max(1, p.materialised));
}

function Actions({ c }: { c: Summary }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'launch' | 'pause' | 'resume' | 'cancel') => post<Campaign>(`/v1/campaigns/${encodeURIComponent(c.id)}/${action}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const btn = (action: 'launch' | 'pause' | 'resume' | 'cancel', label: string, color?: string) => (
    <Button size="xs" variant="light" color={color} loading={act.isPending && act.variables === action} onClick={() => act.mutate(action)}>{label}</Button>
  );
  return (
    <Group gap="xs">
      {c.status === 'draft' && btn('launch', 'Launch')}
      {(c.status === 'running' || c.status === 'scheduled') && btn('pause', 'Pause')}
      {c.status === 'paused' && btn('resume', 'Resume')}
      {!['completed', 'canceled'].includes(c.status) && btn('cancel', 'Cancel', 'red')}
    </Group>
  );
}

export function CampaignsPage() {
  const me = useSession();
  const editor = canEditContacts(me.user.role) && !isPartnerAccount(me);
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => get<{ data: Summary[] }>('/v1/campaigns'),
    refetchInterval: (q) => (q.state.data?.data.some((c) => c.status === 'running') ? 3000 : false),
  });
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Text opted-in contacts of a segment or tag, in each one's waking hours. Everyone skipped is counted with the reason."
        actions={editor && <Button component={Link} to="/campaigns/new">New campaign</Button>}
      />
      <Stack>
        {list.isPending && <Loader aria-label="Loading campaigns" />}
        {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
        {list.isSuccess && list.data.data.length === 0 && <Text c="dimmed">No campaigns yet.</Text>}
        {list.isSuccess && list.data.data.length > 0 && (
          <Paper withBorder>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Status</Table.Th><Table.Th w={220}>Progress</Table.Th><Table.Th /></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.data.map((c) => (
                  <Table.Tr key={c.id} data-testid="campaign-row">
                    <Table.Td><Anchor component={Link} to={`/campaigns/${encodeURIComponent(c.id)}`} fw={500}>{c.name}</Anchor><Text size="xs" c="dimmed" lineClamp={1}>{c.body}</Text></Table.Td>
                    <Table.Td><Badge color={STATUS_COLOR[c.status]} variant="light">{c.status}</Badge></Table.Td>
                    <Table.Td><Progress value={percent(c)} aria-label={`${c.name} progress`} /></Table.Td>
                    <Table.Td>{editor && <Actions c={c} />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
    </>
  );
}
