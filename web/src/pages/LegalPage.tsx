import { Alert, Anchor, Badge, Box, Container, Divider, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../api';
import { Brand } from '../components/Brand';
import { Markdown } from '../components/Markdown';
import { formatDate, useLegalDoc } from '../policies';

const OTHERS = [
  { to: '/legal/terms', label: 'Terms of Service' },
  { to: '/legal/privacy', label: 'Privacy Policy' },
  { to: '/legal/subprocessors', label: 'Sub-processors' },
];

/** The frame of the public legal pages: brand, links to the other legal pages, one paper. */
export function LegalFrame({ current, children }: { current: string; children: ReactNode }) {
  return (
    <Box className="wm-auth-bg">
      <Container size="md" py="xl">
        <Group justify="space-between" mb="lg">
          <Brand to="/signin" />
          <Group gap="md">
            {OTHERS.filter((o) => o.to !== current).map((o) => (
              <Anchor key={o.to} component={Link} to={o.to} size="sm">
                {o.label}
              </Anchor>
            ))}
          </Group>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }}>
          {children}
        </Paper>
      </Container>
    </Box>
  );
}

/**
 * Public Terms of Service / Privacy Policy page: the current version (or an earlier one, at
 * /legal/:kind/:version) rendered from its Markdown, its "Last updated" date and the history.
 */
export function LegalPage({ kind }: { kind: 'terms' | 'privacy' }) {
  const { version } = useParams();
  const doc = useLegalDoc(kind, version);

  useEffect(() => {
    if (doc.data) document.title = `${doc.data.title} · West Message`;
    return () => {
      document.title = 'West Message';
    };
  }, [doc.data]);

  return (
    <LegalFrame current={`/legal/${kind}`}>
      {doc.isPending && <Loader aria-label="Loading" />}
      {doc.isError && (
        <Alert color="red" title="Could not load this document">
          {errorMessage(doc.error)}
        </Alert>
      )}
      {doc.data && (
        <Stack gap="md">
          {!doc.data.current && (
            <Alert color="yellow" data-testid="legal-old-version">
              This is an earlier version.{' '}
              <Anchor component={Link} to={`/legal/${kind}`}>
                Read the current {doc.data.title}
              </Anchor>
              .
            </Alert>
          )}
          <Stack gap={4}>
            <Title order={1} data-testid="page-title">
              {doc.data.title}
            </Title>
            <Text c="dimmed" size="sm" data-testid="legal-version">
              Version {doc.data.version} · Last updated {formatDate(doc.data.lastUpdated)}
            </Text>
          </Stack>
          <Markdown>{doc.data.body}</Markdown>
          <Divider my="sm" />
          <Stack gap="xs" data-testid="legal-history">
            <Title order={4}>Version history</Title>
            <List spacing={4} size="sm">
              {doc.data.history.map((h) => (
                <List.Item key={h.version}>
                  <Group gap="xs">
                    {h.version === doc.data.version ? (
                      <Text size="sm" fw={600}>
                        {formatDate(h.lastUpdated)} (version {h.version}) — shown
                      </Text>
                    ) : (
                      <Anchor component={Link} to={h.url} size="sm">
                        {formatDate(h.lastUpdated)} (version {h.version})
                      </Anchor>
                    )}
                    {h.url === `/legal/${kind}` && <Badge size="xs" variant="light">current</Badge>}
                    {h.material && <Badge size="xs" variant="light" color="orange">material change</Badge>}
                  </Group>
                </List.Item>
              ))}
            </List>
          </Stack>
        </Stack>
      )}
    </LegalFrame>
  );
}
