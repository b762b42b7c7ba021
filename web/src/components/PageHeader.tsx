import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap">
      {/* The title block takes the row, so the actions sit beside it when there is room (they wrapped under a long description, a row of height lost on every page — on the inbox, the thread's). */}
      <Stack gap={4} style={{ flex: '1 1 320px', minWidth: 0 }}>
        <Title order={2} data-testid="page-title">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions}
    </Group>
  );
}
