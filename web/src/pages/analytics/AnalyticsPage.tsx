import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Button, Group, Loader, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { download, errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';
import { PageHeader } from '../../components/PageHeader';
import type { Page } from '../../types';

type Summary = components['schemas']['AnalyticsSummary'];
type Granularity = Summary['granularity'];
interface NumberOption { id: string; phoneNumber: string }

/** The day `n` days before an ISO date (YYYY-MM-DD). */
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const secs = (v: number | null) => (v === null ? '—' : v < 120 ? `${Math.round(v)} s` : v < 7200 ? `${Math.round(v / 60)} min` : `${Math.round(v / 360) / 10} h`);
const RANGES = [{ value: '7', label: '7 days' }, { value: '30', label: '30 days' }, { value: '90', label: '90 days' }];

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" data-testid={`kpi-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={26} fw={700}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function ErrorsTable({ s }: { s: Summary }) {
  if (!s.errors.length) return <Text size="sm" c="dimmed">No failed texts in this range.</Text>;
  return (
    <Table data-testid="analytics-errors">
      <Table.Thead><Table.Tr><Table.Th>Carrier error</Table.Th><Table.Th>Failed texts</Table.Th><Table.Th>Share of failures</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {s.errors.map((e) => <Table.Tr key={e.code}><Table.Td>{e.code}</Table.Td><Table.Td>{e.failed}</Table.Td><Table.Td>{pct(e.share)}</Table.Td></Table.Tr>)}
      </Table.Tbody>
    </Table>
  );
}

function CampaignsTable({ s }: { s: Summary }) {
  if (!s.campaigns.length) return <Text size="sm" c="dimmed">No campaign texts in this range.</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table data-testid="analytics-campaigns">
        <Table.Thead>
          <Table.Tr><Table.Th>Campaign</Table.Th><Table.Th>Recipients</Table.Th><Table.Th>Sent</Table.Th><Table.Th>Delivered</Table.Th><Table.Th>Opt-outs</Table.Th><Table.Th>Clicks</Table.Th><Table.Th>Cost</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.campaigns.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.name}</Table.Td><Table.Td>{c.recipients ?? '—'}</Table.Td><Table.Td>{c.sent}</Table.Td>
              <Table.Td>{pct(c.deliveredPercent)}</Table.Td><Table.Td>{`${c.optOuts} (${pct(c.optOutPercent)})`}</Table.Td><Table.Td>{c.clicks}</Table.Td><Table.Td>${c.cost}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type SlaRow = Summary['sla']['byAgent'][number];

/** SLA targets met per agent or per team (who had the conversation when the target was decided). */
function SlaTable({ rows, who, testId }: { rows: SlaRow[]; who: string; testId: string }) {
  if (!rows.length) return <Text size="sm" c="dimmed">No SLA targets decided in this range.</Text>;
  return (
    <Table data-testid={testId}>
      <Table.Thead><Table.Tr><Table.Th>{who}</Table.Th><Table.Th>Targets</Table.Th><Table.Th>Met</Table.Th><Table.Th>Breached</Table.Th><Table.Th>% met</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.id ?? '-'}><Table.Td>{r.name}</Table.Td><Table.Td>{r.total}</Table.Td><Table.Td>{r.met}</Table.Td><Table.Td>{r.breached}</Table.Td><Table.Td>{pct(r.percentMet)}</Table.Td></Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Analytics (issue 13): the business's texting over a range of its days, from the hourly rollups. */
export function AnalyticsPage() {
  // null: the server's default, the last 30 days up to today in the account's zone (the answer says which days).
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [numberId, setNumberId] = useState<string | null>(null);
  const [granularity, setGranularity] = useState<Granularity>('day');
  const valid = !range || (/^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to);
  const query = new URLSearchParams({ ...(range ?? {}), granularity, ...(numberId ? { numberId } : {}) }).toString();
  const numbers = useQuery({ queryKey: ['numbers'], queryFn: () => get<Page<NumberOption>>('/v1/numbers') });
  const summary = useQuery({
    queryKey: ['analytics', query],
    queryFn: () => get<Summary>(`/v1/analytics/summary?${query}`),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const s = summary.data;
  const t = s?.totals;
  const from = range?.from ?? s?.from ?? '';
  const to = range?.to ?? s?.to ?? '';
  const today = s?.today;
  const preset = (days: string) => { if (today) setRange({ from: daysBefore(today, Number(days) - 1), to: today }); };
  const exportCsv = () => download(`/v1/analytics/export.csv?${query}`, { filename: `analytics-${from}-${to}.csv` })
    .catch((e) => notifications.show({ color: 'red', message: errorMessage(e) }));
  return (
    <>
      <PageHeader
        title="Analytics"
        description="Texts sent, delivered, failed and received, opt-ins and opt-outs, campaigns, response times and cost."
        actions={<Button variant="default" onClick={exportCsv} disabled={!valid}>Export CSV</Button>}
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <SegmentedControl data={RANGES} onChange={preset} aria-label="Quick range" value={RANGES.find((r) => today && from === daysBefore(today, Number(r.value) - 1) && to === today)?.value ?? ''} />
        <TextInput label="From" type="date" value={from} onChange={(e) => setRange({ from: e.currentTarget.value, to })} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setRange({ from, to: e.currentTarget.value })} error={valid ? undefined : 'Pick a range'} />
        <Select label="Number" placeholder="All numbers" clearable value={numberId} onChange={setNumberId}
          data={(numbers.data?.data ?? []).map((n) => ({ value: n.id, label: n.phoneNumber }))} />
        <SegmentedControl value={granularity} onChange={(v) => setGranularity(v as Granularity)} aria-label="Granularity"
          data={[{ value: 'day', label: 'Daily' }, { value: 'week', label: 'Weekly' }, { value: 'month', label: 'Monthly' }]} />
      </Group>
      {summary.isError && <Alert color="red">{errorMessage(summary.error)}</Alert>}
      {!s || !t ? (summary.isPending && valid ? <Loader size="sm" aria-label="Loading analytics" /> : null) : (
        <Stack>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Kpi label="Sent" value={String(t.sent)} hint={`${t.segmentsOut} segments`} />
            <Kpi label="Delivered" value={pct(t.deliveryRate)} hint={`${t.delivered} delivered, ${t.failed} failed`} />
            <Kpi label="Received" value={String(t.received)} hint={`${t.segmentsIn} segments`} />
            <Kpi label="Opt-outs" value={String(t.optOuts)} hint={`${pct(t.optOutRate)} of sent · ${t.optIns} opt-ins`} />
            <Kpi label="Response time" value={secs(t.averageResponseSeconds)} hint={`${t.responses} answered · ${pct(t.respondedWithin.oneHour)} within 1 h`} />
            <Kpi label="Cost" value={`$${s.cost.amount}`} hint={s.cost.currency} />
          </SimpleGrid>
          <Paper withBorder p="lg">
            <Title order={5} mb="sm">Texts over time</Title>
            <LineChart h={260} data={s.series} dataKey="period" withLegend curveType="monotone" aria-label="Texts over time" data-testid="analytics-chart"
              series={[{ name: 'sent', color: 'blue.6' }, { name: 'delivered', color: 'teal.6' }, { name: 'failed', color: 'red.6' }, { name: 'received', color: 'grape.6' }]} />
            <Text size="xs" c="dimmed" mt="xs" data-testid="analytics-zone">Days in {s.timeZone}. Figures come from rollups updated every minute.</Text>
          </Paper>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="lg">
              <Title order={5} mb="sm">Opt-ins and opt-outs</Title>
              <BarChart h={200} data={s.series} dataKey="period" withLegend aria-label="Opt-ins and opt-outs"
                series={[{ name: 'optIns', label: 'opt-ins', color: 'teal.6' }, { name: 'optOuts', label: 'opt-outs', color: 'orange.6' }]} />
            </Paper>
            <Paper withBorder p="lg">
              <Title order={5} mb="sm">Delivery by carrier error</Title>
              <ErrorsTable s={s} />
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="lg">
            <Title order={5} mb="sm">Campaigns</Title>
            <CampaignsTable s={s} />
          </Paper>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="lg">
              <Title order={5} mb="sm">Inbox response times</Title>
              <Text size="sm">Average first answer: <b>{secs(t.averageResponseSeconds)}</b> over {t.responses} customer texts</Text>
              <Text size="sm">Within 5 min: {pct(t.respondedWithin.fiveMinutes)} · 1 h: {pct(t.respondedWithin.oneHour)} · 24 h: {pct(t.respondedWithin.oneDay)}</Text>
              <Text size="sm" mt="xs" data-testid="analytics-sla">SLA targets met: <b>{pct(s.sla.percentMet)}</b> ({s.sla.met} of {s.sla.total}; whole account)</Text>
            </Paper>
            <Paper withBorder p="lg">
              <Title order={5} mb="sm">Cost</Title>
              <Text fz={22} fw={700}>${s.cost.amount}</Text>
              <Text size="xs" c="dimmed">{t.segmentsOut} segments sent; priced as {s.cost.source}.</Text>
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="lg">
            <Title order={5} mb="sm">SLA by agent and team</Title>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <SlaTable rows={s.sla.byAgent} who="Agent" testId="analytics-sla-agents" />
              <SlaTable rows={s.sla.byTeam} who="Team" testId="analytics-sla-teams" />
            </SimpleGrid>
          </Paper>
        </Stack>
      )}
    </>
  );
}
