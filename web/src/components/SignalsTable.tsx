import { Badge, Table, Text } from '@mantine/core';
import { SIGNAL_LABELS, type RiskSignal } from '../trust-safety';

const fmt = (code: string, v: number) => (code === 'volume_spike' ? `×${v.toFixed(1)}` : `${(v * 100).toFixed(1)}%`);

/** Signals with their numbers: what crossed, by how much, and why. */
export function SignalsTable({ signals }: { signals: RiskSignal[] }) {
  return (
    <Table striped withTableBorder>
      <Table.Thead><Table.Tr><Table.Th>Signal</Table.Th><Table.Th>Value</Table.Th><Table.Th>Threshold</Table.Th><Table.Th>Explanation</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {signals.map((s, i) => (
          <Table.Tr key={`${s.code}-${s.campaignId ?? ''}-${i}`} data-testid={`signal-${s.code}`}>
            <Table.Td>
              <Text size="sm" fw={500}>{SIGNAL_LABELS[s.code] ?? s.code}</Text>
              {s.campaignId && <Badge size="xs" variant="light">campaign {s.campaignId}</Badge>}
            </Table.Td>
            <Table.Td><Badge color={s.crossed ? 'red' : 'gray'} variant="light">{fmt(s.code, s.value)}</Badge></Table.Td>
            <Table.Td>{fmt(s.code, s.threshold)}</Table.Td>
            <Table.Td><Text size="sm">{s.explanation}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
