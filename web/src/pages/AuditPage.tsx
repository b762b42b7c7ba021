import { Alert, Button, Code, FileButton, Group, Loader, Paper, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { download, errorMessage, get, post } from '../api';
import { useSession } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { formatDate } from '../policies';
import type { AuditCheckpoint, AuditEvent, AuditVerify, Page } from '../types';

function actorLabel(a: AuditEvent['actor']): string {
  if (a.label) return a.label;
  return a.id ? `${a.type} ${a.id}` : a.type;
}

function targetLabel(t: AuditEvent['target']): string {
  if (!t) return '—';
  return t.id ? `${t.type} ${t.id}` : t.type;
}

/** The log's filters, as the API takes them (empty ones left out). */
interface Filters { action: string; target: string; actor: string; from: string; to: string }
const NO_FILTERS: Filters = { action: '', target: '', actor: '', from: '', to: '' };
const queryOf = (f: Filters) => new URLSearchParams(Object.entries(f).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])).toString();

function FilterBar({ onApply }: { onApply: (f: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const field = (key: keyof Filters, label: string, placeholder: string, type = 'text') => (
    <TextInput size="xs" label={label} placeholder={placeholder} type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
  );
  return (
    <form onSubmit={(e) => { e.preventDefault(); onApply(draft); }}>
      <Group align="flex-end" gap="xs" mb="md" data-testid="audit-filters">
        {field('action', 'Action', 'contact.viewed or contact.')}
        {field('target', 'Target id', 'ct_…, usr_…')}
        {field('actor', 'Actor id', 'usr_…, key_…')}
        {field('from', 'From', '', 'date')}
        {field('to', 'To', '', 'date')}
        <Button size="xs" type="submit">Filter</Button>
        <Button size="xs" variant="subtle" onClick={() => { setDraft(NO_FILTERS); onApply(NO_FILTERS); }}>Clear</Button>
      </Group>
    </form>
  );
}

const PROBLEMS: Record<string, string> = {
  hash_mismatch: 'an event was changed or forged',
  link_broken: 'events were removed or reordered',
  sequence_gap: 'events were removed or reordered',
  head_mismatch: 'the newest events were removed',
  checkpoint_signature_invalid: 'the checkpoint file was not issued by this server or was edited',
  checkpoint_other_chain: 'the checkpoint file belongs to another account',
  behind_checkpoint: 'the log is now shorter than at the checkpoint: events were deleted',
  checkpoint_mismatch: 'the log differs from the checkpoint: it was rewritten',
};

function VerifyResult({ result, against }: { result: AuditVerify; against: AuditCheckpoint | null }) {
  const where = against ? ` and matches the checkpoint of ${formatDate(against.at, true)} (${against.seq} events)` : '';
  return result.ok ? (
    <Alert color="green" data-testid="verify-result">
      Chain intact — {result.checked} events checked{where}
    </Alert>
  ) : (
    <Alert color="red" data-testid="verify-result" title="Integrity check failed">
      Tampering detected: {PROBLEMS[result.reason ?? ''] ?? result.reason}
      {result.firstBrokenId ? ` (event ${result.firstBrokenId})` : ''} — {result.checked} events checked
    </Alert>
  );
}

/** Reads a checkpoint file the owner downloaded earlier; the server validates its fields. */
async function readCheckpoint(file: File): Promise<AuditCheckpoint> {
  try {
    return JSON.parse(await file.text()) as AuditCheckpoint;
  } catch {
    throw new Error('This file is not a checkpoint (it is not JSON).');
  }
}

export function AuditPage() {
  const { user } = useSession();
  const isOwner = user.role === 'owner';

  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query = queryOf(filters);
  const events = useInfiniteQuery({
    queryKey: ['audit-events', query],
    queryFn: ({ pageParam }) => {
      const q = [query, pageParam ? `cursor=${encodeURIComponent(pageParam)}` : ''].filter(Boolean).join('&');
      return get<Page<AuditEvent>>(`/v1/audit-events${q ? `?${q}` : ''}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    enabled: isOwner,
  });

  const verify = useMutation({
    mutationFn: async (file: File | null) => {
      const checkpoint = file ? await readCheckpoint(file) : null;
      const result = await post<AuditVerify>('/v1/audit/verify', checkpoint ? { checkpoint } : {});
      return { result, checkpoint };
    },
    onSettled: () => void events.refetch(), // show the log as it is now
  });
  const resetFile = useRef<() => void>(null);
  const exportCsv = useMutation({
    mutationFn: () => download(`/v1/audit-events.csv${query ? `?${query}` : ''}`, { filename: `audit-log-${new Date().toISOString().slice(0, 10)}.csv` }),
  });
  const checkpoint = useMutation({
    mutationFn: () => download('/v1/audit/checkpoint', { filename: `audit-checkpoint-${new Date().toISOString().slice(0, 10)}.json` }),
  });

  const title = 'Audit log';
  if (!isOwner) {
    return (
      <>
        <PageHeader title={title} />
        <Alert color="yellow">Only the account owner can view the audit log.</Alert>
      </>
    );
  }

  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <>
      <PageHeader
        title={title}
        description="A tamper-evident record of sign-ins, team changes, API keys and settings changes."
        actions={
          <Group gap="xs">
            <Button variant="default" onClick={() => exportCsv.mutate()} loading={exportCsv.isPending}>
              Export CSV
            </Button>
            <Button variant="default" onClick={() => checkpoint.mutate()} loading={checkpoint.isPending}>
              Download checkpoint
            </Button>
            <FileButton
              resetRef={resetFile}
              accept="application/json,.json"
              onChange={(file) => {
                if (file) verify.mutate(file);
                resetFile.current?.(); // the same file can be chosen again later
              }}
            >
              {(props) => (
                <Button variant="default" {...props} disabled={verify.isPending}>
                  Verify against checkpoint…
                </Button>
              )}
            </FileButton>
            <Button variant="light" onClick={() => verify.mutate(null)} loading={verify.isPending}>
              Verify integrity
            </Button>
          </Group>
        }
      />
      <Text size="sm" c="dimmed" mb="md">
        Download a checkpoint now and then and keep it outside West Message: verifying against it later proves that no
        event up to it was deleted or rewritten, even by someone with access to the database.
      </Text>
      {verify.data && <VerifyResult result={verify.data.result} against={verify.data.checkpoint} />}
      {verify.isError && (
        <Alert color="red" data-testid="verify-result">
          {errorMessage(verify.error)}
        </Alert>
      )}
      {checkpoint.isError && <Alert color="red">{errorMessage(checkpoint.error)}</Alert>}
      {(verify.data || verify.isError || checkpoint.isError) && <div style={{ height: 16 }} />}

      {exportCsv.isError && <Alert color="red">{errorMessage(exportCsv.error)}</Alert>}
      <FilterBar onApply={setFilters} />
      {events.isError && <Alert color="red">{errorMessage(events.error)}</Alert>}
      {events.isPending && <Loader aria-label="Loading audit events" />}
      {events.isSuccess && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Actor</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>IP</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((ev) => (
                  <Table.Tr key={ev.id} data-testid="audit-row" data-event-id={ev.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(ev.createdAt, true)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{actorLabel(ev.actor)}</Text>
                      <Text size="xs" c="dimmed">
                        {ev.actor.type}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{ev.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {ev.target?.name && <Text size="sm">{ev.target.name}</Text>}
                      <Text size={ev.target?.name ? 'xs' : 'sm'} c={ev.target?.name ? 'dimmed' : undefined} style={{ wordBreak: 'break-all' }}>
                        {targetLabel(ev.target)}
                      </Text>
                    </Table.Td>
                    <Table.Td title={ev.userAgent ?? undefined}>{ev.ip ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="md">
                        {query ? 'No events match these filters.' : 'No events yet.'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {events.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </>
  );
}
