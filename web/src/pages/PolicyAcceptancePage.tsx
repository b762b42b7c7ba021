import { Alert, Anchor, Box, Button, Checkbox, Container, Group, Loader, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage, get, post } from '../api';
import { ME_KEY, onSignedOut } from '../auth';
import { Brand } from '../components/Brand';
import { Markdown } from '../components/Markdown';
import { NOTICES_KEY } from '../components/NoticeBanner';
import { formatDate, useLegalDoc } from '../policies';
import type { PendingPolicy, PolicyAcceptance } from '../types';

function PendingDocument({ doc }: { doc: PendingPolicy }) {
  const full = useLegalDoc(doc.kind);
  return (
    <Stack gap="xs" data-testid={`pending-${doc.kind}`}>
      <Group justify="space-between" align="baseline">
        <Title order={3}>{doc.title}</Title>
        <Text size="sm" c="dimmed">
          Last updated {formatDate(doc.lastUpdated)} · version {doc.version}
        </Text>
      </Group>
      <Paper withBorder p="md" bg="gray.0">
        <ScrollArea.Autosize mah={320} type="auto">
          {full.isPending && <Loader size="sm" aria-label="Loading" />}
          {full.data && <Markdown>{full.data.body}</Markdown>}
        </ScrollArea.Autosize>
      </Paper>
      <Anchor href={doc.url} target="_blank" rel="noopener noreferrer" size="sm">
        Open the {doc.title} in a new tab
      </Anchor>
    </Stack>
  );
}

/**
 * Shown instead of the app when a material change of the Terms or the Privacy Policy waits for
 * the person's acceptance (GET /v1/me → policyAcceptanceRequired). Nothing else of the app is
 * reachable until they accept or sign out; API keys are never blocked.
 */
export function PolicyAcceptancePage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [agreed, setAgreed] = useState(false);
  const pending = useQuery({ queryKey: ['policies', 'acceptance'], queryFn: () => get<PolicyAcceptance>('/v1/policies/acceptance') });
  const docs = pending.data?.documents ?? [];

  const accept = useMutation({
    mutationFn: () => post('/v1/policies/accept', { accept: docs.map((d) => ({ kind: d.kind, version: d.version })) }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: NOTICES_KEY });
      await qc.invalidateQueries({ queryKey: ['policies', 'acceptance'] });
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: (e) => {
      // A newer version was published meanwhile: show it.
      if (e instanceof ApiError && e.code === 'policy_not_current') void pending.refetch();
    },
  });
  const signOut = useMutation({
    mutationFn: () => post<void>('/v1/auth/logout', undefined, { ignoreUnauthorized: true }),
    onSettled: () => {
      onSignedOut(qc);
      navigate('/signin', { replace: true });
    },
  });

  const names = docs.map((d) => d.title).join(' and ');
  return (
    <Box className="wm-auth-bg" mih="100vh">
      <Container size="md" py="xl">
        <Group justify="space-between" mb="lg">
          <Brand to="/inbox" />
          <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
            Sign out
          </Button>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="lg">
            <Stack gap={4}>
              <Title order={1} data-testid="page-title">
                Please review our updated terms
              </Title>
              <Text c="dimmed">
                We made a material change{docs.length > 1 ? 's' : ''} to the {names || 'documents below'}. To keep using West Message, read
                and accept {docs.length > 1 ? 'them' : 'it'}.
              </Text>
            </Stack>
            {pending.isPending && <Loader aria-label="Loading" />}
            {pending.isError && <Alert color="red">{errorMessage(pending.error)}</Alert>}
            {docs.map((d) => (
              <PendingDocument key={d.kind} doc={d} />
            ))}
            {pending.isSuccess && docs.length > 0 && (
              <>
                <Checkbox
                  label={`I have read and accept the ${names}.`}
                  checked={agreed}
                  onChange={(e) => setAgreed(e.currentTarget.checked)}
                />
                {accept.isError && <Alert color="red">{errorMessage(accept.error)}</Alert>}
                <Group>
                  <Button disabled={!agreed} loading={accept.isPending} onClick={() => accept.mutate()}>
                    Accept and continue
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Paper>
      </Container>
    </Box>
  );
}
