import { Alert, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, post } from '../../../api';
import { canAdminContacts, useSession } from '../../../auth';
import { formatDate } from '../../../policies';
import { ImportStatusBadge } from '../ContactBadges';
import type { ImportJob } from '../contactTypes';
import { CONTACTS_KEY, IMPORTS_KEY, importActive } from '../contactsApi';
import { errorsCsvPath, hasErrorReport } from './useImport';

function Counter({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={value > 0 ? color : undefined} data-testid={testId}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

/** Step 3: live progress of an import, then its outcome and error report. */
export function ImportProgressCard({ imp, onAnother }: { imp: ImportJob; onAnother: () => void }) {
  const qc = useQueryClient();
  const { user } = useSession();
  const admin = canAdminContacts(user.role);
  const active = importActive(imp.status);
  const cancel = useMutation({
    mutationFn: () => post<ImportJob>(`/v1/imports/${encodeURIComponent(imp.id)}/cancel`),
    onSuccess: (i) => qc.setQueryData([...IMPORTS_KEY, imp.id], i),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
    onSettled: () => void qc.invalidateQueries({ queryKey: IMPORTS_KEY }),
  });
  // New contacts (and counts) exist once it finishes: lists and segment counts must refetch.
  useEffect(() => {
    if (!active) void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
  }, [active, qc]);
  const problems = imp.failed + imp.skipped;

  return (
    <Paper withBorder p="lg" maw={880}>
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>{imp.filename || 'Import'}</Title>
            <Text size="sm" c="dimmed">
              Started {formatDate(imp.startedAt ?? imp.createdAt, true)}
              {imp.finishedAt ? ` · finished ${formatDate(imp.finishedAt, true)}` : ''}
            </Text>
          </Stack>
          <ImportStatusBadge status={imp.status} size="lg" data-testid="import-status-badge" />
        </Group>

        <Stack gap={6}>
          <Progress.Root size="xl" radius="md">
            <Progress.Section
              value={imp.percent}
              data-testid="import-progress"
              aria-label="Import progress"
              animated={active}
              color={imp.status === 'failed' ? 'red' : imp.status === 'canceled' ? 'orange' : imp.status === 'completed' ? 'green' : undefined}
            >
              {imp.percent >= 8 && <Progress.Label>{imp.percent}%</Progress.Label>}
            </Progress.Section>
          </Progress.Root>
          <Group justify="space-between">
            <Text size="sm" data-testid="import-processed">
              {imp.processed.toLocaleString()} / {imp.total === null ? '…' : imp.total.toLocaleString()} rows
            </Text>
            <Text size="sm" c="dimmed">
              {imp.status === 'queued' ? 'Waiting to start…' : active ? (imp.total === null ? 'Counting rows…' : 'Importing…') : ''}
            </Text>
          </Group>
        </Stack>

        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Counter label="Added" value={imp.inserted} color="green.8" testId="import-inserted" />
          <Counter label="Updated" value={imp.updated} color="blue.8" testId="import-updated" />
          <Counter label="Skipped" value={imp.skipped} color="orange.8" testId="import-skipped" />
          <Counter label="Failed" value={imp.failed} color="red.8" testId="import-failed" />
        </SimpleGrid>

        {active ? (
          <Group>
            {admin && (
              <Button variant="default" color="red" onClick={() => cancel.mutate()} loading={cancel.isPending}>
                Cancel import
              </Button>
            )}
            <Text size="sm" c="dimmed">
              You can leave this page; the import keeps running.
            </Text>
          </Group>
        ) : (
          <Stack>
            <Alert
              color={imp.status === 'completed' ? 'green' : imp.status === 'failed' ? 'red' : 'orange'}
              title={
                <span>
                  Import <span data-testid="import-status">{imp.status}</span>
                </span>
              }
            >
              {imp.status === 'completed' && `${(imp.inserted + imp.updated).toLocaleString()} contacts were added or updated.`}
              {imp.status === 'canceled' && 'The import was stopped. Rows imported before that are kept.'}
              {imp.status === 'failed' && (imp.error ?? 'The import stopped with an error.')}
              {problems > 0 && ` ${problems.toLocaleString()} row${problems === 1 ? ' was' : 's were'} skipped or failed — the error report lists each one with the reason.`}
            </Alert>
            <Group>
              <Button component={Link} to="/contacts">
                View contacts
              </Button>
              {hasErrorReport(imp) && (
                <Button component="a" href={errorsCsvPath(imp.id)} download variant="default" data-testid="import-errors-link">
                  Download error report
                </Button>
              )}
              {admin && (
                <Button variant="subtle" onClick={onAnother}>
                  Import another file
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
