import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { errorMessage, get } from '../../api';
import type { components } from '../../api-types.gen';

type Delivery = components['schemas']['TwilioInboundDelivery'];
const KEY = ['twilio-inbound-deliveries'] as const;
const COLOR = { pending: 'yellow', succeeded: 'teal', failed: 'red' } as const;

/** What the TwiML answer did, in a few words. */
function twimlSummary(d: Delivery): string {
  const t = d.twiml;
  if (!t) return '—';
  if (t.error) return `TwiML error ${t.error.code}`;
  if (t.messages === 0) return 'No reply';
  const sent = t.replies.filter((r) => r.messageId).length;
  const refused = t.replies.filter((r) => r.reason).map((r) => r.reason);
  return `${sent} repl${sent === 1 ? 'y' : 'ies'} sent${refused.length ? ` · not sent: ${refused.join(', ')}` : ''}`;
}

/**
 * The log of inbound texts posted to numbers' Twilio SMS URLs (Settings → Numbers): each
 * delivery's status, answer and what its TwiML did; a row opens its attempts and answers.
 */
export function TwilioInboundLog() {
  const qc = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const log = useQuery({
    queryKey: KEY,
    queryFn: () => get<{ data: Delivery[]; nextCursor: string | null }>('/v1/twilio-inbound-deliveries?limit=50'),
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const rows = log.data?.data ?? [];
  return (
    <Stack gap="sm" data-testid="twilio-inbound-log">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={5}>Twilio-compatible SMS URL log</Title>
          <Text size="sm" c="dimmed">Texts posted to your numbers' Twilio SMS URLs, signed with X-Twilio-Signature; a TwiML &lt;Message&gt; in the answer is sent as the reply.</Text>
        </Stack>
        <Button size="xs" variant="default" onClick={() => void qc.invalidateQueries({ queryKey: KEY })}>Refresh</Button>
      </Group>
      {log.isPending && <Loader size="sm" aria-label="Loading the Twilio SMS URL log" />}
      {log.isError && <Alert color="red">{errorMessage(log.error)}</Alert>}
      {log.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">Nothing posted yet. Set a number's Twilio SMS URL with Edit, then text it.</Text>}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Message SID</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Answer</Table.Th>
                  <Table.Th>TwiML</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
                  <Fragment key={d.id}>
                    <Table.Tr data-testid="twilio-inbound-row" style={{ cursor: 'pointer' }} onClick={() => setOpen(open === d.id ? null : d.id)}>
                      <Table.Td>{new Date(d.createdAt).toLocaleString()}</Table.Td>
                      <Table.Td><Code>{d.messageSid}</Code></Table.Td>
                      <Table.Td><Badge color={COLOR[d.status]} variant="light">{d.status}</Badge></Table.Td>
                      <Table.Td>{d.attempts}</Table.Td>
                      <Table.Td>{d.lastStatusCode ?? (d.lastError ? <Text size="xs" c="red">{d.lastError}</Text> : '—')}</Table.Td>
                      <Table.Td><Text size="xs" c={d.twiml?.error ? 'red' : undefined}>{twimlSummary(d)}</Text></Table.Td>
                    </Table.Tr>
                    {open === d.id && (
                      <Table.Tr>
                        <Table.Td colSpan={6}>
                          <Stack gap="xs">
                            <Text size="xs" c="dimmed">{d.url}{d.nextAttemptAt ? ` · next attempt ${new Date(d.nextAttemptAt).toLocaleString()}` : ''}</Text>
                            {d.twiml?.error && <Alert color="red" p="xs">{d.twiml.error.code}: {d.twiml.error.message}</Alert>}
                            {d.attemptLog.map((a, i) => (
                              <Text key={i} size="xs">
                                {new Date(a.at).toLocaleString()} — {a.statusCode ?? a.error} ({a.latencyMs} ms){a.responseExcerpt ? `: ${a.responseExcerpt.slice(0, 2000)}` : ''}
                              </Text>
                            ))}
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
