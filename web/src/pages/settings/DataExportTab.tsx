import { Alert, Badge, Box, Button, Group, Loader, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, get, post } from '../../api';
import type { components } from '../../api-types.gen';
import { useSession } from '../../auth';
import { formatDate } from '../../policies';
import type { Page } from '../../types';

/** GET /v1/exports items. */
type DataExport = components['schemas']['DataExport'];

const EXPORTS_KEY = ['exports'] as const;
const STATUS_COLOR: Record<DataExport['status'], string> = { queued: 'gray', running: 'blue', completed: 'green', failed: 'red', expired: 'gray' };
const busy = (e: DataExport) => e.status === 'queued' || e.status === 'running';

function size(bytes: number | null) {
  if (bytes === null) return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The export's file, as a plain link: the browser streams the ZIP to disk with the session cookie (no copy in memory). */
function DownloadLink({ e }: { e: DataExport }) {
  if (!e.downloadUrl) return null;
  return (
    <Button component="a" href={e.downloadUrl} size="xs" variant="light">
      Download ZIP ({size(e.size)})
    </Button>
  );
}

/**
 * One export: what and when, its state (progress, error or expiry), the download. Three columns
 * from a tablet up; on a phone the download sits under the state (a five-column table scrolled
 * sideways there: the status read "COMPL…" and the download was off screen).
 */
function ExportRow({ e }: { e: DataExport }) {
  return (
    <Table.Tr data-testid="export-row">
      <Table.Td>
        <Text size="sm">{e.scope === 'account' ? 'Whole account' : 'My data'}</Text>
        <Text size="xs" c="dimmed">Asked {formatDate(e.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={6} align="flex-start">
          <Badge color={STATUS_COLOR[e.status]} variant="light">{e.status}</Badge>
          {busy(e) ? (
            <Group gap="xs" wrap="nowrap">
              <Progress value={e.progress} w={120} animated aria-label={`Export progress ${e.progress}%`} />
              <Text size="sm">{e.progress}%</Text>
            </Group>
          ) : e.status === 'failed' ? (
            <Text size="sm" c="red">{e.error ?? 'The export failed.'}</Text>
          ) : e.status === 'completed' && e.expiresAt ? (
            <Text size="sm" c="dimmed">Link valid until {formatDate(e.expiresAt)}</Text>
          ) : null}
          <Box hiddenFrom="sm"><DownloadLink e={e} /></Box>
        </Stack>
      </Table.Td>
      <Table.Td visibleFrom="sm" ta="right">
        <DownloadLink e={e} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Settings → Data export: ask for a ZIP of your data (or the owner: the whole account), watch it build, download it. */
export function DataExportTab() {
  const qc = useQueryClient();
  const { user } = useSession();
  const list = useQuery({
    queryKey: EXPORTS_KEY,
    queryFn: () => get<Page<DataExport>>('/v1/exports'),
    refetchInterval: (q) => ((q.state.data?.data ?? []).some(busy) ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: (scope: DataExport['scope']) => post<{ id: string }>('/v1/exports', { scope }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: EXPORTS_KEY }),
  });
  const rows = list.data?.data ?? [];
  const running = (scope: DataExport['scope']) => rows.some((e) => e.scope === scope && busy(e));

  return (
    <Stack gap="xl" maw={960}>
      <Stack gap="sm">
        <Title order={4}>Export your data</Title>
        <Text size="sm" c="dimmed">
          A ZIP of JSON and CSV files, built in the background. You get an email when it is ready; the download link works for you, signed in, until it expires.
        </Text>
        <Group>
          <Button onClick={() => start.mutate('me')} loading={start.isPending && start.variables === 'me'} disabled={running('me')}>
            Export my data
          </Button>
          {user.role === 'owner' && (
            <Button variant="default" onClick={() => start.mutate('account')} loading={start.isPending && start.variables === 'account'} disabled={running('account')}>
              Export the whole account
            </Button>
          )}
        </Group>
        {start.isError && <Alert color="red">{errorMessage(start.error)}</Alert>}
      </Stack>
      <Stack gap="sm">
        <Title order={4}>Your exports</Title>
        {list.isPending && <Loader size="sm" aria-label="Loading exports" />}
        {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
        {list.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">No exports yet.</Text>}
        {rows.length > 0 && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={300}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Export</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th visibleFrom="sm" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((e) => <ExportRow key={e.id} e={e} />)}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
    </Stack>
  );
}
