import { Alert, Anchor, Badge, Loader, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { formatPhone } from '../contacts/contactsApi';
import { KIND_LABEL, SLA_KEY, relative, type SlaBreach } from './slaApi';

type State = 'all' | 'breached' | 'at_risk';

/** SLA: open conversations whose targets are breached or at risk (warned), most overdue first. */
export function SlaBreachesPage() {
  const [state, setState] = useState<State>('all');
  const list = useQuery({ queryKey: [...SLA_KEY, 'breaches', state], queryFn: () => get<{ data: SlaBreach[] }>(`/v1/sla/breaches?state=${state}`).then((r) => r.data), refetchInterval: 30_000 });
  const now = Date.now();
  return (
    <>
      <PageHeader title="SLA breaches" description="Conversations waiting past their SLA target, or close to it. Answering or closing takes them off the list." />
      <SegmentedControl mb="md" value={state} onChange={(v) => setState(v as State)} data={[{ value: 'all', label: 'All' }, { value: 'breached', label: 'Breached' }, { value: 'at_risk', label: 'At risk' }]} />
      {list.isPending ? <Loader size="sm" /> : list.isError ? <Alert color="red">{errorMessage(list.error)}</Alert> : list.data.length === 0 ? (
        <Text c="dimmed" data-testid="sla-breaches-empty">Nothing is breached or at risk.</Text>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={640}>
            <Table data-testid="sla-breaches">
              <Table.Thead><Table.Tr><Table.Th>Customer</Table.Th><Table.Th>Target</Table.Th><Table.Th>Due</Table.Th><Table.Th>Assignee</Table.Th><Table.Th>Team</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {list.data.map((b) => (
                  <Table.Tr key={`${b.conversationId}-${b.kind}`}>
                    <Table.Td><Anchor component={Link} to={`/inbox/${encodeURIComponent(b.conversationId)}`}>{b.contact.name ?? formatPhone(b.contact.phone)}</Anchor></Table.Td>
                    <Table.Td>
                      {KIND_LABEL[b.kind]} <Badge size="xs" color={b.state === 'breached' ? 'red' : 'orange'} ml={4}>{b.state === 'breached' ? 'Breached' : 'At risk'}</Badge>
                    </Table.Td>
                    <Table.Td title={new Date(b.dueAt).toLocaleString()}>{relative(b.dueAt, now)}</Table.Td>
                    <Table.Td>{b.assignee?.name ?? <Text span c="dimmed" size="sm">Unassigned</Text>}</Table.Td>
                    <Table.Td>{b.team?.name ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
