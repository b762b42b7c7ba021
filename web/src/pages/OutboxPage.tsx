import { Alert, Badge, Box, Button, Container, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, get } from '../api';
import { Brand } from '../components/Brand';
import { LinkifiedText } from '../components/LinkifiedText';
import { OperatorTokenForm, useOperatorToken } from '../components/OperatorToken';
import { formatDate } from '../policies';
import type { OutboxEmail, Page } from '../types';

/** Operator view of emails the server "sent" while no SMTP server is configured. */
export function OutboxPage() {
  const { token, save, session, ready, auth } = useOperatorToken();

  const outbox = useQuery({
    queryKey: ['operator-outbox', token, session],
    queryFn: () =>
      get<Page<OutboxEmail>>('/v1/operator/outbox', {
        headers: auth,
        ignoreUnauthorized: true,
      }),
    enabled: ready,
    retry: false,
  });


  const emails = [...(outbox.data?.data ?? [])].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));

  return (
    <Box className="wm-auth-bg">
      <Container size="md" py="xl">
        <Group justify="space-between" mb="lg">
          <Brand to="/signin" />
          <Badge variant="light" color="gray">
            Operator
          </Badge>
        </Group>
        <Stack>
          <Stack gap={4}>
            <Title order={2} data-testid="page-title">
              Email outbox
            </Title>
            <Text c="dimmed" size="sm">
              Emails West Message would have sent. They are kept here because no SMTP server is configured.
            </Text>
          </Stack>
          {session ? (
            <Group>
              <Button variant="default" onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
                Refresh
              </Button>
            </Group>
          ) : (
          <OperatorTokenForm token={token} onSave={save} submitLabel="Show emails">
            {token && (
              <Button variant="default" onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
                Refresh
              </Button>
            )}
          </OperatorTokenForm>
          )}

          {outbox.isError && (
            <Alert color="red" title="Could not load the outbox">
              {errorMessage(outbox.error)}
            </Alert>
          )}
          {ready && outbox.isPending && <Loader aria-label="Loading emails" />}
          {outbox.isSuccess && emails.length === 0 && <Text c="dimmed">No emails yet.</Text>}
          {emails.map((m) => (
            <Paper key={m.id} withBorder p="md" data-testid="outbox-email">
              <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
                <Stack gap={2}>
                  <Text fw={600}>{m.subject}</Text>
                  <Text size="sm" c="dimmed">
                    To {m.to} · {formatDate(m.createdAt, true)}
                  </Text>
                </Stack>
                <Badge variant="light" color={m.status === 'failed' ? 'red' : 'gray'}>
                  {m.status}
                </Badge>
              </Group>
              <LinkifiedText text={m.text} size="sm" />
            </Paper>
          ))}
        </Stack>
      </Container>
    </Box>
  );
}
