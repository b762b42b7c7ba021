import { Alert, Badge, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { errorMessage, get } from '../../api';
import { formatDate } from '../../policies';
import type { Subprocessors } from '../../types';
import { LegalFrame } from '../LegalPage';

export const CATEGORY_LABELS: Record<string, string> = { carrier: 'Carrier', email: 'Email', hosting: 'Hosting' };

/** Public list of the platform's sub-processors with the date of each change. */
export function SubprocessorsPage() {
  const list = useQuery({
    queryKey: ['legal', 'subprocessors'],
    queryFn: () => get<Subprocessors>('/v1/legal/subprocessors', { ignoreUnauthorized: true }),
    staleTime: 5 * 60_000,
  });
  useEffect(() => {
    document.title = 'Sub-processors · West Message';
    return () => {
      document.title = 'West Message';
    };
  }, []);

  return (
    <LegalFrame current="/legal/subprocessors">
      {list.isPending && <Loader aria-label="Loading" />}
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.data && (
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={1} data-testid="page-title">
              Sub-processors
            </Title>
            <Text c="dimmed" size="sm">
              Last updated {formatDate(list.data.lastUpdated)}
            </Text>
          </Stack>
          <Text>
            These service providers process personal data for West Message under contract. Each account can see in Settings which carriers
            received its messages.
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="subprocessors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Category</Table.Th>
                  <Table.Th>Purpose and data</Table.Th>
                  <Table.Th>Location</Table.Th>
                  <Table.Th>Since</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.data.map((s) => (
                  <Table.Tr key={s.name}>
                    <Table.Td fw={500}>{s.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{CATEGORY_LABELS[s.category] ?? s.category}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.purpose}</Text>
                      <Text size="xs" c="dimmed">
                        {s.data}
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.location}</Table.Td>
                    <Table.Td>{formatDate(s.since)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Title order={4}>Changes</Title>
          <List size="sm" spacing={4}>
            {list.data.changes.map((c) => (
              <List.Item key={`${c.date}-${c.change}`}>
                <Text size="sm">
                  <b>{formatDate(c.date)}</b> — {c.change}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </LegalFrame>
  );
}
