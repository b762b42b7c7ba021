import { Alert, Badge, Button, Drawer, Group, Loader, Stack, Table, Text, Textarea, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, patch } from '../../api';
import { formatDate } from '../../policies';
import { DATA_REQUESTS_KEY, NEXT, STATUS_COLOR, STATUS_LABEL, TYPE_LABEL, useDataRequest, type DataRequest } from './dataRequestsApi';

const ACTION_LABEL: Record<string, string> = {
  created: 'Request received', verified: 'Identity verified', status: 'Status', extended: 'Due date extended', extension_told: 'Extension told to the person', answered: 'Answer given',
  reminded: 'Reminder emailed', erased: 'Person erased', downloaded: 'Data downloaded', nothing_held: 'Nothing held to correct',
};
const COMPLETE_HINT: Record<string, string> = {
  deletion: 'Completing erases this person\'s contact, messages and media everywhere, and keeps the number suppressed as a keyed hash. This cannot be undone.',
  correction: 'Completing applies the new name and email to the contact (make any other fix first).',
  opt_out: 'Completing opts the number out of all texts.',
  access: 'Send the person their data first (e.g. from the contact\'s consent export), then complete.',
};

function Facts({ r }: { r: DataRequest }) {
  const rows: Array<[string, string | null | undefined]> = [
    ['Type', TYPE_LABEL[r.type]], ['Received', `${formatDate(r.receivedAt, true)} by ${r.channel}`], ['Regime', r.regime.toUpperCase()],
    ['Due', formatDate(r.dueAt)], ['Extended', r.extensionReason ? `${formatDate(r.extendedAt)}: ${r.extensionReason}` : null],
    ['Identity', r.verified ? `verified (${r.verifiedBy === 'sms_code' ? 'code texted to the number' : 'by staff'})` : 'not verified'],
    ['Phone', r.phone], ['Email', r.email], ['Note', r.note],
    ['Correction', r.correction ? [r.correction.text, r.correction.firstName && `first name: ${r.correction.firstName}`, r.correction.lastName && `last name: ${r.correction.lastName}`, r.correction.email && `email: ${r.correction.email}`].filter(Boolean).join(' · ') : null],
    ['Denied because', r.denialReason], ['Answer', r.answer ? `${r.answer} (${r.answerChannels.join(', ') || 'not sent'})` : null],
  ];
  return (
    <Table withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {rows.filter(([, v]) => v).map(([k, v]) => (
          <Table.Tr key={k}><Table.Td w={130}><Text size="sm" c="dimmed">{k}</Text></Table.Td><Table.Td><Text size="sm">{v}</Text></Table.Td></Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Actions({ r }: { r: DataRequest }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<DataRequest>(`/v1/data-requests/${encodeURIComponent(r.id)}`, body),
    onSuccess: (next) => {
      setError(null); setReason(''); setAnswer('');
      void qc.invalidateQueries({ queryKey: DATA_REQUESTS_KEY });
      notifications.show({ color: 'green', message: `Request ${STATUS_LABEL[next.status].toLowerCase()}` });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const next = NEXT[r.status] ?? [];
  if (!next.length) return null;
  const withAnswer = (status: string) => ({ status, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(answer.trim() ? { answer: answer.trim() } : {}) });
  return (
    <Stack gap="sm">
      {error && <Alert color="red">{error}</Alert>}
      {next.includes('completed') && <Text size="sm" c="dimmed">{COMPLETE_HINT[r.type]}</Text>}
      <Textarea label="Reason" description="Required to deny or to extend the due date" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
      <Textarea label="Answer to the person (optional)" description="Sent when you complete or deny; a standard text otherwise" value={answer} onChange={(e) => setAnswer(e.currentTarget.value)} autosize minRows={2} />
      <Group gap="xs">
        {next.includes('verified') && <Button variant="default" loading={change.isPending} onClick={() => change.mutate({ status: 'verified' })}>Mark identity verified</Button>}
        {next.includes('in_progress') && <Button variant="default" loading={change.isPending} onClick={() => change.mutate({ status: 'in_progress' })}>Start</Button>}
        {next.includes('completed') && <Button color={r.type === 'deletion' ? 'red' : undefined} loading={change.isPending} onClick={() => change.mutate(withAnswer('completed'))} data-testid="complete-request">{r.type === 'deletion' ? 'Erase and complete' : 'Complete'}</Button>}
        <Button variant="light" color="red" loading={change.isPending} disabled={!reason.trim()} onClick={() => change.mutate(withAnswer('denied'))}>Deny</Button>
        {!r.extendedAt && !r.overdue && <Button variant="subtle" loading={change.isPending} disabled={!reason.trim()} onClick={() => change.mutate({ extend: { reason: reason.trim() } })}>Extend due date</Button>}
      </Group>
    </Stack>
  );
}

/** One request: its facts, its status trail and what can be done next. */
export function DataRequestDetail({ id, onClose }: { id: string | null; onClose: () => void }) {
  const one = useDataRequest(id);
  const r = one.data;
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="lg" title={<Text fw={600}>Privacy request {id}</Text>}>
      {one.isLoading && <Loader />}
      {one.error && <Alert color="red">{errorMessage(one.error)}</Alert>}
      {r && (
        <Stack>
          <Group gap="xs">
            <Badge color={STATUS_COLOR[r.status]} variant="light" data-testid="request-status">{STATUS_LABEL[r.status]}</Badge>
            {r.overdue && <Badge color="red">Overdue</Badge>}
          </Group>
          <Facts r={r} />
          <Actions r={r} />
          <Text fw={600} size="sm">Trail</Text>
          <Timeline bulletSize={12} lineWidth={2}>
            {(r.trail ?? []).map((e, i) => (
              <Timeline.Item key={i} title={<Text size="sm">{ACTION_LABEL[e.action] ?? e.action}{e.action === 'status' && e.toStatus ? ` → ${STATUS_LABEL[e.toStatus] ?? e.toStatus}` : ''}</Text>}>
                <Text size="xs" c="dimmed">{formatDate(e.at, true)} · {e.actor.label ?? e.actor.type}</Text>
                {e.reason && <Text size="xs">{e.reason}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
    </Drawer>
  );
}
