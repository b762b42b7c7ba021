import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, get, post } from '../api';
import { NOTICES_KEY, STATE_COLORS, type AccountNotices, type Appeal, type AppealSummary } from '../trust-safety';

function Thread({ id }: { id: string }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const thread = useQuery({ queryKey: ['appeal', id], queryFn: () => get<Appeal>(`/v1/account/appeals/${id}`) });
  const reply = useMutation({
    mutationFn: () => post<Appeal>(`/v1/account/appeals/${id}/messages`, { body }),
    onSuccess: () => { setBody(''); void qc.invalidateQueries({ queryKey: ['appeal', id] }); },
  });
  if (thread.isPending) return <Loader size="sm" />;
  if (thread.isError) return <Alert color="red">{errorMessage(thread.error)}</Alert>;
  return (
    <Stack gap="xs" data-testid="appeal-thread">
      {thread.data.messages.map((m) => (
        <Card key={m.id} withBorder p="xs" bg={m.author === 'operator' ? 'gray.0' : undefined}>
          <Text size="xs" c="dimmed">{m.author === 'operator' ? 'West Message trust & safety' : (m.authorName ?? 'You')} · {new Date(m.createdAt).toLocaleString()}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
        </Card>
      ))}
      {thread.data.status === 'open' ? (
        <form onSubmit={(e) => { e.preventDefault(); reply.mutate(); }}>
          <Group align="end">
            <Textarea label="Add to your appeal" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} />
            <Button type="submit" size="xs" disabled={!body.trim()} loading={reply.isPending}>Send</Button>
          </Group>
          {reply.isError && <Alert color="red" mt="xs">{errorMessage(reply.error)}</Alert>}
        </form>
      ) : <Text size="sm" c="dimmed">This appeal is closed.</Text>}
    </Stack>
  );
}

/** Notices from the platform's trust & safety team, and the account's appeals (a thread each). */
export function AccountNoticesPage() {
  const qc = useQueryClient();
  const notices = useQuery({ queryKey: NOTICES_KEY, queryFn: () => get<AccountNotices>('/v1/account/notices') });
  const appeals = useQuery({ queryKey: ['appeals'], queryFn: () => get<{ data: AppealSummary[] }>('/v1/account/appeals') });
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => post<Appeal>('/v1/account/appeals', { subject, body }),
    onSuccess: (a) => { setSubject(''); setBody(''); setOpen(a.id); void qc.invalidateQueries({ queryKey: ['appeals'] }); },
  });
  const ack = useMutation({
    mutationFn: (id: string) => api(`/v1/account/notices/${id}/acknowledge`, { method: 'POST', body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: NOTICES_KEY }),
  });
  if (notices.isPending) return <Loader aria-label="Loading notices" />;
  if (notices.isError) return <Alert color="red">{errorMessage(notices.error)}</Alert>;
  const n = notices.data;
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>Notices and appeals</Title>
        <Group gap="xs">
          <Badge color={STATE_COLORS[n.state] ?? 'gray'}>{n.state}</Badge>
          {n.sendingHeld && <Badge color="red" variant="light">sending held</Badge>}
        </Group>
      </Group>
      {n.data.length === 0 && <Text c="dimmed">No notices: your account is in good standing.</Text>}
      {n.data.map((x) => (
        <Card key={x.id} withBorder data-testid="notice">
          <Group justify="space-between">
            <Text fw={600}>{x.title}</Text>
            <Text size="xs" c="dimmed">{new Date(x.createdAt).toLocaleString()}</Text>
          </Group>
          <Text size="sm" mt={4}>{x.body}</Text>
          {!x.acknowledgedAt && <Button mt="xs" size="xs" variant="default" onClick={() => ack.mutate(x.id)}>Mark as read</Button>}
        </Card>
      ))}
      <Title order={3} mt="md">Appeals</Title>
      {appeals.data?.data.map((a) => (
        <Card key={a.id} withBorder>
          <Group justify="space-between">
            <Group gap="xs"><Text fw={500}>{a.subject}</Text><Badge variant="light">{a.status}</Badge></Group>
            <Button size="xs" variant="subtle" onClick={() => setOpen(open === a.id ? null : a.id)}>{open === a.id ? 'Hide' : 'Open'}</Button>
          </Group>
          {open === a.id && <Thread id={a.id} />}
        </Card>
      ))}
      <Card withBorder>
        <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Stack gap="xs">
            <Title order={4}>Appeal a decision</Title>
            <Text size="sm" c="dimmed">Explain why the decision should change (for example, how your contacts gave consent). Trust &amp; safety answers here and by email.</Text>
            <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required />
            <Textarea label="Your appeal" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} required />
            {create.isError && <Alert color="red">{errorMessage(create.error)}</Alert>}
            <Group><Button type="submit" loading={create.isPending} disabled={!subject.trim() || !body.trim()}>Send appeal</Button></Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
