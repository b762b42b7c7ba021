import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { components } from '../../api-types.gen';
import { download, errorMessage, get, post } from '../../api';
import { canAdminContacts, canEditContacts, canLaunchCampaigns, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { pauseLabel, resumable } from './pause-reasons';
import { CampaignLinks } from './CampaignLinks';
import { CampaignVariants } from './CampaignVariants';

type Campaign = components['schemas']['Campaign'];
type Timeline = components['schemas']['CampaignTimeline'];
type Recipient = components['schemas']['CampaignRecipient'];
type Bucket = Timeline['bucket'];

const STATUS_COLOR: Record<string, string> = { draft: 'gray', scheduled: 'blue', running: 'green', paused: 'yellow', completed: 'teal', canceled: 'red' };
const REASON_LABEL: Record<string, string> = {
  no_consent: 'No marketing consent', opted_out: 'Opted out', landline: 'Landline', invalid_phone: 'Invalid number', frequency_cap: 'Frequency cap', destination_not_allowed: 'Country not allowed',
};
const LIVE = new Set(['scheduled', 'running']);
/** Bars while there are few buckets (a single point of an area chart is a dot), an area over time after. */
const FEW_BUCKETS = 12;
const TEXT_SERIES = [{ name: 'sent', color: 'blue.6' }, { name: 'delivered', color: 'teal.6' }, { name: 'failed', color: 'red.6' }];

/** Share done: recipients written during fan-out (first half), then texts in a final status (second half). */
export function progressOf(c: Campaign): number {
  const p = c.progress;
  if (c.status === 'completed') return 100;
  if (!p.audience) return 0;
  if (!p.fannedOut) return Math.round((50 * p.materialised) / p.audience);
  return 50 + Math.round((50 * p.finished) / Math.max(1, p.materialised));
}

const fmtTime = (iso: string, bucket: Bucket) => {
  const d = new Date(iso);
  return bucket === 'day' ? d.toLocaleDateString() : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
};

function Stat({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={`stat-${label.toLowerCase().replace(/\W+/g, '-')}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="xl" fw={700}>{typeof value === 'number' ? value.toLocaleString() : value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function Actions({ c }: { c: Campaign }) {
  const qc = useQueryClient();
  const launcher = canLaunchCampaigns(useSession().user.role);
  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => post<Campaign>(`/v1/campaigns/${encodeURIComponent(c.id)}/${action}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['campaigns'] }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const btn = (action: 'pause' | 'resume' | 'cancel', label: string, color?: string) => (
    <Button size="xs" variant="light" color={color} loading={act.isPending && act.variables === action} onClick={() => act.mutate(action)}>{label}</Button>
  );
  return (
    <Group gap="xs">
      {LIVE.has(c.status) && btn('pause', 'Pause')}
      {c.status === 'paused' && resumable(c.paused?.reason) && launcher && btn('resume', 'Resume')}
      {!['completed', 'canceled', 'draft'].includes(c.status) && btn('cancel', 'Cancel', 'red')}
    </Group>
  );
}

/** Changes whenever the campaign's counts do: the charts and the recipients list refetch then (not only on a timer). */
const versionOf = (c: Campaign) => {
  const s = c.stats;
  return [c.status, s.recipients, s.sent, s.delivered, s.undelivered, s.failed, s.canceled, s.replies, s.optOuts].join(':');
};

function Charts({ id, version }: { id: string; version: string }) {
  const [params, setParams] = useSearchParams();
  const bucket = (params.get('bucket') as Bucket | null) ?? 'hour';
  const timeline = useQuery({
    queryKey: ['campaigns', id, 'timeline', bucket, version],
    queryFn: () => get<Timeline>(`/v1/campaigns/${encodeURIComponent(id)}/timeline?bucket=${bucket}`),
    placeholderData: keepPreviousData,
  });
  const data = (timeline.data?.data ?? []).map((d) => ({ ...d, t: fmtTime(d.t, bucket) }));
  return (
    <Paper withBorder p="md" data-testid="campaign-charts">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Over time</Title>
        <SegmentedControl
          size="xs" value={bucket} aria-label="Bucket size"
          data={[{ value: 'minute', label: 'Minute' }, { value: 'hour', label: 'Hour' }, { value: 'day', label: 'Day' }]}
          onChange={(v) => setParams((p) => { p.set('bucket', v); return p; }, { replace: true })}
        />
      </Group>
      {timeline.isPending && <Loader size="sm" aria-label="Loading the timeline" />}
      {timeline.isError && <Alert color="red">{errorMessage(timeline.error)}</Alert>}
      {timeline.isSuccess && data.length === 0 && <Text c="dimmed" size="sm">Nothing sent yet.</Text>}
      {timeline.isSuccess && data.length > 0 && (
        <Stack>
          {data.length < FEW_BUCKETS ? (
            <BarChart h={220} data={data} dataKey="t" withLegend aria-label="Texts over time" series={TEXT_SERIES} />
          ) : (
            <AreaChart h={220} data={data} dataKey="t" curveType="monotone" withLegend aria-label="Texts over time" series={TEXT_SERIES} />
          )}
          <BarChart
            h={160} data={data} dataKey="t" withLegend aria-label="Responses over time"
            series={[{ name: 'replies', color: 'indigo.6' }, { name: 'optOuts', label: 'opt-outs', color: 'orange.6' }]}
          />
          <Text size="xs" c="dimmed">Buckets cut in {timeline.data.timeZone}.</Text>
        </Stack>
      )}
    </Paper>
  );
}

function Recipients({ id, version }: { id: string; version: string }) {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const reason = params.get('reason');
  const qs = new URLSearchParams({ limit: '100', ...(status ? { status } : {}), ...(reason ? { reason } : {}) });
  const list = useQuery({
    queryKey: ['campaigns', id, 'recipients', status, reason, version],
    queryFn: () => get<{ data: Recipient[]; nextCursor: string | null }>(`/v1/campaigns/${encodeURIComponent(id)}/recipients?${qs}`),
    placeholderData: keepPreviousData,
  });
  const clear = () => setParams((p) => { p.delete('status'); p.delete('reason'); return p; });
  return (
    <Paper withBorder p="md" id="recipients" data-testid="campaign-recipients">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Recipients{reason ? ` skipped: ${REASON_LABEL[reason] ?? reason}` : status ? ` (${status})` : ''}</Title>
        {(status || reason) && <Button size="xs" variant="subtle" onClick={clear}>Show all</Button>}
      </Group>
      {list.isPending && <Loader size="sm" aria-label="Loading recipients" />}
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isSuccess && (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Contact</Table.Th><Table.Th>Phone</Table.Th><Table.Th>Status</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Scheduled for</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data.data.map((r) => (
                <Table.Tr key={r.contactId} data-testid="recipient-row">
                  <Table.Td><Anchor component={Link} to={`/contacts/${r.contactId}`}>{r.name ?? 'Unnamed contact'}</Anchor></Table.Td>
                  <Table.Td data-testid="recipient-phone" style={{ whiteSpace: 'nowrap' }}>{r.phone ?? '—'}</Table.Td>
                  <Table.Td>{r.status}</Table.Td>
                  <Table.Td>{r.reason ? REASON_LABEL[r.reason] ?? r.reason : ''}</Table.Td>
                  <Table.Td>{r.scheduledFor ? new Date(r.scheduledFor).toLocaleString() : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.isSuccess && list.data.nextCursor && <Text size="xs" c="dimmed" mt="xs">The first 100 are shown; export the CSV for all.</Text>}
    </Paper>
  );
}

/** Campaign report (issue 9): status and progress, actions, stats, skipped by reason, charts over time, recipients, CSV export. */
export function CampaignReportPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const campaign = useQuery({
    queryKey: ['campaigns', id],
    queryFn: () => get<Campaign>(`/v1/campaigns/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data && LIVE.has(q.state.data.status) ? 3000 : false),
  });
  if (campaign.isPending) return <Loader aria-label="Loading the campaign" />;
  if (campaign.isError) return <Alert color="red">{errorMessage(campaign.error)}</Alert>;
  const c = campaign.data;
  const s = c.stats;
  const skipped = Object.entries(s.skipped);
  const pct = progressOf(c);
  const exportCsv = () => download(`/v1/campaigns/${encodeURIComponent(c.id)}/recipients.csv`, { filename: `campaign-${c.id}.csv` })
    .catch((e) => notifications.show({ color: 'red', message: errorMessage(e) }));
  return (
    <>
      <PageHeader
        title={c.name}
        description={<Anchor component={Link} to="/campaigns" size="sm">← All campaigns</Anchor>}
        actions={
          <Group gap="xs">
            {canEditContacts(user.role) && <Actions c={c} />}
            {canAdminContacts(user.role) && <Button size="xs" variant="default" onClick={() => void exportCsv()}>Export CSV</Button>}
          </Group>
        }
      />
      <Stack>
        <Paper withBorder p="md">
          <Group justify="space-between" mb={6}>
            <Badge color={STATUS_COLOR[c.status]} variant="light" size="lg" data-testid="campaign-status">{c.status}</Badge>
            <Text size="sm" c="dimmed">
              {c.progress.materialised.toLocaleString()} of {(c.progress.audience ?? 0).toLocaleString()} recipients written · {c.progress.finished.toLocaleString()} finished
              {c.rateLimit ? ` · at most ${c.rateLimit}/s` : ''}
            </Text>
          </Group>
          <Progress value={pct} size="lg" aria-label="Campaign progress" data-testid="campaign-progress" data-value={pct} animated={LIVE.has(c.status)} />
          {c.paused && (
            <Alert color="yellow" mt="sm" title={pauseLabel(c.paused.reason)}>
              {c.paused.details && typeof c.paused.details.rate === 'number' && (
                <Text size="sm">
                  {Math.round(c.paused.details.rate * 1000) / 10}% ({String(c.paused.details.count)} of {String(c.paused.details.sample)} in {String(c.paused.details.windowMinutes)} min),
                  above the {Math.round(Number(c.paused.details.threshold) * 1000) / 10}% limit. Waiting texts are held until you resume.
                </Text>
              )}
            </Alert>
          )}
        </Paper>
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }}>
          <Stat label="Recipients" value={s.recipients} />
          <Stat label="Queued" value={s.queued} />
          <Stat label="Sent" value={s.sent} />
          <Stat label="Delivered" value={s.delivered} />
          <Stat label="Undelivered" value={s.undelivered} />
          <Stat label="Failed" value={s.failed} />
          <Stat label="Clicks" value={s.clicks} hint={`${s.uniqueClicks.toLocaleString()} unique`} />
          <Stat label="Replies" value={s.replies} />
          <Stat label="Opt-outs" value={s.optOuts} />
          <Stat label="Segments" value={s.segments} />
          <Stat label="Cost" value={`$${s.cost}`} hint={s.currency} />
          <Stat label="Skipped" value={skipped.reduce((a, [, n]) => a + n, 0)} />
        </SimpleGrid>
        {skipped.length > 0 && (
          <Paper withBorder p="md" data-testid="campaign-skipped">
            <Title order={4} mb="sm">Skipped, by reason</Title>
            <Table>
              <Table.Tbody>
                {skipped.map(([reason, n]) => (
                  <Table.Tr key={reason}>
                    <Table.Td><Anchor component={Link} to={`?status=skipped&reason=${encodeURIComponent(reason)}#recipients`}>{REASON_LABEL[reason] ?? reason}</Anchor></Table.Td>
                    <Table.Td ta="right">{n.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        <Charts id={c.id} version={versionOf(c)} />
        {c.abTest && (
          <Paper withBorder p="md">
            <Title order={4} mb="sm">A/B test</Title>
            <CampaignVariants campaign={c} refetchMs={LIVE.has(c.status) ? 5000 : 15_000} />
          </Paper>
        )}
        <Paper withBorder p="md">
          <Title order={4} mb="sm">Links</Title>
          <CampaignLinks campaignId={c.id} refetchMs={LIVE.has(c.status) ? 5000 : 15_000} />
        </Paper>
        <Recipients id={c.id} version={versionOf(c)} />
      </Stack>
    </>
  );
}
