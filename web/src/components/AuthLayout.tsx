import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from './Brand';

/** Centered card used by the public auth pages. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
  width = 440,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
}) {
  return (
    <Box className="wm-auth-bg">
      <Center py={48} px="md">
        <Stack w="100%" maw={width} gap="lg">
          <Center>
            <Brand to="/signin" />
          </Center>
          <Paper withBorder shadow="sm" p="xl">
            <Stack gap={4} mb="lg">
              <Title order={2} data-testid="page-title">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              )}
            </Stack>
            {children}
          </Paper>
          {footer && (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          )}
        </Stack>
      </Center>
    </Box>
  );
}
