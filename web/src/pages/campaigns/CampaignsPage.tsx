import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { components } from '../../api-types.gen';
import { errorMessage, get, post } from '../../api';
import { canEditContacts, canLaunchCampaigns, isPartnerAccount, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';

type Campaign = components['schemas']['Campaign'];
type Summary = components['schemas']['CampaignSummary'];
type SummaryPage = { data: Summary[]; nextCursor: string | null };
const PAGE_SIZE = 50;

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
  const launcher = canLaunchCampaigns(useSession().user.role);
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
      {c.status === 'draft' && launcher && btn('launch', 'Launch')}
      {(c.status === 'running' || c.status === 'scheduled') && btn('pause', 'Pause')}
      {c.status === 'paused' && launcher && btn('resume', 'Resume')}
      {!['completed', 'canceled'].includes(c.status) && btn('cancel', 'Cancel', 'red')}
    </Group>
  );
}

export function CampaignsPage() {
  const me = useSession();
  const editor = canEditContacts(me.user.role) && !isPartnerAccount(me);
  // Newest first, a page at a time (Load more); while one of the loaded campaigns runs, the loaded pages are refetched.
  const list = useInfiniteQuery({
    queryKey: KEY,
    queryFn: ({ pageParam }) => get<SummaryPage>(`/v1/campaigns?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.data.some((c) => c.status === 'running')) ? 3000 : false),
  });
  const campaigns = list.data?.pages.flatMap((p) => p.data) ?? [];
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
        {list.isSuccess && campaigns.length === 0 && <Text c="dimmed">No campaigns yet.</Text>}
        {list.isSuccess && campaigns.length > 0 && (
          <Paper withBorder>
            {/* On a phone the table scrolls inside its own box; the page does not scroll sideways. */}
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Status</Table.Th><Table.Th w={220}>Progress</Table.Th><Table.Th /></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {campaigns.map((c) => (
                    <Table.Tr key={c.id} data-testid="campaign-row">
                      <Table.Td><Anchor component={Link} to={`/campaigns/${encodeURIComponent(c.id)}`} fw={500}>{c.name}</Anchor><Text size="xs" c="dimmed" lineClamp={1}>{c.body}</Text></Table.Td>
                      <Table.Td><Badge color={STATUS_COLOR[c.status]} variant="light">{c.status}</Badge></Table.Td>
                      <Table.Td><Progress value={percent(c)} aria-label={`${c.name} progress`} /></Table.Td>
                      <Table.Td>{editor && <Actions c={c} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {list.hasNextPage && (
          <Group justify="center">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>Load more</Button>
          </Group>
        )}
      </Stack>
    </>
  );
}
