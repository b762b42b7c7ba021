import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Modal, Paper, Select, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, post } from '../../api';
import { useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { applyServerError, optional } from '../../forms';
import { formatDate } from '../../policies';
import { DataRequestDetail } from './DataRequestDetail';
import { DATA_REQUESTS_KEY, STATUS_COLOR, STATUS_LABEL, TYPE_LABEL, useDataRequests, usePrivacyPageUrl, type DataRequest, type Filters } from './dataRequestsApi';

const TYPES = Object.entries(TYPE_LABEL).map(([value, label]) => ({ value, label }));
const STATUSES = Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }));

interface NewValues { type: string; channel: string; regime: string | null; phone: string; email: string; note: string; verified: boolean }

function LogRequestModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<NewValues>({ mode: 'controlled', initialValues: { type: 'access', channel: 'phone', regime: null, phone: '', email: '', note: '', verified: false } });
  const create = useMutation({
    mutationFn: (v: NewValues) => post<DataRequest>('/v1/data-requests', {
      type: v.type, channel: v.channel, ...(v.regime ? { regime: v.regime } : {}), phone: optional(v.phone), email: optional(v.email), note: optional(v.note), verified: v.verified,
    }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: DATA_REQUESTS_KEY }); form.reset(); onClose(); },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Log a request received by phone or email</Text>} centered>
      <form noValidate onSubmit={form.onSubmit((v) => { setError(null); create.mutate(v); })}>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <Select label="Type" data={TYPES} allowDeselect={false} {...form.getInputProps('type')} />
          <Select label="Received by" data={[{ value: 'phone', label: 'Phone' }, { value: 'email', label: 'Email' }, { value: 'other', label: 'Other' }]} allowDeselect={false} {...form.getInputProps('channel')} />
          <Select label="Law" placeholder="From the business's country" clearable data={[{ value: 'gdpr', label: 'GDPR (one month)' }, { value: 'ccpa', label: 'CCPA (45 days)' }, { value: 'other', label: 'Other (one month)' }]} {...form.getInputProps('regime')} />
          <TextInput label="Person's phone" {...form.getInputProps('phone')} />
          <TextInput label="Person's email" {...form.getInputProps('email')} />
          <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
          <Switch label="I verified the person's identity" {...form.getInputProps('verified', { type: 'checkbox' })} />
          <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button type="submit" loading={create.isPending}>Log request</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The privacy request queue: due dates, overdue badges, detail with the trail and the actions. */
export function DataRequestsPage() {
  const { user } = useSession();
  const canManage = user.role === 'owner' || user.role === 'admin';
  const [filters, setFilters] = useState<Filters>({ status: null, type: null, overdue: false });
  const [open, setOpen] = useState<string | null>(null);
  const [logging, setLogging] = useState(false);
  const list = useDataRequests(filters);
  const page = usePrivacyPageUrl();
  if (!canManage) return <><PageHeader title="Privacy requests" /><Alert color="gray">Only owners and admins handle privacy requests.</Alert></>;
  const rows = list.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Privacy requests"
        description={<>Customers ask for their data, a correction, deletion or an opt-out on your privacy page{page.data ? <>: <Anchor href={page.data.url} target="_blank" data-testid="privacy-page-link" style={{ overflowWrap: 'anywhere' }}>{page.data.url}</Anchor></> : ''}. The law sets the deadline: GDPR one month, CCPA 45 days.</>}
        actions={<Button onClick={() => setLogging(true)}>Log a request</Button>}
      />
      <Group mb="md" gap="sm">
        <Select placeholder="Any status" clearable data={STATUSES} value={filters.status} onChange={(status) => setFilters({ ...filters, status })} w={160} aria-label="Status" />
        <Select placeholder="Any type" clearable data={TYPES} value={filters.type} onChange={(type) => setFilters({ ...filters, type })} w={160} aria-label="Type" />
        <Checkbox label="Overdue only" checked={filters.overdue} onChange={(e) => setFilters({ ...filters, overdue: e.currentTarget.checked })} />
      </Group>
      {list.error && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isLoading ? <Loader /> : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover data-testid="data-requests">
            <Table.Thead><Table.Tr><Table.Th>Type</Table.Th><Table.Th>Person</Table.Th><Table.Th>Status</Table.Th><Table.Th>Received</Table.Th><Table.Th>Due</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" size="sm">No requests.</Text></Table.Td></Table.Tr>}
              {rows.map((r) => (
                <Table.Tr key={r.id} onClick={() => setOpen(r.id)} style={{ cursor: 'pointer' }} data-testid="data-request-row">
                  <Table.Td>{TYPE_LABEL[r.type]}</Table.Td>
                  <Table.Td>{r.phone ?? r.email ?? <Text span c="dimmed" size="sm">erased</Text>}</Table.Td>
                  <Table.Td><Badge color={STATUS_COLOR[r.status]} variant="light">{STATUS_LABEL[r.status]}</Badge></Table.Td>
                  <Table.Td>{formatDate(r.receivedAt)} · {r.channel}</Table.Td>
                  <Table.Td><Group gap={6}>{formatDate(r.dueAt)}{r.overdue && <Badge color="red" size="sm">Overdue</Badge>}</Group></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <DataRequestDetail id={open} onClose={() => setOpen(null)} />
      <LogRequestModal opened={logging} onClose={() => setLogging(false)} />
    </>
  );
}
