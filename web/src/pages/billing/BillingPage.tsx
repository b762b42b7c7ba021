import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Badge, Button, Card, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { download, errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';
import { PageHeader } from '../../components/PageHeader';

type S = components['schemas'];
type Overview = S['BillingOverview'];
type Usage = S['BillingUsage'];
type Statements = S['StatementList'];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const UNIT_LABELS: Record<string, string> = { sms: 'SMS segments sent', mms: 'MMS sent', inbound_sms: 'SMS segments received', inbound_mms: 'MMS received', number_month: 'Number-months' };

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={26} fw={700}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function BalanceCards({ o, u }: { o: Overview; u: Usage | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Kpi testId="billing-balance" label="Credit balance" value={o.prepaid ? `${o.balance} ${o.currency}` : 'Not prepaid'}
        hint={o.prepaid ? (o.held ? 'Sending is paused until credits are added' : `Low-balance email below ${(o.lowBalanceMicros / 1e6).toFixed(2)} ${o.currency}`) : 'Usage is metered and shown on statements'} />
      <Kpi testId="billing-segments" label="Segments sent (range)" value={String(u?.totals.sms ?? '…')} hint={u ? `${u.totals.mms} MMS, ${u.totals.inboundSms} segments received` : undefined} />
      <Kpi testId="billing-cost" label="Cost (range)" value={u ? `${u.totals.amount} ${u.currency}` : '…'} hint="At the prices in force when metered" />
    </SimpleGrid>
  );
}

function StatementsCard() {
  const list = useQuery({ queryKey: ['billing-statements'], queryFn: () => get<Statements>('/v1/billing/statements') });
  const fetchFile = (month: string, kind: 'csv' | 'pdf') =>
    download(`/v1/billing/statements/${month}/${kind}`, { filename: `statement-${month}.${kind}` }).catch((e) => notifications.show({ color: 'red', message: errorMessage(e) }));
  return (
    <Card withBorder>
      <Title order={4} mb="sm">Statements</Title>
      {list.isPending ? <Loader size="sm" /> : list.isError ? <Alert color="red">{errorMessage(list.error)}</Alert> : (
        <Table data-testid="billing-statements">
          <Table.Tbody>
            {list.data.data.map((s) => (
              <Table.Tr key={s.month}>
                <Table.Td>{s.month}</Table.Td>
                <Table.Td>{s.number ? <Badge variant="light" title="Issued: it never changes">Issued · {s.number}</Badge> : s.final ? <Badge variant="light" color="gray" title="Issued when first opened">Closed</Badge> : <Badge variant="light" color="yellow" title="Live: changes until the month closes">Preview · in progress</Badge>}</Table.Td>
                <Table.Td><Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="default" onClick={() => void fetchFile(s.month, 'pdf')}>PDF</Button>
                  <Button size="xs" variant="default" onClick={() => void fetchFile(s.month, 'csv')}>CSV</Button>
                </Group></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Billing and usage (issue 13): the balance, usage by day (chart), by country, statements, the credit ledger. */
export function BillingPage() {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const overview = useQuery({ queryKey: ['billing'], queryFn: () => get<Overview>('/v1/billing') });
  const usage = useQuery({ queryKey: ['billing-usage', from, to], queryFn: () => get<Usage>(`/v1/billing/usage?from=${from}&to=${to}`), enabled: valid, placeholderData: keepPreviousData });
  if (overview.isPending) return <Loader aria-label="Loading billing" />;
  if (overview.isError) return <Alert color="red">{errorMessage(overview.error)}</Alert>;
  const o = overview.data;
  const u = usage.data;
  return (
    <Stack>
      <PageHeader title="Billing and usage" />
      {o.held && <Alert color="orange" data-testid="billing-held">Your prepaid credits are used up: messages wait, queued, and go out once credits are added.</Alert>}
      <BalanceCards o={o} u={u} />
      <Group align="flex-end">
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      {usage.isError && <Alert color="red">{errorMessage(usage.error)}</Alert>}
      <Card withBorder>
        <Title order={4} mb="sm">Usage by day</Title>
        {u ? (
          <BarChart h={260} data={u.days} dataKey="day" type="stacked" withLegend aria-label="Usage by day" data-testid="billing-chart"
            series={[{ name: 'sms', label: 'Segments sent', color: 'blue.6' }, { name: 'mms', label: 'MMS sent', color: 'grape.6' }, { name: 'inboundSms', label: 'Segments received', color: 'teal.6' }]} />
        ) : <Loader size="sm" />}
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">By country and type</Title>
          {!u?.byCountry.length ? <Text size="sm" c="dimmed">No usage in this range.</Text> : (
            <Table data-testid="billing-by-country">
              <Table.Thead><Table.Tr><Table.Th>Item</Table.Th><Table.Th>Country</Table.Th><Table.Th>Type</Table.Th><Table.Th>Quantity</Table.Th><Table.Th>Cost</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{u.byCountry.map((l) => (
                <Table.Tr key={`${l.unit}-${l.country}-${l.senderType}`}><Table.Td>{UNIT_LABELS[l.unit] ?? l.unit}</Table.Td><Table.Td>{l.country}</Table.Td><Table.Td>{l.senderType.replace('_', ' ')}</Table.Td><Table.Td>{l.quantity}</Table.Td><Table.Td>{(l.amountMicros / 1e6).toFixed(4)}</Table.Td></Table.Tr>
              ))}</Table.Tbody>
            </Table>
          )}
        </Card>
        <StatementsCard />
      </SimpleGrid>
      {o.prepaid && (
        <Card withBorder>
          <Title order={4} mb="sm">Credit ledger</Title>
          <Table data-testid="billing-ledger">
            <Table.Tbody>{o.entries.map((e) => (
              <Table.Tr key={e.id}><Table.Td>{new Date(e.createdAt).toLocaleString()}</Table.Td><Table.Td>{e.kind === 'topup' ? 'Top-up' : e.kind === 'usage' ? 'Usage' : e.kind}</Table.Td><Table.Td>{e.description ?? e.reference ?? ''}</Table.Td><Table.Td>{e.amount}</Table.Td><Table.Td>{(e.balanceAfterMicros / 1e6).toFixed(4)}</Table.Td></Table.Tr>
            ))}</Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
