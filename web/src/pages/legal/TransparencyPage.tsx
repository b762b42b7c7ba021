import { Alert, Loader, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';
import { LegalFrame } from '../LegalPage';

type Report = components['schemas']['TransparencyReport'];

/** Public transparency report: the legal requests for data West Message received, by half-year. */
export function TransparencyPage() {
  const report = useQuery({ queryKey: ['transparency-report'], queryFn: () => get<Report>('/v1/transparency-report') });
  return (
    <LegalFrame current="/legal/transparency">
      <Title order={1} mb="xs">
        Transparency report
      </Title>
      <Text c="dimmed" mb="lg">
        Legal requests for data of accounts on West Message (subpoenas, court orders, police requests), counted by the half-year in
        which we received them. We tell the owner of each account concerned, unless a court orders us not to — and then once the
        order ends. The figures are also available as JSON at <code>/v1/transparency-report</code>.
      </Text>
      {report.isPending && <Loader aria-label="Loading the report" />}
      {report.isError && <Alert color="red">{errorMessage(report.error)}</Alert>}
      {report.data && report.data.periods.length === 0 && <Text data-testid="transparency-empty">No legal requests received so far.</Text>}
      {report.data && report.data.periods.length > 0 && (
        <Table striped data-testid="transparency-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Period</Table.Th>
              <Table.Th>Requests</Table.Th>
              <Table.Th>Accounts affected</Table.Th>
              <Table.Th>Data disclosed</Table.Th>
              <Table.Th>Partly disclosed</Table.Th>
              <Table.Th>Rejected</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.data.periods.map((p) => (
              <Table.Tr key={p.period}>
                <Table.Td>
                  {p.period} <Text span size="xs" c="dimmed">({p.from} – {p.to})</Text>
                </Table.Td>
                <Table.Td>{p.requests}</Table.Td>
                <Table.Td>{p.accountsAffected}</Table.Td>
                <Table.Td>{p.disclosed}</Table.Td>
                <Table.Td>{p.partiallyDisclosed}</Table.Td>
                <Table.Td>{p.rejected}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </LegalFrame>
  );
}
