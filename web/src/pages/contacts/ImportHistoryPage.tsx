import { Alert, Anchor, Button, Loader, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { canAdminContacts, useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../policies';
import type { Page } from '../../types';
import { ImportStatusBadge } from './ContactBadges';
import type { ImportJob } from './contactTypes';
import { importActive, IMPORTS_KEY } from './contactsApi';
import { errorsCsvPath, hasErrorReport } from './import/useImport';

const n = (v: number) => v.toLocaleString();

export function ImportHistoryPage() {
  const { user } = useSession();
  const imports = useQuery({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: () => get<Page<ImportJob>>('/v1/imports'),
    refetchInterval: (q) => (q.state.data?.data.some((i) => importActive(i.status)) ? 1000 : false),
  });
  const rows = imports.data?.data ?? [];

  return (
    <>
      <Anchor component={Link} to="/contacts" size="sm" mb="xs" display="inline-block">
        ← All contacts
      </Anchor>
      <PageHeader
        title="Import history"
        description="Every CSV import, with what it added, updated and skipped."
        actions={
          canAdminContacts(user.role) && (
            <Button component={Link} to="/contacts/import">
              Import contacts
            </Button>
          )
        }
      />
      {imports.isPending && <Loader aria-label="Loading imports" />}
      {imports.isError && <Alert color="red">{errorMessage(imports.error)}</Alert>}
      {imports.isSuccess && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Rows</Table.Th>
                  <Table.Th ta="right">Added</Table.Th>
                  <Table.Th ta="right">Updated</Table.Th>
                  <Table.Th ta="right">Skipped</Table.Th>
                  <Table.Th ta="right">Failed</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((i) => (
                  <Table.Tr key={i.id} data-testid="import-row" data-import-id={i.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/contacts/import?id=${encodeURIComponent(i.id)}`} size="sm" fw={500}>
                        {i.filename || 'Untitled file'}
                      </Anchor>
                      {i.error && (
                        <Text size="xs" c="red.8" lineClamp={2} title={i.error}>
                          {i.error}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(i.startedAt ?? i.createdAt, true)}</Table.Td>
                    <Table.Td>
                      <ImportStatusBadge status={i.status} />
                    </Table.Td>
                    <Table.Td miw={140}>
                      {importActive(i.status) ? (
                        <Stack gap={2}>
                          <Progress value={i.percent} size="sm" animated aria-label={`Progress of ${i.filename}`} />
                          <Text size="xs" c="dimmed">
                            {n(i.processed)} / {i.total === null ? '…' : n(i.total)}
                          </Text>
                        </Stack>
                      ) : (
                        <Text size="sm">{n(i.total ?? i.processed)}</Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{n(i.inserted)}</Table.Td>
                    <Table.Td ta="right">{n(i.updated)}</Table.Td>
                    <Table.Td ta="right">{n(i.skipped)}</Table.Td>
                    <Table.Td ta="right">{n(i.failed)}</Table.Td>
                    <Table.Td ta="right">
                      {hasErrorReport(i) && (
                        <Anchor href={errorsCsvPath(i.id)} download size="sm" style={{ whiteSpace: 'nowrap' }}>
                          Error report
                        </Anchor>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={9}>
                      <Text c="dimmed" ta="center" py="md">
                        No imports yet.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
