import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { usePrivacyPageUrl } from './dataRequestsApi';

/** Settings: where the business's customers ask for their data, and the queue of their requests (owners and admins). */
export function PrivacyPageLink() {
  const page = usePrivacyPageUrl();
  return (
    <Paper withBorder p="lg" maw={720} mt="lg">
      <Stack gap={4}>
        <Text fw={600}>Your customers' privacy page</Text>
        <Text size="sm" c="dimmed">Customers verify their number with a texted code and ask for a copy of their data, a correction, deletion or to stop all texts. Link it from your website.</Text>
        {page.data && <Anchor href={page.data.url} target="_blank" data-testid="settings-privacy-page" style={{ overflowWrap: 'anywhere' }}>{page.data.url}</Anchor>}
        <Anchor component={Link} to="/privacy-requests" size="sm">Open the privacy request queue</Anchor>
      </Stack>
    </Paper>
  );
}
