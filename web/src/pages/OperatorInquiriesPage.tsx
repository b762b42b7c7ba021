import { Alert, Badge, Box, Button, Checkbox, Container, Group, Paper, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, get, post } from '../api';
import { Brand } from '../components/Brand';
import { OperatorTokenForm, useOperatorToken } from '../components/OperatorToken';
import { InquiryThreadView } from './help/InquiryThreadView';
import { KIND_LABELS, STATUS_COLORS, STATUS_LABELS, type OperatorInquiry, type OperatorInquiryThread } from './help/helpApi';

type Filter = 'open' | 'answered' | 'closed' | 'all';

function Thread({ id, auth }: { id: string; auth: Record<string, string> }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [close, setClose] = useState(false);
  const opts = { headers: auth, ignoreUnauthorized: true };
  const thread = useQuery({ queryKey: ['operator-inquiry', id], queryFn: () => get<OperatorInquiryThread>(`/v1/operator/inquiries/${id}`, opts) });
  const done = (t: OperatorInquiryThread) => {
    qc.setQueryData(['operator-inquiry', id], t);
    void qc.invalidateQueries({ queryKey: ['operator-inquiries'] });
  };
  const reply = useMutation({
    mutationFn: () => post<OperatorInquiryThread>(`/v1/operator/inquiries/${id}/replies`, { body, close }, opts),
    onSuccess: (t) => {
      setBody('');
      setClose(false);
      done(t);
    },
  });
  const status = useMutation({
    mutationFn: (s: 'open' | 'closed') => post<OperatorInquiryThread>(`/v1/operator/inquiries/${id}/status`, { status: s }, opts),
    onSuccess: done,
  });
  if (thread.isError) return <Alert color="red">{errorMessage(thread.error)}</Alert>;
  if (!thread.data) return null;
  const t = thread.data;
  return (
    <Paper withBorder p="md" data-testid="operator-inquiry">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Title order={4}>{t.subject}</Title>
            <Text size="sm" c="dimmed">
              {KIND_LABELS[t.kind]} · {t.user.name ?? 'Someone'} ({t.user.email ?? 'no email'}) · {t.account.name}
            </Text>
          </Stack>
          <Group gap="xs">
            <Badge color={STATUS_COLORS[t.status]} variant="light">
              {STATUS_LABELS[t.status]}
            </Badge>
            <Button size="xs" variant="default" onClick={() => status.mutate(t.status === 'closed' ? 'open' : 'closed')} loading={status.isPending}>
              {t.status === 'closed' ? 'Reopen' : 'Close'}
            </Button>
          </Group>
        </Group>
        <InquiryThreadView messages={t.messages} imageHeaders={auth} />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) reply.mutate();
          }}
        >
          <Stack>
            <Textarea label="Answer" description="The writer is emailed." autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Group justify="space-between">
              <Checkbox label="Close with this answer" checked={close} onChange={(e) => setClose(e.currentTarget.checked)} />
              <Button type="submit" loading={reply.isPending} disabled={!body.trim()}>
                Send answer
              </Button>
            </Group>
            {reply.isError && <Alert color="red">{errorMessage(reply.error)}</Alert>}
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

/** The operator's support queue: inquiries, bug reports and feedback from every account, answered here (by email to the writer). */
export function OperatorInquiriesPage() {
  const { token, save, session, ready, auth } = useOperatorToken();
  const [filter, setFilter] = useState<Filter>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['operator-inquiries', token, session, filter],
    queryFn: () => get<{ data: OperatorInquiry[] }>(`/v1/operator/inquiries${filter === 'all' ? '' : `?status=${filter}`}`, { headers: auth, ignoreUnauthorized: true }),
    enabled: ready,
    retry: false,
  });
  return (
    <Box className="wm-auth-bg">
      <Container size="lg" py="xl">
        <Group justify="space-between" mb="lg">
          <Brand to="/signin" />
          <Badge variant="light" color="gray">
            Operator
          </Badge>
        </Group>
        <Stack>
          <Title order={2} data-testid="page-title">
            Support inquiries
          </Title>
          {!session && <OperatorTokenForm token={token} onSave={save} submitLabel="Use token" />}
          {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
          {list.isSuccess && (
            <>
              <SegmentedControl
                value={filter}
                onChange={(v) => setFilter(v as Filter)}
                data={[
                  { value: 'open', label: 'Waiting' },
                  { value: 'answered', label: 'Answered' },
                  { value: 'closed', label: 'Closed' },
                  { value: 'all', label: 'All' },
                ]}
              />
              {list.data.data.length === 0 ? (
                <Text c="dimmed">No inquiries here.</Text>
              ) : (
                <div className="wm-table-scroll">
                  <Table highlightOnHover data-testid="operator-inquiries">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Subject</Table.Th>
                        <Table.Th>Kind</Table.Th>
                        <Table.Th>From</Table.Th>
                        <Table.Th>Status</Table.Th>
                        <Table.Th>Updated</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.data.data.map((i) => (
                        <Table.Tr key={i.id} onClick={() => setSelected(i.id)} style={{ cursor: 'pointer' }} bg={selected === i.id ? 'var(--mantine-color-blue-0)' : undefined}>
                          <Table.Td>
                            <Button variant="subtle" size="compact-sm" onClick={() => setSelected(i.id)}>
                              {i.subject}
                            </Button>
                          </Table.Td>
                          <Table.Td>{KIND_LABELS[i.kind]}</Table.Td>
                          <Table.Td>
                            {i.user.email ?? '—'} · {i.account.name}
                          </Table.Td>
                          <Table.Td>
                            <Badge color={STATUS_COLORS[i.status]} variant="light">
                              {STATUS_LABELS[i.status]}
                            </Badge>
                          </Table.Td>
                          <Table.Td>{new Date(i.updatedAt).toLocaleString()}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
              )}
              {selected && <Thread key={selected} id={selected} auth={auth} />}
            </>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
