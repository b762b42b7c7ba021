import { Group, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { LogoMark } from './icons';

export function Brand({ to = '/' }: { to?: string }) {
  return (
    <Link to={to} style={{ textDecoration: 'none', color: 'inherit' }} aria-label="West Message home">
      <Group gap={8} wrap="nowrap">
        <LogoMark />
        <Text fw={700} size="lg" c="west.9">
          West Message
        </Text>
      </Group>
    </Link>
  );
}
