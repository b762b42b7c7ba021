import { Alert, Anchor, Box, Container, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api';
import { Brand } from '../components/Brand';
import { formatDate, useLegalDoc } from '../policies';

/** Public Terms of Service / Privacy Policy page, rendered from the server's current version. */
export function LegalPage({ kind }: { kind: 'terms' | 'privacy' }) {
  const doc = useLegalDoc(kind);
  const other = kind === 'terms' ? { to: '/legal/privacy', label: 'Privacy Policy' } : { to: '/legal/terms', label: 'Terms of Service' };

  useEffect(() => {
    if (doc.data) document.title = `${doc.data.title} · West Message`;
    return () => {
      document.title = 'West Message';
    };
  }, [doc.data]);

  return (
    <Box className="wm-auth-bg">
      <Container size="md" py="xl">
        <Group justify="space-between" mb="lg">
          <Brand to="/signin" />
          <Anchor component={Link} to={other.to} size="sm">
            {other.label}
          </Anchor>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }}>
          {doc.isPending && <Loader aria-label="Loading" />}
          {doc.isError && (
            <Alert color="red" title="Could not load this document">
              {errorMessage(doc.error)}
            </Alert>
          )}
          {doc.data && (
            <Stack gap="md">
              <Stack gap={4}>
                <Title order={1} data-testid="page-title">
                  {doc.data.title}
                </Title>
                <Text c="dimmed" size="sm" data-testid="legal-version">
                  Version {doc.data.version} · Last updated {formatDate(doc.data.lastUpdated)}
                </Text>
              </Stack>
              {doc.data.body
                .split(/\n\s*\n/)
                .map((p) => p.trim())
                .filter(Boolean)
                .map((p, i) => (
                  <Text key={i} className="wm-prewrap" lh={1.65}>
                    {p}
                  </Text>
                ))}
            </Stack>
          )}
        </Paper>
      </Container>
    </Box>
  );
}
