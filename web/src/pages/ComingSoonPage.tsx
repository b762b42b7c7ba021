import { Paper, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';

export interface ComingSoon {
  path: string;
  title: string;
  description: string;
}

export const COMING_SOON: ComingSoon[] = [
  {
    path: '/privacy',
    title: 'Privacy',
    description: 'Data export and deletion requests, consent records and retention settings for your customers’ data.',
  },
];

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
