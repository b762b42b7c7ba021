import { Paper, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';

export interface ComingSoon {
  path: string;
  title: string;
  description: string;
}

// /privacy was one: it is the privacy center's front page now (pages/privacy/PrivacyCenterPage).
export const COMING_SOON: ComingSoon[] = [];

export function ComingSoonPage({ page }: { page: ComingSoon }) {
  return (
    <>
      <PageHeader title={page.title} />
      <Paper withBorder p="xl" maw={640}>
        <Stack gap="sm" align="flex-start">
          <Title order={4} c="west.8">
            Coming soon
          </Title>
          <Text>{page.description}</Text>
        </Stack>
      </Paper>
    </>
  );
}
