import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, get, post } from '../../api';
import { EnforcementForm } from '../../components/EnforcementForm';
import { SignalsTable } from '../../components/SignalsTable';
import { opts } from '../../operator';
import { STATE_COLORS, type Appeal, type AppealSummary, type RiskReview } from '../../trust-safety';

function ReviewCard({ review }: { review: RiskReview }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const dismiss = useMutation({
    mutationFn: () => post(`/v1/operator/reviews/${review.id}/resolve`, { decision: 'dismiss', note }, opts()),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['operator-reviews'] }),
  });
  return (
    <Card withBorder data-testid="review" aria-label={`Review of ${review.accountName}`}>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Anchor component={Link} to={`/operator/accounts/${review.accountId}`} fw={600}>{review.accountName}</Anchor>
          <Badge color={STATE_COLORS[review.enforcementState ?? 'active'] ?? 'gray'} variant="light">{review.enforcementState ?? 'active'}</Badge>
          <Badge variant="outline">{review.accountStatus}</Badge>
        </Group>
        <Text size="xs" c="dimmed">Opened {new Date(review.openedAt).toLocaleString()} · updated {new Date(review.updatedAt).toLocaleString()}</Text>
      </Group>
      <SignalsTable signals={review.signals} />
      {review.status === 'open' && (
        <Stack mt="md" gap="md">
          <Title order={5}>Enforce</Title>
          <EnforcementForm accountId={review.accountId} />
          <form onSubmit={(e) => { e.preventDefault(); dismiss.mutate(); }}>
            <Group align="end">
              <Textarea label="Dismiss with a note" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} />
              <Button type="submit" variant="default" loading={dismiss.isPending} disabled={!note.trim()}>Dismiss</Button>
            </Group>
            {dismiss.isError && <Alert color="red" mt="xs">{errorMessage(dismiss.error)}</Alert>}
          </form>
        </Stack>
      )}
      {review.resolution && <Text size="sm" mt="sm">Resolution: {review.resolution}</Text>}
    </Card>
  );
}

function Reviews({ status }: { status: 'open' | 'dismissed' | 'actioned' }) {
  const list = useQuery({ queryKey: ['operator-reviews', status], queryFn: () => get<{ data: RiskReview[] }>(`/v1/operator/reviews?status=${status}&limit=100`, opts()) });
  if (list.isPending) return <Loader aria-label="Loading reviews" />;
  if (list.isError) return <Alert color="red">{errorMessage(list.error)}</Alert>;
  if (!list.data.data.length) return <Text c="dimmed">No {status} reviews.</Text>;
  return <Stack>{list.data.data.map((r) => <ReviewCard key={r.id} review={r} />)}</Stack>;
}

function AppealThread({ id }: { id: string }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const thread = useQuery({ queryKey: ['operator-appeal', id], queryFn: () => get<Appeal>(`/v1/operator/appeals/${id}`, opts()) });
  const reply = useMutation({
    mutationFn: (close: boolean) => post<Appeal>(`/v1/operator/appeals/${id}/messages`, { body, close }, opts()),
    onSuccess: () => { setBody(''); void qc.invalidateQueries({ queryKey: ['operator-appeal', id] }); void qc.invalidateQueries({ queryKey: ['operator-appeals'] }); },
  });
  if (thread.isPending) return <Loader size="sm" />;
  if (thread.isError) return <Alert color="red">{errorMessage(thread.error)}</Alert>;
  return (
    <Stack gap="xs">
      {thread.data.messages.map((m) => (
        <Card key={m.id} withBorder bg={m.author === 'operator' ? 'gray.0' : undefined} p="xs">
          <Text size="xs" c="dimmed">{m.author === 'operator' ? `Trust & safety (${m.authorName})` : (m.authorName ?? 'Account')} · {new Date(m.createdAt).toLocaleString()}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
        </Card>
      ))}
      {thread.data.status === 'open' && (
        <>
          <Textarea label="Answer" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} />
          <Group>
            <Button size="xs" onClick={() => reply.mutate(false)} disabled={!body.trim()} loading={reply.isPending}>Send answer</Button>
            <Button size="xs" variant="default" onClick={() => reply.mutate(true)} disabled={!body.trim()}>Answer and close</Button>
          </Group>
        </>
      )}
      {reply.isError && <Alert color="red">{errorMessage(reply.error)}</Alert>}
    </Stack>
  );
}

function Appeals() {
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['operator-appeals'], queryFn: () => get<{ data: AppealSummary[] }>('/v1/operator/appeals', opts()) });
  if (list.isPending) return <Loader aria-label="Loading appeals" />;
  if (list.isError) return <Alert color="red">{errorMessage(list.error)}</Alert>;
  if (!list.data.data.length) return <Text c="dimmed">No open appeals.</Text>;
  return (
    <Stack>
      {list.data.data.map((a) => (
        <Card key={a.id} withBorder data-testid="appeal">
          <Group justify="space-between">
            <Group gap="xs">
              <Anchor component={Link} to={`/operator/accounts/${a.accountId}`}>{a.accountName}</Anchor>
              <Text fw={500}>{a.subject}</Text>
            </Group>
            <Button size="xs" variant="subtle" onClick={() => setOpen(open === a.id ? null : a.id)}>{open === a.id ? 'Hide' : 'Open thread'}</Button>
          </Group>
          {open === a.id && <AppealThread id={a.id} />}
        </Card>
      ))}
    </Stack>
  );
}

/** The review queue: accounts whose risk signals crossed their thresholds, each explained with its numbers; and the appeals. */
export function OperatorReviewsPage() {
  return (
    <Stack>
      <Title order={2}>Review queue</Title>
      <Tabs defaultValue="open" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="open">Open</Tabs.Tab>
          <Tabs.Tab value="actioned">Actioned</Tabs.Tab>
          <Tabs.Tab value="dismissed">Dismissed</Tabs.Tab>
          <Tabs.Tab value="appeals">Appeals</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="open" pt="md"><Reviews status="open" /></Tabs.Panel>
        <Tabs.Panel value="actioned" pt="md"><Reviews status="actioned" /></Tabs.Panel>
        <Tabs.Panel value="dismissed" pt="md"><Reviews status="dismissed" /></Tabs.Panel>
        <Tabs.Panel value="appeals" pt="md"><Appeals /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
