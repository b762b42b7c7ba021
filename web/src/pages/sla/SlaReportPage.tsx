import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, get } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { SLA_KEY, type SlaReport, type SlaReportRow } from './slaApi';

type GroupBy = 'day' | 'agent' | 'team' | 'partner';
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={26} fw={700}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function Rows({ rows }: { rows: SlaReportRow[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table data-testid="sla-report-rows">
        <Table.Thead>
          <Table.Tr><Table.Th /><Table.Th>Targets</Table.Th><Table.Th>Met</Table.Th><Table.Th>First response</Table.Th><Table.Th>Next response</Table.Th><Table.Th>Resolution</Table.Th><Table.Th>CSAT</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key ?? r.label}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td>{r.total}</Table.Td>
              <Table.Td>{pct(r.percentMet)}</Table.Td>
              {(['first_response', 'next_response', 'resolution'] as const).map((k) => (
                <Table.Td key={k}>{r.byKind[k].total ? `${r.byKind[k].met}/${r.byKind[k].total}` : '—'}</Table.Td>
              ))}
              <Table.Td>{r.csat.average === null ? '—' : `${r.csat.average} (${r.csat.responses})`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Reports: % of SLA targets met and CSAT scores, per day, agent or team, over a date range. */
export function SlaReportPage() {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 13 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const [groupBy, setGroupBy] = useState<GroupBy>('day');
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const end = valid ? isoDay(new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000)) : to;
  const report = useQuery({
    queryKey: [...SLA_KEY, 'report', from, to, groupBy],
    queryFn: () => get<SlaReport>(`/v1/reports/sla?from=${from}T00:00:00Z&to=${end}T00:00:00Z&groupBy=${groupBy}`),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const r = report.data;
  const chart = (r?.rows ?? []).map((x) => ({ label: x.label, met: x.met, breached: x.breached }));
  const scores = (r?.totals.csat.distribution ?? [0, 0, 0, 0, 0]).map((n, i) => ({ score: String(i + 1), replies: n }));
  return (
    <>
      <PageHeader title="Reports" description="How often SLA targets were met, and what customers answered to the CSAT survey." />
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={valid ? undefined : 'Pick a range'} />
        <SegmentedControl value={groupBy} onChange={(v) => setGroupBy(v as GroupBy)} data={[{ value: 'day', label: 'By day' }, { value: 'agent', label: 'By agent' }, { value: 'team', label: 'By team' }, { value: 'partner', label: 'By partner' }]} />
      </Group>
      {report.isError && <Alert color="red">{errorMessage(report.error)}</Alert>}
      {!r ? (report.isPending && valid ? <Loader size="sm" /> : null) : (
        <Stack>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Figure label="SLA met" value={pct(r.totals.percentMet)} hint={`${r.totals.met} of ${r.totals.total} targets`} />
            <Figure label="Breached" value={String(r.totals.breached)} />
            <Figure label="CSAT" value={r.totals.csat.average === null ? '—' : `${r.totals.csat.average} / 5`} hint={`${r.totals.csat.responses} replies`} />
          </SimpleGrid>
          <Paper withBorder p="lg">
            <Title order={5} mb="sm">Targets met and breached</Title>
            {chart.length ? (
              <BarChart h={240} data={chart} dataKey="label" type="stacked" withLegend aria-label="SLA targets met and breached"
                series={[{ name: 'met', color: 'teal.6' }, { name: 'breached', color: 'red.6' }]} />
            ) : <Text size="sm" c="dimmed">No decided SLA targets in this range.</Text>}
            <Text size="xs" c="dimmed" mt="xs">Days in {r.timeZone}. A target counts once met or breached; one stopped by a close does not.</Text>
          </Paper>
          <Paper withBorder p="lg">
            <Title order={5} mb="sm">CSAT scores</Title>
            <BarChart h={160} data={scores} dataKey="score" aria-label="CSAT score distribution" series={[{ name: 'replies', color: 'indigo.6' }]} />
          </Paper>
          <Paper withBorder p="lg"><Rows rows={r.rows} /></Paper>
        </Stack>
      )}
    </>
  );
}
